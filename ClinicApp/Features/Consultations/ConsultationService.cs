using ClinicApp.Data;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Agenda;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Consultations;

/// <summary>A consultation as its page shows it: the SOAP draft with the patient's header facts.
/// Times are the hospital's wall clock.</summary>
public sealed record ConsultationView(
    Guid Id,
    Guid Version,
    ConsultationStatus Status,
    Pet Pet,
    string TutorName,
    Guid VeterinarianId,
    string VeterinarianName,
    Guid? AppointmentId,
    DateTime StartedAt,
    DateTime? CompletedAt,
    decimal? LatestWeightKg,
    DateTime? LatestWeightAt,
    ConsultationInput Soap)
{
    public bool IsCompleted => Status == ConsultationStatus.Completed;
}

/// <summary>One consultation in a pet's history (timeline).</summary>
public sealed record ConsultationRow(Guid Id, DateTime StartedAt, ConsultationStatus Status, string VeterinarianName, string? Diagnosis);

/// <summary>The SOAP consultation: started from an arrived appointment (which goes InProgress through the
/// agenda) or as a walk-in, saved as the vet types, completed once (which completes the appointment and
/// records the weight). Veterinarians and admins write; the care team reads.</summary>
public sealed class ConsultationService(ClinicDbFactory dbFactory, CurrentActor actor, HospitalTime hospitalTime, AgendaService agenda)
{
    /// <summary>Opens the consultation of an appointment, or returns the one it already has (a second tab,
    /// a double click). The appointment must have arrived (CheckedIn) or be in progress; it moves to
    /// InProgress and the consultation's vet is the appointment's.</summary>
    public async Task<Guid> StartFromAppointmentAsync(Guid appointmentId, CancellationToken ct = default)
    {
        actor.Require(Roles.Clinical);
        Appointment appointment;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await ExistingAsync(db, appointmentId, ct) is { } existing)
            {
                return existing;
            }

