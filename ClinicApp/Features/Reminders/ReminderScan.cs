using System.Globalization;
using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Messaging;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Reminders;

/// <summary>An appointment the scan may remind of, with what its message needs.</summary>
public sealed record DueAppointment(
    Guid Id, DateTime Start, Guid TutorId, string TutorName, string? Phone, bool WhatsAppOptIn,
    DateTime? ConsentAt, DateTime? WithdrawnAt, string PetName, string? VetName);

/// <summary>What one scan did.</summary>
public sealed record ReminderScanResult(int Queued, int NotReached, int Skipped, int AlreadyQueued, int Cancelled);

/// <summary>Finds what is due to be reminded in the current hospital at a given moment and queues one
/// WhatsApp message per cause in the outbox (the dispatcher sends them). Idempotent: each cause has a
/// unique <see cref="ReminderKeys">key</see>, so scans run twice or at once queue it once. Tests call
/// <see cref="RunAsync"/> with the "now" they need; the recurring <see cref="ReminderJob"/> passes the clock's.</summary>
public sealed class ReminderScan(ClinicDbFactory dbFactory, TenantContext tenant, WhatsAppOutbox outbox, ILogger<ReminderScan> logger)
{
    /// <summary>An overdue vaccination is reminded once, and only while it is recent: a record overdue
    /// for years (a pet that moved away) must not produce a message the day reminders are turned on.</summary>
    public const int OverdueWindowDays = 30;

