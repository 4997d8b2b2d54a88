using ClinicApp.Common;
using ClinicApp.Data;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Care;
using ClinicApp.Features.Messaging;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Hospitalizations;

/// <summary>An admission as the vet asks for it. Without a bed the patient waits for one.</summary>
public sealed class AdmitInput
{
    public Guid PetId { get; set; }

    public Guid? BedId { get; set; }

    public string? Reason { get; set; }

    public HospitalizationPriority Priority { get; set; } = HospitalizationPriority.Medium;

    /// <summary>Infectious: only an isolation ward may hold the patient.</summary>
    public bool Biohazard { get; set; }

    /// <summary>Null: the admitting vet (the signed-in veterinarian).</summary>
    public Guid? ResponsibleVetId { get; set; }

    public Guid? ConsultationId { get; set; }
}

/// <summary>A note as shown; the author's form of address is read from their account today (the note keeps the role).</summary>
public sealed record ProgressNoteRow(Guid Id, DateTime At, string AuthorName, string AuthorRole, string Text, UserGender AuthorGender = UserGender.Unspecified);

/// <summary>A stay with everything its page shows; times UTC.</summary>
public sealed record StayDetails(
    Guid Id,
    Guid PetId,
    string PetName,
    Species Species,
    Guid TutorId,
    string TutorName,
    string? TutorPhone,
    Guid? BedId,
    string? BedName,
    string? WardName,
    bool IsolationWard,
    HospitalizationPriority Priority,
    HospitalizationStatus Status,
    bool Biohazard,
    string Reason,
    DateTime AdmittedAt,
    DateTime? EndedAt,
    string? DischargeSummary,
    Guid AdmittingVetId,
    string AdmittingVetName,
    Guid ResponsibleVetId,
    string ResponsibleVetName,
    Guid? ConsultationId,
    IReadOnlyList<ProgressNoteRow> Notes,
    string? DischargeInstructions = null)
{
    public bool IsActive => Status is HospitalizationStatus.Waiting or HospitalizationStatus.InCare;

    public int DaysIn(DateTime nowUtc, TimeZoneInfo zone) => StayDays.Count(AdmittedAt, EndedAt ?? nowUtc, zone);
}

/// <summary>A stay in a list (a vet's patients, a pet's stays); times UTC.</summary>
public sealed record StaySummary(
    Guid Id,
    Guid PetId,
    string PetName,
    Species Species,
    string? BedName,
    string? WardName,
    HospitalizationPriority Priority,
    HospitalizationStatus Status,
    bool Biohazard,
    string Reason,
    DateTime AdmittedAt,
    DateTime? EndedAt,
    int LateDoses);

public sealed record FreeBed(Guid BedId, string BedName, Guid WardId, string WardName, bool IsIsolation);

