using ClinicApp.Common;
using System.Collections.Concurrent;
using ClinicApp.Data;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Care;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Ram;

/// <summary>What became of a request to record a dose. <see cref="Recorded"/> is false when someone
/// had already recorded it (a double click, two nurses at once): then nothing changed and the dose's
/// status, who recorded it and when (UTC) are told.</summary>
public sealed record DoseOutcome(bool Recorded, AdministrationStatus Status, string? RecordedByName, DateTime? RecordedAt);

/// <summary>The nurse's side of the RAM: a dose given, not given (held, refused, missed) or moved.
/// A dose is recorded once: the first save wins through the row's version token and every later attempt
/// is told who recorded it.</summary>
public sealed class AdministrationService(
    ClinicDbFactory dbFactory,
    CurrentActor actor,
    HospitalTime hospitalTime,
    HospitalEvents events,
    TenantContext tenant,
    IEnumerable<IAdministrationObserver> observers,
    ILogger<AdministrationService> logger)
{
    public static readonly int MaxNoteLength = TextLimits.Of<MedicationAdministration>(a => a.Note);

    // SQLite takes one writer at a time and a refused writer waits by sleeping and retrying (sleeps of up
    // to 100 ms), so twenty nurses saving at once would wait far longer than their writes take. Queued here,
    // per hospital, each save starts as soon as the one before it commits.
    private static readonly ConcurrentDictionary<Guid, SemaphoreSlim> SqliteWriteGates = new();

    private string? _recorderName;

    /// <summary>How far from now a dose may be said to have been given.</summary>
    public static readonly TimeSpan GivenWindow = TimeSpan.FromHours(24);

    /// <summary>How far a dose may be moved from its current due time.</summary>
    public static readonly TimeSpan MoveWindow = TimeSpan.FromHours(24);

    /// <summary>How long the person who recorded a dose as given may take it back (a mis-click).</summary>
    public static readonly TimeSpan UndoWindow = TimeSpan.FromMinutes(2);

    public static readonly AdministrationStatus[] NotGivenStatuses = [AdministrationStatus.Held, AdministrationStatus.Refused, AdministrationStatus.Missed];

    /// <summary>Records a dose as given by the signed-in person.</summary>
    /// <param name="doseGivenMg">mg actually given; the prescribed dose when null.</param>
    /// <param name="givenAtLocal">The hospital's wall-clock time it was given; now when null.</param>
    public async Task<DoseOutcome> RecordGivenAsync(Guid administrationId, decimal? doseGivenMg = null, DateTime? givenAtLocal = null, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        var now = hospitalTime.UtcNow;
        var givenAt = givenAtLocal is { } local ? hospitalTime.ToUtc(local) : now;
        if (givenAt > now.AddMinutes(1))
        {
            throw new DomainRuleException("Ram.Error.GivenInFuture");
        }

        if (givenAt < now - GivenWindow)
        {
            throw new DomainRuleException("Ram.Error.GivenTooLongAgo", (int)GivenWindow.TotalHours);
        }

        if (doseGivenMg is { } mg && (mg <= 0 || mg > DoseCalculator.MaxDoseMg))
        {
            throw new DomainRuleException("Ram.Error.Dose");
        }

        var outcome = await RecordAsync(administrationId, (dose, prescribedMg, recorderName) =>
            dose.Give(doseGivenMg ?? prescribedMg, givenAt, actor.UserId, recorderName), ct);

        if (outcome.Recorded)
        {
            // The dose was given whatever the charge or stock does: a failure is logged for the unbilled list.
            await Observers.NotifyAsync(observers, o => o.DoseGivenAsync(administrationId, ct), logger, administrationId);
        }

        return outcome;
    }

    /// <summary>Takes back a dose recorded as given by mistake: only by the person who recorded it,
    /// within <see cref="UndoWindow"/> of recording it (measured on the server's clock from the save,
    /// not from the "given at" time a nurse may have typed), and only while its charge can be taken
    /// back. The dose is open again; the audit keeps the record and its undoing.</summary>
    public async Task UndoGivenAsync(Guid administrationId, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await (from a in db.MedicationAdministrations
                           join h in db.Hospitalizations on a.HospitalizationId equals h.Id
                           where a.Id == administrationId
                           select new { Dose = a, h.Status }).FirstOrDefaultAsync(ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        var dose = found.Dose;
        if (dose.Status != AdministrationStatus.Given)
        {
            throw new DomainRuleException("Ram.Error.UndoNotGiven");
        }

        // Undo is for one's own mis-click: a colleague's record is corrected by talking to them.
        if (actor.UserId is null || dose.RecordedById != actor.UserId)
        {
            throw new DomainRuleException("Ram.Error.UndoNotYours", dose.RecordedByName ?? "—");
        }

        // UpdatedAt is stamped by the save that recorded the dose; nothing else changes a given dose.
        if (hospitalTime.UtcNow - dose.UpdatedAt > UndoWindow)
        {
            throw new DomainRuleException("Ram.Error.UndoExpired", (int)UndoWindow.TotalMinutes);
        }

        EnsureStayOpen(found.Status);

        // The charge goes first, so a refusal (already paid) leaves the dose given with its charge.
        // Should the save below then fail, the dose shows as given without a charge in the unbilled
        // list, where the desk sees it: nothing is lost silently.
        foreach (var observer in observers)
        {
            await observer.DoseUndoneAsync(administrationId, ct);
        }

        dose.UndoGiven();
        try
        {
            await SaveAsync(db, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("Common.Error.Concurrency");
        }

        await events.PublishAsync(new CareChanged(dose.HospitalizationId, dose.PetId, CareChange.AdministrationRecorded));
    }

    /// <summary>Records a dose not given: held (by decision), refused (by the patient) or missed, with a
    /// coded reason and a note (required).</summary>
    public Task<DoseOutcome> RecordNotGivenAsync(Guid administrationId, AdministrationStatus status, NotGivenReason reason, string note, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        if (!NotGivenStatuses.Contains(status))
        {
            throw new DomainRuleException("Ram.Error.NotGivenStatus");
        }

        if (!Enum.IsDefined(reason))
        {
            throw new DomainRuleException("Ram.Error.ReasonRequired");
        }

        var text = TypedText.Clean(note) ?? throw new DomainRuleException("Ram.Error.NoteRequired");
        if (text.Length > MaxNoteLength)
        {
            throw new DomainRuleException("Ram.Error.NoteTooLong", MaxNoteLength);
        }

        var now = hospitalTime.UtcNow;
        return RecordAsync(administrationId, (dose, _, recorderName) =>
            dose.MarkNotGiven(status, reason, text, now, actor.UserId, recorderName), ct);
    }

    /// <summary>Moves an open dose to another time with a reason; with <paramref name="alsoFollowing"/>
    /// every later open dose of the same item moves by the same amount. The first due time is kept in
    /// <see cref="MedicationAdministration.OriginalDueAt"/>. Returns how many doses moved.</summary>
    public async Task<int> RescheduleAsync(Guid administrationId, DateTime newDueLocal, string reason, bool alsoFollowing, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        var why = TypedText.Clean(reason) ?? throw new DomainRuleException("Ram.Error.MoveReasonRequired");
        if (why.Length > 1000)
        {
            throw new DomainRuleException("Ram.Error.NoteTooLong", 1000);
        }

        var newDue = hospitalTime.ToUtc(newDueLocal);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await (from a in db.MedicationAdministrations
                           join h in db.Hospitalizations on a.HospitalizationId equals h.Id
                           where a.Id == administrationId
                           select new { Dose = a, h.Status }).FirstOrDefaultAsync(ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        var dose = found.Dose;
        EnsureStayOpen(found.Status);
        if (!dose.IsOpen)
        {
            throw new DomainRuleException("Ram.Error.NotOpen", $"AdministrationStatus.{dose.Status}");
        }

        var delta = newDue - dose.DueAt;
        if (delta == TimeSpan.Zero)
        {
            throw new DomainRuleException("Ram.Error.MoveSame");
        }

        if (delta.Duration() > MoveWindow)
        {
            throw new DomainRuleException("Ram.Error.MoveRange", (int)MoveWindow.TotalHours);
        }

        var siblings = db.MedicationAdministrations.Where(a => a.PrescriptionItemId == dose.PrescriptionItemId && a.Id != dose.Id && a.Status != AdministrationStatus.Cancelled);
        var previous = await siblings.Where(a => a.DueAt < dose.DueAt).MaxAsync(a => (DateTime?)a.DueAt, ct);
        if (previous is { } before && newDue <= before)
        {
            throw new DomainRuleException("Ram.Error.MoveOrder");
        }

        var moving = new List<MedicationAdministration> { dose };
        if (alsoFollowing)
        {
            moving.AddRange(await siblings.Where(a => a.DueAt > dose.DueAt && a.Status == AdministrationStatus.Scheduled).ToListAsync(ct));
        }
        else
        {
            var next = await siblings.Where(a => a.DueAt > dose.DueAt).MinAsync(a => (DateTime?)a.DueAt, ct);
            if (next is { } after && newDue >= after)
            {
                throw new DomainRuleException("Ram.Error.MoveOrder");
            }
        }

        foreach (var each in moving)
        {
            each.Reschedule(each.DueAt + delta, why);
        }

        try
        {
            await SaveAsync(db, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("Common.Error.Concurrency");
        }

        await events.PublishAsync(new CareChanged(dose.HospitalizationId, dose.PetId, CareChange.AdministrationRecorded));
        return moving.Count;
    }

    /// <summary>Load, check open, change, save; a concurrent save of the same dose makes ours fail on the
    /// version token, and the fresh row tells who won.</summary>
    private async Task<DoseOutcome> RecordAsync(Guid administrationId, Action<MedicationAdministration, decimal, string> record, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var found = await (from a in db.MedicationAdministrations
                               join h in db.Hospitalizations on a.HospitalizationId equals h.Id
                               join i in db.PrescriptionItems on a.PrescriptionItemId equals i.Id
                               where a.Id == administrationId
                               select new { Dose = a, h.Status, i.DoseMg }).FirstOrDefaultAsync(ct)
                ?? throw new DomainRuleException("Common.Error.NotFound");
            var dose = found.Dose;
            if (dose.Status == AdministrationStatus.Cancelled)
            {
                throw new DomainRuleException("Ram.Error.Cancelled");
            }

            if (!dose.IsOpen)
            {
                return new DoseOutcome(false, dose.Status, dose.RecordedByName, dose.RecordedAt);
            }

            EnsureStayOpen(found.Status);
            record(dose, found.DoseMg, await RecorderNameAsync(db, ct));
            try
            {
                await SaveAsync(db, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 2)
            {
                // Someone saved this dose since we read it: read it again (recorded → told; moved → retried).
                continue;
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new DomainRuleException("Common.Error.Concurrency");
            }

            await events.PublishAsync(new CareChanged(dose.HospitalizationId, dose.PetId, CareChange.AdministrationRecorded));
            return new DoseOutcome(true, dose.Status, dose.RecordedByName, dose.RecordedAt);
        }
    }

    private async Task SaveAsync(ClinicDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        var gate = SqliteWriteGates.GetOrAdd(tenant.Tenant.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The person's display name (the sign-in name when they have none), read once per scope.</summary>
    private async Task<string> RecorderNameAsync(ClinicDbContext db, CancellationToken ct)
    {
        if (_recorderName is null)
        {
            var id = actor.UserId;
            var display = id is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
            _recorderName = string.IsNullOrWhiteSpace(display) ? actor.Name : display;
        }

        return _recorderName;
    }

    private static void EnsureStayOpen(HospitalizationStatus status)
    {
        if (status is not (HospitalizationStatus.Waiting or HospitalizationStatus.InCare))
        {
            throw new DomainRuleException("Ram.Error.StayEnded", $"Hospitalization.Status.{status}");
        }
    }
}