    public async Task<ReminderScanResult> RunAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        nowUtc = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
        var hospital = tenant.Tenant;
        MessagingSettings settings;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            settings = await db.MessagingSettings.AsNoTracking().FirstOrDefaultAsync(ct) ?? new MessagingSettings();
        }

        // Belt and braces beside the agenda's own cancelling: whatever changed an appointment, a reminder
        // that no longer fits it never leaves.
        var cancelled = await CancelStaleAsync(nowUtc, ct);
        if (!settings.RemindersEnabled)
        {
            return new ReminderScanResult(0, 0, 0, 0, cancelled);
        }

        var culture = MessageTemplates.Cultures.Contains(hospital.Culture) ? hospital.Culture : "en";
        var format = CultureInfo.GetCultureInfo(hospital.Culture);
        var quietEnd = QuietHours.EndUtc(nowUtc, settings.QuietFrom, settings.QuietUntil, hospital.TimeZone);
        var sendAt = quietEnd ?? nowUtc;
        var alreadyQueued = 0;
        var notReached = 0;
        var skipped = 0;
        var drafts = new List<WhatsAppDraft>();

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // What is due now, by key; rendered below only when not queued by an earlier scan (most are,
            // as a reminder stays due from its lead time until the appointment starts).
            var candidates = new List<(string Key, Func<Task<WhatsAppDraft>> Draft)>();
            var leads = ReminderSettingsService.LeadHours(settings.ReminderLeadHours);
            foreach (var appointment in await DueAppointmentsAsync(db, nowUtc, leads, ct))
            {
                // Only the nearest lead time that has come: an appointment booked an hour ahead gets
                // the 2 h reminder, not the 24 h one as well.
                var lead = leads.Where(l => appointment.Start.AddHours(-l) <= nowUtc).Min();
                if (ReminderReach.Check(appointment.ConsentAt, appointment.WithdrawnAt, appointment.WhatsAppOptIn, appointment.Phone) is not null)
                {
                    notReached++;
                    continue;
                }

                if (appointment.Start <= sendAt)
                {
                    // The quiet hours end after it starts: a reminder then would be too late.
                    skipped++;
                    continue;
                }

                var key = ReminderKeys.Appointment(appointment.Id, lead, appointment.Start);
                candidates.Add((key, async () =>
                {
                    var local = HospitalTime.ToLocal(appointment.Start, hospital.TimeZone);
                    var values = new MessageValues(appointment.TutorName, appointment.PetName, local.ToString("d", format), local.ToString("t", format),
                        appointment.VetName, hospital.Name);
                    return new WhatsAppDraft(appointment.TutorId, WhatsAppNumbers.Address(appointment.Phone)!, MessageKind.AppointmentReminder,
                        await MessageTemplates.RenderAsync(db, MessageKind.AppointmentReminder, culture, values, ct),
                        AppointmentId: appointment.Id, ReminderKey: key, NotBeforeUtc: sendAt);
                }));
            }

            if (settings.VaccinationLeadDays > 0)
            {
                var today = DateOnly.FromDateTime(HospitalTime.ToLocal(nowUtc, hospital.TimeZone));
                foreach (var due in await DueVaccinationsAsync(db, today, settings.VaccinationLeadDays, ct))
                {
                    if (ReminderReach.Check(due.ConsentAt, due.WithdrawnAt, due.WhatsAppOptIn, due.Phone) is not null)
                    {
                        notReached++;
                        continue;
                    }

                    var key = due.DueOn >= today ? ReminderKeys.VaccinationDue(due.Id, due.DueOn) : ReminderKeys.VaccinationOverdue(due.Id, due.DueOn);
                    candidates.Add((key, async () =>
                    {
                        var values = new MessageValues(due.TutorName, due.PetName, due.DueOn.ToString("d", format), null, null, hospital.Name);
                        return new WhatsAppDraft(due.TutorId, WhatsAppNumbers.Address(due.Phone)!, MessageKind.VaccinationDue,
                            await MessageTemplates.RenderAsync(db, MessageKind.VaccinationDue, culture, values, ct),
                            VaccinationId: due.Id, ReminderKey: key, NotBeforeUtc: sendAt);
                    }));
                }
            }

            var keys = candidates.Select(c => c.Key).ToList();
            HashSet<string> taken = keys.Count == 0 ? [] : (await db.OutboxMessages.AsNoTracking().Where(o => o.ReminderKey != null && keys.Contains(o.ReminderKey))
                .Select(o => o.ReminderKey!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            foreach (var (key, draft) in candidates)
            {
                if (!taken.Contains(key))
                {
                    drafts.Add(await draft());
                }
            }

            alreadyQueued = candidates.Count - drafts.Count;
        }

        var (queued, lost) = await QueueAsync(drafts, ct);
        if (queued > 0)
        {
            outbox.Wake();
        }

        return new ReminderScanResult(queued, notReached, skipped, alreadyQueued + lost, cancelled);
    }

    /// <summary>The scan's find step: appointments still to come, Scheduled or Confirmed, for which at
    /// least one lead time has come (start − lead ≤ now). One range on the Start index: starts in
    /// (now, now + longest lead].</summary>
    public static async Task<List<DueAppointment>> DueAppointmentsAsync(ClinicDbContext db, DateTime nowUtc, IReadOnlyList<int> leadHours, CancellationToken ct)
    {
        if (leadHours.Count == 0)
        {
            return [];
        }

        var until = nowUtc.AddHours(leadHours.Max());
        return await (from a in db.Appointments.AsNoTracking()
                      where a.Start > nowUtc && a.Start <= until
                            && (a.Status == AppointmentStatus.Scheduled || a.Status == AppointmentStatus.Confirmed)
                      join p in db.Pets on a.PetId equals p.Id
                      join t in db.Tutors on a.TutorId equals t.Id
                      join u in db.Users on a.VeterinarianId equals u.Id into vets
                      from u in vets.DefaultIfEmpty()
                      where !p.Deceased
                      select new DueAppointment(a.Id, a.Start, t.Id, t.Name, t.Phone, t.WhatsAppOptIn, t.RemindersConsentAt,
                          t.RemindersConsentWithdrawnAt, p.Name, u == null ? null : u.DisplayName))
            .ToListAsync(ct);
    }

    private sealed record DueVaccination(Guid Id, DateOnly DueOn, Guid TutorId, string TutorName, string? Phone, bool WhatsAppOptIn,
        DateTime? ConsentAt, DateTime? WithdrawnAt, string PetName);

    /// <summary>The due list's rule (VaccinationService.DueAsync): each living pet's latest dose of each
    /// vaccine, here those due within <paramref name="leadDays"/> or overdue for at most <see cref="OverdueWindowDays"/>.</summary>
    private static async Task<List<DueVaccination>> DueVaccinationsAsync(ClinicDbContext db, DateOnly today, int leadDays, CancellationToken ct)
    {
        var until = today.AddDays(leadDays);
        var since = today.AddDays(-OverdueWindowDays);
        return await (from v in db.Vaccinations.AsNoTracking()
                      where v.NextDueOn != null && v.NextDueOn <= until && v.NextDueOn >= since
                            && !db.Vaccinations.Any(later => later.PetId == v.PetId && later.Vaccine == v.Vaccine && later.AppliedOn > v.AppliedOn)
                      join p in db.Pets on v.PetId equals p.Id
                      join t in db.Tutors on p.TutorId equals t.Id
                      where !p.Deceased
                      select new DueVaccination(v.Id, v.NextDueOn!.Value, t.Id, t.Name, t.Phone, t.WhatsAppOptIn, t.RemindersConsentAt,
                          t.RemindersConsentWithdrawnAt, p.Name))
            .ToListAsync(ct);
    }

    /// <summary>Adds the drafts whose key is not taken yet. Another scan may take a key between the
    /// check and the save: the unique index refuses it, and that one draft is dropped, not the others.</summary>
    private async Task<(int Queued, int Already)> QueueAsync(List<WhatsAppDraft> drafts, CancellationToken ct)
    {
        if (drafts.Count == 0)
        {
            return (0, 0);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = drafts.Select(d => d.ReminderKey!).ToList();
        var taken = (await db.OutboxMessages.AsNoTracking().Where(o => o.ReminderKey != null && keys.Contains(o.ReminderKey))
            .Select(o => o.ReminderKey!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var fresh = drafts.Where(d => !taken.Contains(d.ReminderKey!)).ToList();
        if (fresh.Count == 0)
        {
            return (0, drafts.Count);
        }

        foreach (var draft in fresh)
        {
            WhatsAppOutbox.Add(db, draft);
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return (fresh.Count, drafts.Count - fresh.Count);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
        }

        var queued = 0;
        foreach (var draft in fresh)
        {
            var row = WhatsAppOutbox.Add(db, draft);
            try
            {
                await db.SaveChangesAsync(ct);
                queued++;
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                db.Entry(row).State = EntityState.Detached;
            }
        }

        return (queued, drafts.Count - queued);
    }

    /// <summary>Cancels pending appointment reminders that no longer fit their appointment (moved,
    /// cancelled, closed or already begun); one a dispatcher is sending right now is left to it.</summary>
    private async Task<int> CancelStaleAsync(DateTime nowUtc, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = await (from o in db.OutboxMessages
                             where o.Status == OutboxStatus.Pending && o.AppointmentId != null && o.ReminderKey != null
                                   && o.ReminderKey.StartsWith(ReminderKeys.AppointmentPrefix)
                                   && (o.ClaimedUntil == null || o.ClaimedUntil <= nowUtc)
                             join a in db.Appointments on o.AppointmentId equals a.Id
                             select new { Message = o, a.Start, a.Status }).ToListAsync(ct);
        var stale = pending.Where(p => !AppointmentReminders.StillFits(p.Message.ReminderKey!, p.Start, p.Status) || p.Start <= nowUtc).ToList();
        foreach (var row in stale)
        {
            row.Message.Cancel();
        }

        if (stale.Count == 0)
        {
            return 0;
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return stale.Count;
        }
        catch (DbUpdateConcurrencyException)
        {
            // A dispatcher took one of them meanwhile; the next scan looks again.
            logger.LogInformation("Stale reminders of hospital {Hospital} changed while being cancelled; retried at the next scan", tenant.Tenant.Slug);
            return 0;
        }
    }
}
