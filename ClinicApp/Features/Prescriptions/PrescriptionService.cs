using System.Globalization;
using ClinicApp.Data;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Care;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Prescriptions;

/// <summary>One prescribed medicine as lists show it, with what became of its schedule. Times are the
/// hospital's wall clock.</summary>
public sealed record PrescriptionItemRow(
    Guid Id,
    Guid Version,
    Guid PrescriptionId,
    PrescriptionKind Kind,
    Guid PetId,
    Guid? HospitalizationId,
    Guid? ConsultationId,
    DateTime IssuedAt,
    string VeterinarianName,
    Guid? MedicationId,
    string MedicationName,
    Presentation? Presentation,
    DoseMode DoseMode,
    decimal? DoseMgPerKg,
    decimal DoseMg,
    decimal? DoseVolume,
    bool AboveSafeRange,
    DoseRoute Route,
    int EveryHours,
    int DurationDays,
    DateTime FirstDoseAt,
    string? Instructions,
    PrescriptionItemStatus Status,
    DateTime? StoppedAt,
    string? StopReason,
    Guid? ReplacesId,
    Guid? ReplacedById,
    DateTime? NextDoseAt,
    int LateDoses)
{
    public bool IsActive => Status == PrescriptionItemStatus.Active;

    /// <summary>An active hospital item with no dose left to give: the course is over ("Concluído"),
    /// not "active with no next dose".</summary>
    public bool IsFinished => IsActive && Kind == PrescriptionKind.Hospital && NextDoseAt is null;

    /// <summary>The item as the change dialog starts from it (first dose: the next one due).</summary>
    public PrescriptionItemInput ToInput(DateTime defaultFirstDose) => new()
    {
        MedicationId = MedicationId,
        MedicationName = MedicationName,
        DoseMode = DoseMode,
        Amount = DoseMode == DoseMode.PerKg ? DoseMgPerKg : DoseMg,
        Route = Route,
        EveryHours = EveryHours,
        DurationDays = DurationDays,
        FirstDose = NextDoseAt ?? defaultFirstDose,
        Instructions = Instructions,
    };
}

/// <summary>A prescription with the names its receituário prints.</summary>
public sealed record PrescriptionDetails(
    Prescription Prescription,
    IReadOnlyList<PrescriptionItemRow> Items,
    string PetName,
    Species Species,
    string? Breed,
    string TutorName,
    string? TutorCpf,
    string VeterinarianName);

/// <summary>What the prescription dialog needs once: the weight doses are computed with.</summary>
public sealed record PrescribingContext(decimal? WeightKg, Guid? ActiveStayId);

/// <summary>Prescriptions: doses computed at prescribing (mg/kg × the latest weight) and kept; a hospital
/// prescription schedules its administrations (the RAM) for the whole course in the same save; suspending or
/// changing an item cancels its future doses and keeps the past. Veterinarians and admins write.</summary>
public sealed class PrescriptionService(ClinicDbFactory dbFactory, CurrentActor actor, HospitalTime hospitalTime, HospitalEvents events)
{
    /// <summary>How far back a first dose may be charted (a dose given a little before the prescription was typed).</summary>
    public static readonly TimeSpan FirstDoseBackLimit = TimeSpan.FromHours(12);

    /// <summary>How far ahead a course may start.</summary>
    public static readonly TimeSpan FirstDoseAheadLimit = TimeSpan.FromDays(30);

    /// <summary>The live dose of the dialog. Pure: the caller has the weight and the medicine.</summary>
    public static DosePreview PreviewDose(PrescriptionItemInput item, decimal? weightKg, Medication? medication, PrescriptionKind kind, TimeZoneInfo zone)
    {
        DoseResult? dose = null;
        DomainRuleException? refusal = null;
        try
        {
            dose = DoseCalculator.Compute(item.DoseMode, item.Amount ?? 0, weightKg, medication);
        }
        catch (DomainRuleException e)
        {
            refusal = e;
        }

        int? count = null;
        if (kind == PrescriptionKind.Hospital && item.FirstDose is { } first
            && item.EveryHours is >= 1 and <= DoseSchedule.MaxEveryHours && item.DurationDays is >= 1 and <= DoseSchedule.MaxDurationDays)
        {
            count = DoseSchedule.Times(HospitalTime.ToUtc(first, zone), item.EveryHours, item.DurationDays, zone).Count;
        }

        return new DosePreview(dose, refusal, count);
    }