            appointment = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId, ct)
                ?? throw new DomainRuleException("Common.Error.NotFound");
        }

        if (appointment.Status != AppointmentStatus.InProgress && !AppointmentWorkflow.CanChange(appointment.Status, AppointmentStatus.InProgress))
        {
            throw new DomainRuleException("Consultation.Error.NotArrived", $"Appointment.Status.{appointment.Status}");
        }

        // The status first: if it fails (cancelled meanwhile) no consultation is left behind; if the insert
        // below fails, the appointment is InProgress and starting again still works.
        await agenda.ChangeStatusAsync(appointmentId, AppointmentStatus.InProgress, ct: ct);

        await using var save = await dbFactory.CreateDbContextAsync(ct);
        var consultation = New(appointment.PetId, appointment.TutorId, appointment.VeterinarianId);
        consultation.AppointmentId = appointmentId;
        save.Consultations.Add(consultation);
        try
        {
            await save.SaveChangesAsync(ct);
            return consultation.Id;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Another tab started it a moment ago: one appointment, one consultation.
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            return await ExistingAsync(fresh, appointmentId, ct) ?? throw new DomainRuleException("Common.Error.Concurrency");
        }
    }

    /// <summary>A consultation without an appointment (the patient walked in), for
    /// <paramref name="veterinarianId"/> (an active vet of the hospital) or, when null, the person starting it.</summary>
    public async Task<Guid> StartWalkInAsync(Guid petId, Guid? veterinarianId = null, CancellationToken ct = default)
    {
        actor.Require(Roles.Clinical);
        var vet = veterinarianId ?? actor.UserId ?? throw new DomainRuleException("Common.Error.NotAllowed");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (veterinarianId is not null
            && !(await agenda.VeterinariansAsync(ct)).Any(v => v.Id == vet))
        {
            throw new DomainRuleException("Consultation.Error.NotAVet");
        }

        var pet = await db.Pets.AsNoTracking().FirstOrDefaultAsync(p => p.Id == petId, ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        if (pet.Deceased)
        {
            throw new DomainRuleException("Consultation.Error.PetDeceased", pet.Name);
        }

        var consultation = New(pet.Id, pet.TutorId, vet);
        db.Consultations.Add(consultation);
        await db.SaveChangesAsync(ct);
        return consultation.Id;
    }

    public async Task<ConsultationView?> GetAsync(Guid id, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await (from k in db.Consultations.AsNoTracking()
                         where k.Id == id
                         join p in db.Pets.IgnoreQueryFilters() on k.PetId equals p.Id
                         join t in db.Tutors.IgnoreQueryFilters() on k.TutorId equals t.Id
                         select new { Consultation = k, Pet = p, TutorName = t.Name })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var c = row.Consultation;
        var vetName = await db.Users.AsNoTracking().Where(u => u.Id == c.VeterinarianId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        var weight = await db.PetWeights.AsNoTracking().Where(w => w.PetId == c.PetId)
            .OrderByDescending(w => w.MeasuredAt).Select(w => new { w.Kilograms, w.MeasuredAt }).FirstOrDefaultAsync(ct);
        return new ConsultationView(
            c.Id, c.Version, c.Status, row.Pet, row.TutorName, c.VeterinarianId, vetName ?? "—", c.AppointmentId,
            hospitalTime.ToLocal(c.StartedAt), c.CompletedAt is { } done ? hospitalTime.ToLocal(done) : null,
            weight?.Kilograms, weight is null ? null : hospitalTime.ToLocal(weight.MeasuredAt), ConsultationInput.From(c));
    }

    /// <summary>The consultation of an appointment, if one was started.</summary>
    public async Task<Guid?> ForAppointmentAsync(Guid appointmentId, CancellationToken ct = default)
    {
        actor.Require(Roles.Staff);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ExistingAsync(db, appointmentId, ct);
    }

    /// <summary>Appointment id → consultation id, for the appointments that have one (a vet's day list).</summary>
    public async Task<IReadOnlyDictionary<Guid, Guid>> ForAppointmentsAsync(IReadOnlyCollection<Guid> appointmentIds, CancellationToken ct = default)
    {
        actor.Require(Roles.Staff);
        if (appointmentIds.Count == 0)
        {
            return new Dictionary<Guid, Guid>();
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = appointmentIds.Select(id => (Guid?)id).ToList();
        return await db.Consultations.AsNoTracking().Where(c => ids.Contains(c.AppointmentId))
            .ToDictionaryAsync(c => c.AppointmentId!.Value, c => c.Id, ct);
    }

    /// <summary>A pet's consultations, newest first; times in the hospital's zone.</summary>
    public async Task<IReadOnlyList<ConsultationRow>> ForPetAsync(Guid petId, CancellationToken ct = default)
    {
        actor.Require(Roles.Staff);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (from c in db.Consultations.AsNoTracking()
                          where c.PetId == petId
                          join u in db.Users on c.VeterinarianId equals u.Id into vets
                          from u in vets.DefaultIfEmpty()
                          orderby c.StartedAt descending
                          select new { c.Id, c.StartedAt, c.Status, Vet = u == null ? null : u.DisplayName, c.Diagnosis })
            .ToListAsync(ct);
        return rows.Select(r => new ConsultationRow(r.Id, hospitalTime.ToLocal(r.StartedAt), r.Status, r.Vet ?? "—", r.Diagnosis)).ToList();
    }

    /// <summary>Autosave: stores every SOAP field and returns the new version. A version other than the
    /// stored one means another tab (or person) saved meanwhile: refused, never overwritten.</summary>
    public async Task<Guid> SaveDraftAsync(Guid id, ConsultationInput input, Guid version, CancellationToken ct = default)
    {
        actor.Require(Roles.Clinical);
        input.Validate();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var consultation = await LoadOpenAsync(db, id, ct);
        if (consultation.Version != version)
        {
            throw new DomainRuleException("Consultation.Error.Stale");
        }

        input.ApplyTo(consultation);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("Consultation.Error.Stale");
        }

        return consultation.Version;
    }

    /// <summary>Completes the consultation (once): the weight typed becomes the pet's newest weight in the same
    /// save, and its appointment is completed through the agenda, which posts the appointment's charge.</summary>
    public async Task CompleteAsync(Guid id, CancellationToken ct = default)
    {
        actor.Require(Roles.Clinical);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var consultation = await db.Consultations.FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        if (consultation.Status == ConsultationStatus.Completed)
        {
            // Completed in another tab: make sure its appointment followed.
            if (consultation.AppointmentId is { } completedAppointment)
            {
                await CompleteAppointmentAsync(db, completedAppointment, ct);
            }

            return;
        }

        var now = hospitalTime.UtcNow;
        consultation.Complete(now);
        if (consultation.WeightKg is { } kg)
        {
            db.PetWeights.Add(new PetWeight { PetId = consultation.PetId, Kilograms = kg, MeasuredAt = now, RecordedById = actor.UserId });
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            if (!await fresh.Consultations.AnyAsync(c => c.Id == id && c.Status == ConsultationStatus.Completed, ct))
            {
                throw new DomainRuleException("Consultation.Error.Stale");
            }

            return;
        }

        if (consultation.AppointmentId is { } appointmentId)
        {
            await CompleteAppointmentAsync(db, appointmentId, ct);
        }
    }

    private async Task CompleteAppointmentAsync(ClinicDbContext db, Guid appointmentId, CancellationToken ct)
    {
        var status = await db.Appointments.AsNoTracking().Where(a => a.Id == appointmentId).Select(a => (AppointmentStatus?)a.Status).FirstOrDefaultAsync(ct);
        if (status is not { } current || AppointmentWorkflow.IsFinal(current))
        {
            return;
        }

        if (AppointmentWorkflow.CanChange(current, AppointmentStatus.InProgress))
        {
            await agenda.ChangeStatusAsync(appointmentId, AppointmentStatus.InProgress, ct: ct);
        }

        await agenda.ChangeStatusAsync(appointmentId, AppointmentStatus.Completed, ct: ct);
    }

    private Consultation New(Guid petId, Guid tutorId, Guid vetId) => new()
    {
        PetId = petId,
        TutorId = tutorId,
        VeterinarianId = vetId,
        StartedAt = hospitalTime.UtcNow,
    };

    private static async Task<Consultation> LoadOpenAsync(ClinicDbContext db, Guid id, CancellationToken ct)
    {
        var consultation = await db.Consultations.FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        if (consultation.Status == ConsultationStatus.Completed)
        {
            throw new DomainRuleException("Consultation.Error.Completed");
        }

        return consultation;
    }

    private static Task<Guid?> ExistingAsync(ClinicDbContext db, Guid appointmentId, CancellationToken ct) =>
        db.Consultations.AsNoTracking().Where(c => c.AppointmentId == appointmentId).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
}