/// <summary>Admissions, bed moves, priority, progress notes and the end of a stay. The database keeps
/// one live stay per bed and per pet (unique keys); this service turns a refusal into a message naming
/// who is in the bed or where the pet already is. Every change is announced as <see cref="CareChanged"/>.</summary>
public sealed class HospitalizationService(ClinicDbFactory dbFactory, CurrentActor actor, HospitalTime hospitalTime, HospitalEvents events, IEnumerable<IStayObserver> observers,
    TenantContext tenant, WhatsAppOutbox whatsApp, ILogger<HospitalizationService> logger)
{
    public static readonly int MaxNoteLength = TextLimits.Of<ProgressNote>(n => n.Text);

    public static readonly int MaxInstructionsLength = TextLimits.Of<Hospitalization>(h => h.DischargeInstructions);

    public async Task<Guid> AdmitAsync(AdmitInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.Clinical);
        if (!Enum.IsDefined(input.Priority))
        {
            throw new DomainRuleException("Hospitalization.Error.Priority");
        }

        var reason = TypedText.Clean(input.Reason) ?? throw new DomainRuleException("Hospitalization.Error.ReasonRequired");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pet = await db.Pets.AsNoTracking().FirstOrDefaultAsync(p => p.Id == input.PetId, ct)
            ?? throw new DomainRuleException("Hospitalization.Error.PetRequired");
        if (pet.Deceased)
        {
            throw new DomainRuleException("Hospitalization.Error.PetDeceased", pet.Name);
        }

        var vetId = input.ResponsibleVetId ?? (actor.IsInAnyRole(Roles.Veterinarian) ? actor.UserId : null)
            ?? throw new DomainRuleException("Hospitalization.Error.VetRequired");
        if (!await IsActiveVetAsync(db, vetId, ct))
        {
            throw new DomainRuleException("Hospitalization.Error.VetRequired");
        }

        if (input.ConsultationId is { } consultation && !await db.Consultations.AnyAsync(c => c.Id == consultation && c.PetId == pet.Id, ct))
        {
            throw new DomainRuleException("Common.Error.NotFound");
        }

        await EnsureNotInHospitalAsync(db, pet.Id, pet.Name, ct);
        if (input.BedId is { } bedId)
        {
            await EnsureBedTakesAsync(db, bedId, input.Biohazard, null, ct);
        }

        var stay = new Data.Clinical.Hospitalization
        {
            PetId = pet.Id,
            TutorId = pet.TutorId,
            ConsultationId = input.ConsultationId,
            AdmittingVetId = actor.UserId ?? vetId,
            ResponsibleVetId = vetId,
            Reason = reason.Length > 2000 ? reason[..2000] : reason,
            Priority = input.Priority,
            Biohazard = input.Biohazard,
        };
        stay.Admit(input.BedId, hospitalTime.UtcNow);
        db.Hospitalizations.Add(stay);
        await SaveAsync(db, stay, pet.Name, ct);
        await events.PublishAsync(new CareChanged(stay.Id, stay.PetId, CareChange.Admitted));
        return stay.Id;
    }

    /// <summary>One click from a consultation: its pet, its diagnosis (else <paramref name="reason"/>) and
    /// its vet are carried over.</summary>
    public async Task<Guid> AdmitFromConsultationAsync(Guid consultationId, Guid? bedId, HospitalizationPriority priority, string? reason = null, bool biohazard = false, CancellationToken ct = default)
    {
        actor.Require(Roles.Clinical);
        Consultation consultation;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            consultation = await db.Consultations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == consultationId, ct)
                ?? throw new DomainRuleException("Common.Error.NotFound");
        }

        return await AdmitAsync(new AdmitInput
        {
            PetId = consultation.PetId,
            BedId = bedId,
            Reason = TypedText.Clean(consultation.Diagnosis) ?? reason,
            Priority = priority,
            Biohazard = biohazard,
            ResponsibleVetId = consultation.VeterinarianId,
            ConsultationId = consultation.Id,
        }, ct);
    }

    /// <summary>Moves the patient to another bed (a waiting patient thereby comes into care).</summary>
    public async Task MoveBedAsync(Guid id, Guid bedId, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stay = await LoadAsync(db, id, ct);
        if (stay.BedId == bedId)
        {
            return;
        }

        await EnsureBedTakesAsync(db, bedId, stay.Biohazard, stay.Id, ct);
        stay.MoveTo(bedId);
        var petName = await db.Pets.IgnoreQueryFilters().Where(p => p.Id == stay.PetId).Select(p => p.Name).FirstAsync(ct);
        await SaveAsync(db, stay, petName, ct);
        await events.PublishAsync(new CareChanged(stay.Id, stay.PetId, CareChange.BedMoved));
    }

    public async Task SetPriorityAsync(Guid id, HospitalizationPriority priority, CancellationToken ct = default)
    {
        actor.Require(Roles.Clinical);
        if (!Enum.IsDefined(priority))
        {
            throw new DomainRuleException("Hospitalization.Error.Priority");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stay = await LoadAsync(db, id, ct);
        if (stay.Priority == priority)
        {
            return;
        }

        stay.Priority = priority;
        await SaveAsync(db, stay, "", ct);
        await events.PublishAsync(new CareChanged(stay.Id, stay.PetId, CareChange.PriorityChanged));
    }

    /// <summary>Ends the stay (discharge or death) with its summary: the bed is free, the doses still to
    /// come are cancelled and, on death, the pet is recorded as deceased. The home-care
    /// <paramref name="instructions"/> (optional) are the tutor's: shown in the portal and printed on the
    /// discharge document.</summary>
    public async Task DischargeAsync(Guid id, HospitalizationStatus outcome, string? summary, string? instructions = null, CancellationToken ct = default)
    {
        actor.Require(Roles.Clinical);
        if (outcome is not (HospitalizationStatus.Discharged or HospitalizationStatus.Deceased))
        {
            throw new DomainRuleException("Hospitalization.Error.Outcome");
        }

        var homeCare = TypedText.Clean(instructions);
        if (homeCare?.Length > MaxInstructionsLength)
        {
            throw new DomainRuleException("Hospitalization.Error.InstructionsTooLong", MaxInstructionsLength);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stay = await db.Hospitalizations.FirstOrDefaultAsync(h => h.Id == id, ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        var now = hospitalTime.UtcNow;
        stay.End(outcome, summary ?? "", now);
        stay.DischargeInstructions = homeCare;

        var pending = await db.MedicationAdministrations
            .Where(a => a.HospitalizationId == id && a.Status == AdministrationStatus.Scheduled && a.DueAt > now)
            .ToListAsync(ct);
        pending.ForEach(a => a.Cancel());

        // The stay's medicines stop with it: no item shows as running on a discharged patient.
        var running = await (from i in db.PrescriptionItems
                             join p in db.Prescriptions on i.PrescriptionId equals p.Id
                             where p.HospitalizationId == id && i.Status == PrescriptionItemStatus.Active
                             select i).ToListAsync(ct);
        running.ForEach(i => i.Suspend(null, now));

        if (outcome == HospitalizationStatus.Deceased && await db.Pets.FirstOrDefaultAsync(p => p.Id == stay.PetId, ct) is { Deceased: false } pet)
        {
            pet.Deceased = true;
            pet.DeceasedOn = DateOnly.FromDateTime(hospitalTime.ToLocal(now));
        }

        // A discharged patient's tutor gets the follow-up message (when they can be reached), saved with
        // the discharge; never after a death.
        var followUp = outcome == HospitalizationStatus.Discharged
            ? await TutorWhatsApp.QueueAsync(db, tenant.Tenant, stay.TutorId, stay.PetId, MessageKind.FollowUp, ct: ct)
            : null;
        await SaveAsync(db, stay, "", ct);
        if (followUp?.Row is not null)
        {
            whatsApp.Wake();
        }

        await events.PublishAsync(new CareChanged(stay.Id, stay.PetId, CareChange.Discharged));
        await Observers.NotifyAsync(observers, o => o.StayEndedAsync(stay.Id, ct), logger, stay.Id);
    }

    /// <summary>A progress note (evolução) by a vet or a nurse, signed with their name and role.</summary>
    public async Task<Guid> AddNoteAsync(Guid id, string? text, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        var clean = TypedText.Clean(text) ?? throw new DomainRuleException("Hospitalization.Error.NoteRequired");
        if (clean.Length > MaxNoteLength)
        {
            throw new DomainRuleException("Hospitalization.Error.NoteTooLong", MaxNoteLength);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stay = await db.Hospitalizations.AsNoTracking().Where(h => h.Id == id).Select(h => new { h.PetId, h.Status }).FirstOrDefaultAsync(ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        if (stay.Status is not (HospitalizationStatus.Waiting or HospitalizationStatus.InCare))
        {
            throw new DomainRuleException("Hospitalization.Error.Closed");
        }

        var authorName = actor.UserId is { } userId
            ? await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct)
            : null;
        var note = new ProgressNote
        {
            HospitalizationId = id,
            At = hospitalTime.UtcNow,
            AuthorId = actor.UserId,
            AuthorName = string.IsNullOrWhiteSpace(authorName) ? actor.Name : authorName,
            AuthorRole = actor.IsInAnyRole(Roles.Veterinarian) ? Roles.Veterinarian : actor.IsInAnyRole(Roles.Nurse) ? Roles.Nurse : Roles.Admin,
            Text = clean,
        };
        db.ProgressNotes.Add(note);
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(new CareChanged(id, stay.PetId, CareChange.NoteAdded));
        return note.Id;
    }

    public async Task<StayDetails?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await (from h in db.Hospitalizations.AsNoTracking()
                         where h.Id == id
                         join p in db.Pets.IgnoreQueryFilters() on h.PetId equals p.Id
                         join t in db.Tutors.IgnoreQueryFilters() on h.TutorId equals t.Id
                         join b in db.Beds on h.BedId equals b.Id into beds
                         from b in beds.DefaultIfEmpty()
                         join w in db.Wards on b.WardId equals w.Id into wards
                         from w in wards.DefaultIfEmpty()
                         join av in db.Users on h.AdmittingVetId equals av.Id into admitting
                         from av in admitting.DefaultIfEmpty()
                         join rv in db.Users on h.ResponsibleVetId equals rv.Id into responsible
                         from rv in responsible.DefaultIfEmpty()
                         select new
                         {
                             Stay = h,
                             PetName = p.Name,
                             p.Species,
                             TutorName = t.Name,
                             t.Phone,
                             BedName = b == null ? null : b.Name,
                             WardName = w == null ? null : w.Name,
                             Isolation = w != null && w.IsIsolation,
                             AdmittingName = av == null ? null : av.DisplayName,
                             ResponsibleName = rv == null ? null : rv.DisplayName,
                         }).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var notes = await (from n in db.ProgressNotes.AsNoTracking()
                           where n.HospitalizationId == id
                           join u in db.Users on n.AuthorId equals u.Id into authors
                           from u in authors.DefaultIfEmpty()
                           orderby n.At descending, n.Id descending
                           select new ProgressNoteRow(n.Id, n.At, n.AuthorName, n.AuthorRole, n.Text, u == null ? UserGender.Unspecified : u.Gender))
            .ToListAsync(ct);
        var s = row.Stay;
        return new StayDetails(
            s.Id, s.PetId, row.PetName, row.Species, s.TutorId, row.TutorName, row.Phone, s.BedId, row.BedName, row.WardName, row.Isolation,
            s.Priority, s.Status, s.Biohazard, s.Reason, s.AdmittedAt, s.EndedAt, s.DischargeSummary,
            s.AdmittingVetId, row.AdmittingName ?? "—", s.ResponsibleVetId, row.ResponsibleName ?? "—", s.ConsultationId, notes, s.DischargeInstructions);
    }

    /// <summary>The live stays a vet is responsible for, most urgent first, with their late doses.</summary>
    public async Task<IReadOnlyList<StaySummary>> ActiveForVetAsync(Guid vetId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var list = await SummariesAsync(db, db.Hospitalizations.Where(h => h.ResponsibleVetId == vetId && h.ActivePetId != null), withLate: true, ct);
        return list.OrderByDescending(s => s.Priority).ThenBy(s => s.AdmittedAt).ToList();
    }

    /// <summary>The pet's live stay, if it is in hospital.</summary>
    public async Task<StaySummary?> ActiveForPetAsync(Guid petId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await SummariesAsync(db, db.Hospitalizations.Where(h => h.ActivePetId == petId), withLate: true, ct)).FirstOrDefault();
    }

    /// <summary>Every stay of a pet, newest first.</summary>
    public async Task<IReadOnlyList<StaySummary>> OfPetAsync(Guid petId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var list = await SummariesAsync(db, db.Hospitalizations.Where(h => h.PetId == petId), withLate: false, ct);
        return list.OrderByDescending(s => s.AdmittedAt).ToList();
    }

    /// <summary>Active beds of active wards with nobody in them (isolation wards flagged).</summary>
    public async Task<IReadOnlyList<FreeBed>> FreeBedsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from b in db.Beds.AsNoTracking()
                      join w in db.Wards on b.WardId equals w.Id
                      where b.IsActive && w.IsActive && !db.Hospitalizations.Any(h => h.OccupiedBedId == b.Id)
                      orderby w.Order, w.Name, b.Order, b.Name
                      select new FreeBed(b.Id, b.Name, w.Id, w.Name, w.IsIsolation)).ToListAsync(ct);
    }

    private async Task<List<StaySummary>> SummariesAsync(ClinicDbContext db, IQueryable<Data.Clinical.Hospitalization> stays, bool withLate, CancellationToken ct)
    {
        var rows = await (from h in stays.AsNoTracking()
                          join p in db.Pets.IgnoreQueryFilters() on h.PetId equals p.Id
                          join b in db.Beds on h.BedId equals b.Id into beds
                          from b in beds.DefaultIfEmpty()
                          join w in db.Wards on b.WardId equals w.Id into wards
                          from w in wards.DefaultIfEmpty()
                          select new
                          {
                              h.Id, h.PetId, PetName = p.Name, p.Species, BedName = b == null ? null : b.Name, WardName = w == null ? null : w.Name,
                              h.Priority, h.Status, h.Biohazard, h.Reason, h.AdmittedAt, h.EndedAt,
                          }).ToListAsync(ct);
        var late = new Dictionary<Guid, int>();
        if (withLate && rows.Count > 0)
        {
            var ids = rows.Select(r => r.Id).ToList();
            var lateBefore = hospitalTime.UtcNow.AddMinutes(-(await ToleranceMinutesAsync(db, ct)));
            late = await db.MedicationAdministrations.AsNoTracking()
                .Where(a => ids.Contains(a.HospitalizationId) && a.Status == AdministrationStatus.Scheduled && a.DueAt <= lateBefore)
                .GroupBy(a => a.HospitalizationId)
                .Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        }

        return rows.Select(r => new StaySummary(r.Id, r.PetId, r.PetName, r.Species, r.BedName, r.WardName, r.Priority, r.Status, r.Biohazard,
            r.Reason, r.AdmittedAt, r.EndedAt, late.GetValueOrDefault(r.Id))).ToList();
    }

    internal static async Task<int> ToleranceMinutesAsync(ClinicDbContext db, CancellationToken ct) =>
        (await db.CareSettings.AsNoTracking().Select(s => (int?)s.DoseToleranceMinutes).FirstOrDefaultAsync(ct)) ?? new CareSettings().DoseToleranceMinutes;

    private static async Task<Data.Clinical.Hospitalization> LoadAsync(ClinicDbContext db, Guid id, CancellationToken ct)
    {
        var stay = await db.Hospitalizations.FirstOrDefaultAsync(h => h.Id == id, ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        if (!stay.IsActive)
        {
            throw new DomainRuleException("Hospitalization.Error.Closed");
        }

        return stay;
    }

    private static Task<bool> IsActiveVetAsync(ClinicDbContext db, Guid userId, CancellationToken ct) =>
        (from u in db.Users
         join ur in db.UserRoles on u.Id equals ur.UserId
         join r in db.Roles on ur.RoleId equals r.Id
         where u.Id == userId && u.IsActive && r.Name == Roles.Veterinarian
         select u.Id).AnyAsync(ct);

    /// <summary>Refuses a pet already in hospital, saying where it is.</summary>
    private static async Task EnsureNotInHospitalAsync(ClinicDbContext db, Guid petId, string petName, CancellationToken ct)
    {
        var live = await (from h in db.Hospitalizations.AsNoTracking()
                          where h.ActivePetId == petId
                          join b in db.Beds on h.BedId equals b.Id into beds
                          from b in beds.DefaultIfEmpty()
                          select new { BedName = b == null ? null : b.Name }).FirstOrDefaultAsync(ct);
        if (live is not null)
        {
            throw live.BedName is { } bed
                ? new DomainRuleException("Hospitalization.Error.AlreadyAdmitted", petName, bed)
                : new DomainRuleException("Hospitalization.Error.AlreadyWaiting", petName);
        }
    }

    /// <summary>Refuses a bed that is inactive, taken by another patient (named), or not in an isolation
    /// ward for a biohazard patient.</summary>
    private static async Task EnsureBedTakesAsync(ClinicDbContext db, Guid bedId, bool biohazard, Guid? stayId, CancellationToken ct)
    {
        var bed = await db.Beds.AsNoTracking().Where(b => b.Id == bedId)
            .Select(b => new { b.Name, b.IsActive, WardActive = b.Ward!.IsActive, b.Ward.IsIsolation }).FirstOrDefaultAsync(ct);
        if (bed is null || !bed.IsActive || !bed.WardActive)
        {
            throw new DomainRuleException("Hospitalization.Error.BedUnavailable");
        }

        if (biohazard && !bed.IsIsolation)
        {
            throw new DomainRuleException("Hospitalization.Error.IsolationRequired", bed.Name);
        }

        if (await OccupantAsync(db, bedId, stayId, ct) is { } occupant)
        {
            throw new DomainRuleException("Hospitalization.Error.BedOccupied", bed.Name, occupant);
        }
    }

    private static Task<string?> OccupantAsync(ClinicDbContext db, Guid bedId, Guid? exceptStayId, CancellationToken ct) =>
        (from h in db.Hospitalizations.AsNoTracking()
         where h.OccupiedBedId == bedId && h.Id != exceptStayId
         join p in db.Pets.IgnoreQueryFilters() on h.PetId equals p.Id
         select p.Name).FirstOrDefaultAsync(ct);

    /// <summary>Saves; a unique-key refusal means someone took the bed (or admitted the pet) a moment ago.</summary>
    private async Task SaveAsync(ClinicDbContext db, Data.Clinical.Hospitalization stay, string petName, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("Common.Error.Concurrency");
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            if (stay.OccupiedBedId is { } bedId && await OccupantAsync(fresh, bedId, stay.Id, ct) is { } occupant)
            {
                var bedName = await fresh.Beds.AsNoTracking().Where(b => b.Id == bedId).Select(b => b.Name).FirstAsync(ct);
                throw new DomainRuleException("Hospitalization.Error.BedOccupied", bedName, occupant);
            }

            await EnsureNotInHospitalAsync(fresh, stay.PetId, petName, ct);
            throw new DomainRuleException("Hospitalization.Error.BedTaken");
        }
    }
}