    /// <summary>The weight the dialog computes with (the consultation's if typed, else the pet's latest) and the pet's active stay.</summary>
    public async Task<PrescribingContext> ContextAsync(Guid petId, Guid? consultationId, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stay = await db.Hospitalizations.AsNoTracking()
            .Where(h => h.PetId == petId && (h.Status == HospitalizationStatus.Waiting || h.Status == HospitalizationStatus.InCare))
            .Select(h => (Guid?)h.Id).FirstOrDefaultAsync(ct);
        return new PrescribingContext(await WeightAsync(db, petId, consultationId, ct), stay);
    }

    /// <summary>The dose an item would get now (same rules as <see cref="CreateAsync"/>).</summary>
    public async Task<DosePreview> PreviewAsync(Guid petId, Guid? consultationId, PrescriptionKind kind, PrescriptionItemInput item, CancellationToken ct = default)
    {
        var context = await ContextAsync(petId, consultationId, ct);
        Medication? medication = null;
        if (item.MedicationId is { } medicationId)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            medication = await db.Medications.AsNoTracking().FirstOrDefaultAsync(m => m.Id == medicationId, ct);
        }

        return PreviewDose(item, context.WeightKg, medication, kind, hospitalTime.Zone);
    }

    /// <summary>Writes a prescription. A hospital one needs an active stay of the pet and schedules every dose
    /// of every item in the same save. A dose above the safe range needs the vet's confirmation.</summary>
    public async Task<Guid> CreateAsync(PrescriptionInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.Clinical);
        var vet = actor.UserId ?? throw new DomainRuleException("Common.Error.NotAllowed");
        if (!Enum.IsDefined(input.Kind))
        {
            throw new DomainRuleException("Prescription.Error.Choice");
        }

        if (input.Items.Count == 0)
        {
            throw new DomainRuleException("Prescription.Error.NoItems");
        }

        foreach (var item in input.Items)
        {
            item.Validate(input.Kind);
        }

        var notes = TypedText.Clean(input.Notes);
        if (notes?.Length > 4000)
        {
            throw new DomainRuleException("Prescription.Error.InstructionsLength", 4000);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pet = await db.Pets.AsNoTracking().FirstOrDefaultAsync(p => p.Id == input.PetId, ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        if (pet.Deceased)
        {
            throw new DomainRuleException("Prescription.Error.PetDeceased", pet.Name);
        }

        if (input.ConsultationId is { } consultationId && !await db.Consultations.AnyAsync(c => c.Id == consultationId && c.PetId == pet.Id, ct))
        {
            throw new DomainRuleException("Common.Error.NotFound");
        }

        var stay = await StayAsync(db, pet.Id, input.HospitalizationId, input.Kind, ct);
        var weight = await WeightAsync(db, pet.Id, input.ConsultationId, ct);
        var prescription = new Prescription
        {
            PetId = pet.Id,
            TutorId = pet.TutorId,
            VeterinarianId = vet,
            ConsultationId = input.ConsultationId,
            HospitalizationId = stay?.Id,
            Kind = input.Kind,
            IssuedAt = hospitalTime.UtcNow,
            WeightKg = weight,
            Notes = notes,
        };
        foreach (var itemInput in input.Items)
        {
            var item = await PrescribeAsync(db, prescription, itemInput, weight, ct);
            db.PrescriptionItems.Add(item);
            if (input.Kind == PrescriptionKind.Hospital && stay is not null)
            {
                db.MedicationAdministrations.AddRange(AdministrationPlan.For(item, stay.Id, pet.Id, hospitalTime.Zone));
            }
        }

        db.Prescriptions.Add(prescription);
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(new CareChanged(stay?.Id, pet.Id, CareChange.PrescriptionChanged));
        return prescription.Id;
    }

    /// <summary>Stops an item: its doses still to come are cancelled; the past (given, not given, and doses
    /// still open from before now) is kept.</summary>
    public async Task SuspendItemAsync(Guid itemId, string? reason, CancellationToken ct = default)
    {
        actor.Require(Roles.Clinical);
        var why = Reason(reason);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (item, prescription) = await LoadActiveItemAsync(db, itemId, ct);
        var now = hospitalTime.UtcNow;
        item.Suspend(why, now);
        await CancelFutureDosesAsync(db, item.Id, now, ct);
        await SaveItemChangeAsync(db, ct);
        await events.PublishAsync(new CareChanged(prescription.HospitalizationId, prescription.PetId, CareChange.PrescriptionChanged));
    }

    /// <summary>Changes an item (dose, frequency, duration…): the old one is Replaced and its doses to come are
    /// cancelled; the new one replaces it with its own schedule from its first dose. One save. Returns the new item.</summary>
    public async Task<Guid> ChangeItemAsync(Guid itemId, PrescriptionItemInput input, string? reason, CancellationToken ct = default)
    {
        actor.Require(Roles.Clinical);
        var why = Reason(reason);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (old, prescription) = await LoadActiveItemAsync(db, itemId, ct);
        input.Validate(prescription.Kind);
        Hospitalization? stay = null;
        if (prescription.Kind == PrescriptionKind.Hospital)
        {
            stay = await db.Hospitalizations.AsNoTracking().FirstOrDefaultAsync(h => h.Id == prescription.HospitalizationId, ct);
            if (stay is not { IsActive: true })
            {
                throw new DomainRuleException("Prescription.Error.NoActiveStay");
            }
        }

        var weight = await WeightAsync(db, prescription.PetId, prescription.ConsultationId, ct);
        var replacement = await PrescribeAsync(db, prescription, input, weight, ct);
        var now = hospitalTime.UtcNow;
        old.ReplaceWith(replacement, why, now);
        await CancelFutureDosesAsync(db, old.Id, now, ct);
        db.PrescriptionItems.Add(replacement);
        if (stay is not null)
        {
            db.MedicationAdministrations.AddRange(AdministrationPlan.For(replacement, stay.Id, prescription.PetId, hospitalTime.Zone));
        }

        await SaveItemChangeAsync(db, ct);
        await events.PublishAsync(new CareChanged(prescription.HospitalizationId, prescription.PetId, CareChange.PrescriptionChanged));
        return replacement.Id;
    }

    public Task<IReadOnlyList<PrescriptionItemRow>> ForStayAsync(Guid stayId, CancellationToken ct = default) =>
        RowsAsync(p => p.HospitalizationId == stayId, ct);

    public Task<IReadOnlyList<PrescriptionItemRow>> ForPetAsync(Guid petId, CancellationToken ct = default) =>
        RowsAsync(p => p.PetId == petId, ct);

    public Task<IReadOnlyList<PrescriptionItemRow>> ForConsultationAsync(Guid consultationId, CancellationToken ct = default) =>
        RowsAsync(p => p.ConsultationId == consultationId, ct);

    public async Task<PrescriptionDetails?> GetAsync(Guid id, CancellationToken ct = default)
    {
        actor.Require(Roles.Staff);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var prescription = await db.Prescriptions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        return prescription is null ? null : await DetailsAsync(db, prescription, ct);
    }

    /// <summary>For the tutor's portal: an outpatient prescription (the receituário they take home; a
    /// hospital prescription is the team's order, not a document of theirs) issued to
    /// <paramref name="tutorId"/> for a pet that is still theirs; null otherwise. The portal passes the
    /// signed-in tutor from its PortalAccess, never an id a page gave it.</summary>
    public async Task<PrescriptionDetails?> OfTutorAsync(Guid id, Guid tutorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var prescription = await db.Prescriptions.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == id && p.TutorId == tutorId && p.Kind == PrescriptionKind.Outpatient
                && db.Pets.Any(pet => pet.Id == p.PetId && pet.TutorId == tutorId), ct);
        return prescription is null ? null : await DetailsAsync(db, prescription, ct);
    }

    private async Task<PrescriptionDetails> DetailsAsync(ClinicDbContext db, Prescription prescription, CancellationToken ct)
    {
        var id = prescription.Id;
        var pet = await db.Pets.IgnoreQueryFilters().AsNoTracking().Where(p => p.Id == prescription.PetId)
            .Select(p => new { p.Name, p.Species, p.Breed }).FirstAsync(ct);
        var tutor = await db.Tutors.IgnoreQueryFilters().AsNoTracking().Where(t => t.Id == prescription.TutorId)
            .Select(t => new { t.Name, t.Cpf }).FirstAsync(ct);
        var vet = await db.Users.AsNoTracking().Where(u => u.Id == prescription.VeterinarianId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        var items = await RowsAsync(db, p => p.Id == id, ct);
        return new PrescriptionDetails(prescription, items, pet.Name, pet.Species, pet.Breed, tutor.Name, tutor.Cpf, vet ?? "—");
    }

    /// <summary>Checks an item against the catalogue and computes its dose with <paramref name="weightKg"/>.</summary>
    private async Task<PrescriptionItem> PrescribeAsync(ClinicDbContext db, Prescription prescription, PrescriptionItemInput input, decimal? weightKg, CancellationToken ct)
    {
        Medication? medication = null;
        if (input.MedicationId is { } medicationId)
        {
            medication = await db.Medications.AsNoTracking().FirstOrDefaultAsync(m => m.Id == medicationId, ct)
                ?? throw new DomainRuleException("Prescription.Error.MedicationRequired");
            if (!medication.IsActive)
            {
                throw new DomainRuleException("Prescription.Error.MedicationInactive", medication.Name);
            }
        }

        var firstDoseUtc = hospitalTime.ToUtc(input.FirstDose!.Value);
        var now = hospitalTime.UtcNow;
        if (firstDoseUtc < now - FirstDoseBackLimit || firstDoseUtc > now + FirstDoseAheadLimit)
        {
            throw new DomainRuleException("Prescription.Error.FirstDose", (int)FirstDoseBackLimit.TotalHours, (int)FirstDoseAheadLimit.TotalDays);
        }

        return Prescribe(prescription.Id, input, medication, weightKg, firstDoseUtc);
    }

    /// <summary>The item as it is kept: mg and volume computed now, above the safe range only if confirmed. Pure.</summary>
    public static PrescriptionItem Prescribe(Guid prescriptionId, PrescriptionItemInput input, Medication? medication, decimal? weightKg, DateTime firstDoseUtc)
    {
        var name = medication?.Name ?? TypedText.Clean(input.MedicationName) ?? throw new DomainRuleException("Prescription.Error.MedicationRequired");
        var dose = DoseCalculator.Compute(input.DoseMode, input.Amount ?? 0, weightKg, medication);
        if (dose.AboveSafeRange && !input.ConfirmAboveSafeRange)
        {
            throw new DomainRuleException(
                "Prescription.Error.AboveSafeRange", name,
                Number(dose.MgPerKg ?? 0), Number(medication?.MaxDoseMgPerKg ?? 0));
        }

        return new PrescriptionItem
        {
            PrescriptionId = prescriptionId,
            MedicationId = medication?.Id,
            MedicationName = name,
            DoseMode = input.DoseMode,
            DoseMgPerKg = input.DoseMode == DoseMode.PerKg ? input.Amount : dose.MgPerKg,
            DoseMg = dose.DoseMg,
            DoseVolume = dose.Volume,
            AboveSafeRange = dose.AboveSafeRange,
            Route = input.Route,
            EveryHours = input.EveryHours,
            DurationDays = input.DurationDays,
            FirstDoseAt = firstDoseUtc,
            Instructions = TypedText.Clean(input.Instructions),
        };
    }

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.CurrentCulture);

    private static string Reason(string? reason)
    {
        var why = TypedText.Clean(reason) ?? throw new DomainRuleException("Prescription.Error.ReasonRequired");
        return why.Length > 1000 ? throw new DomainRuleException("Prescription.Error.InstructionsLength", 1000) : why;
    }

    private static async Task<Hospitalization?> StayAsync(ClinicDbContext db, Guid petId, Guid? stayId, PrescriptionKind kind, CancellationToken ct)
    {
        if (stayId is null && kind == PrescriptionKind.Outpatient)
        {
            return null;
        }

        var query = db.Hospitalizations.AsNoTracking().Where(h => h.PetId == petId);
        var stay = stayId is { } id
            ? await query.FirstOrDefaultAsync(h => h.Id == id, ct)
            : await query.FirstOrDefaultAsync(h => h.Status == HospitalizationStatus.Waiting || h.Status == HospitalizationStatus.InCare, ct);
        if (kind == PrescriptionKind.Hospital && stay is not { IsActive: true })
        {
            throw new DomainRuleException("Prescription.Error.NoActiveStay");
        }

        return stay ?? throw new DomainRuleException("Common.Error.NotFound");
    }

    /// <summary>The consultation's weight while it is open and has one typed, else the pet's latest weight.</summary>
    private static async Task<decimal?> WeightAsync(ClinicDbContext db, Guid petId, Guid? consultationId, CancellationToken ct)
    {
        if (consultationId is { } id)
        {
            var typed = await db.Consultations.AsNoTracking()
                .Where(c => c.Id == id && c.PetId == petId && c.Status == ConsultationStatus.InProgress)
                .Select(c => c.WeightKg).FirstOrDefaultAsync(ct);
            if (typed is > 0)
            {
                return typed;
            }
        }

        return await db.PetWeights.AsNoTracking().Where(w => w.PetId == petId)
            .OrderByDescending(w => w.MeasuredAt).Select(w => (decimal?)w.Kilograms).FirstOrDefaultAsync(ct);
    }

    private static async Task<(PrescriptionItem Item, Prescription Prescription)> LoadActiveItemAsync(ClinicDbContext db, Guid itemId, CancellationToken ct)
    {
        var item = await db.PrescriptionItems.FirstOrDefaultAsync(i => i.Id == itemId, ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        if (item.Status != PrescriptionItemStatus.Active)
        {
            throw new DomainRuleException("Prescription.Error.ItemNotActive", item.MedicationName, $"PrescriptionItemStatus.{item.Status}");
        }

        var prescription = await db.Prescriptions.AsNoTracking().FirstAsync(p => p.Id == item.PrescriptionId, ct);
        return (item, prescription);
    }

    private static async Task CancelFutureDosesAsync(ClinicDbContext db, Guid itemId, DateTime nowUtc, CancellationToken ct)
    {
        var future = await db.MedicationAdministrations
            .Where(a => a.PrescriptionItemId == itemId && a.Status == AdministrationStatus.Scheduled && a.DueAt >= nowUtc)
            .ToListAsync(ct);
        foreach (var dose in future)
        {
            dose.Cancel();
        }
    }

    /// <summary>Two vets changing one item (or a nurse recording one of its doses meanwhile): the first save
    /// wins, the other is told the item changed.</summary>
    private static async Task SaveItemChangeAsync(ClinicDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("Prescription.Error.ItemChanged");
        }
    }

    private async Task<IReadOnlyList<PrescriptionItemRow>> RowsAsync(System.Linq.Expressions.Expression<Func<Prescription, bool>> which, CancellationToken ct)
    {
        actor.Require(Roles.Staff);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RowsAsync(db, which, ct);
    }

    private async Task<IReadOnlyList<PrescriptionItemRow>> RowsAsync(ClinicDbContext db, System.Linq.Expressions.Expression<Func<Prescription, bool>> which, CancellationToken ct)
    {
        var rows = await (from p in db.Prescriptions.AsNoTracking().Where(which)
                          join i in db.PrescriptionItems.AsNoTracking() on p.Id equals i.PrescriptionId
                          join m in db.Medications.AsNoTracking() on i.MedicationId equals m.Id into meds
                          from m in meds.DefaultIfEmpty()
                          join u in db.Users.AsNoTracking() on p.VeterinarianId equals u.Id into vets
                          from u in vets.DefaultIfEmpty()
                          select new
                          {
                              Item = i,
                              p.Kind,
                              p.PetId,
                              p.HospitalizationId,
                              p.ConsultationId,
                              p.IssuedAt,
                              Vet = u == null ? null : u.DisplayName,
                              Presentation = m == null ? (Presentation?)null : m.Presentation,
                          })
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }

        var itemIds = rows.Select(r => r.Item.Id).ToList();
        var open = await db.MedicationAdministrations.AsNoTracking()
            .Where(a => itemIds.Contains(a.PrescriptionItemId) && a.Status == AdministrationStatus.Scheduled)
            .Select(a => new { a.PrescriptionItemId, a.DueAt })
            .ToListAsync(ct);
        var tolerance = await db.CareSettings.AsNoTracking().Select(s => (int?)s.DoseToleranceMinutes).FirstOrDefaultAsync(ct) ?? 30;
        var lateBefore = hospitalTime.UtcNow.AddMinutes(-tolerance);
        var byItem = open.GroupBy(a => a.PrescriptionItemId).ToDictionary(g => g.Key, g => (Next: g.Min(a => a.DueAt), Late: g.Count(a => a.DueAt < lateBefore)));

        return rows
            .OrderBy(r => r.Item.Status != PrescriptionItemStatus.Active)
            .ThenByDescending(r => r.IssuedAt)
            .ThenBy(r => r.Item.CreatedAt)
            .ThenBy(r => r.Item.Id)
            .Select(r =>
            {
                var i = r.Item;
                var schedule = byItem.TryGetValue(i.Id, out var s) ? s : ((DateTime Next, int Late)?)null;
                return new PrescriptionItemRow(
                    i.Id, i.Version, i.PrescriptionId, r.Kind, r.PetId, r.HospitalizationId, r.ConsultationId, hospitalTime.ToLocal(r.IssuedAt), r.Vet ?? "—",
                    i.MedicationId, i.MedicationName, r.Presentation, i.DoseMode, i.DoseMgPerKg, i.DoseMg, i.DoseVolume, i.AboveSafeRange, i.Route,
                    i.EveryHours, i.DurationDays, hospitalTime.ToLocal(i.FirstDoseAt), i.Instructions, i.Status,
                    i.StoppedAt is { } stopped ? hospitalTime.ToLocal(stopped) : null, i.StopReason, i.ReplacesId, i.ReplacedById,
                    schedule is { } sc ? hospitalTime.ToLocal(sc.Next) : null, schedule?.Late ?? 0);
            })
            .ToList();
    }
}
