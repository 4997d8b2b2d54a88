using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Messaging;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Reports;

/// <summary>One appointment of the day as the report lists it (times in the hospital's zone).</summary>
public sealed record AttendanceRow(
    Guid AppointmentId,
    DateTime Start,
    string Pet,
    string Tutor,
    string Veterinarian,
    AppointmentType Type,
    AppointmentStatus Status,
    AppointmentSource? CancelledVia,
    string? CancellationReason);

/// <summary>What became of the day's appointment reminders (WhatsApp outbox rows of kind
/// <see cref="MessageKind.AppointmentReminder"/> queued that day). <see cref="Sent"/> counts every
/// message the provider accepted, <see cref="Delivered"/> includes the read ones, <see cref="Failed"/>
/// both refused sends and failed deliveries; reminders cancelled before they left (their appointment
/// was cancelled or moved) are apart. <see cref="NotReached"/> counts the day's appointments whose tutor
/// no reminder can reach (no consent, no WhatsApp, no mobile), by the same rule the reminder scan uses.</summary>
public sealed record ReminderFigures(int Queued, int Pending, int Sent, int Delivered, int Read, int Failed, int Kept, int Cancelled, int NotReached)
{
    /// <summary>The reminders that left or were refused: the base of the rates.</summary>
    public int Attempted => Queued - Pending - Kept - Cancelled;

    /// <summary>A share of <see cref="Attempted"/>, 0..1; null when nothing was attempted.</summary>
    public double? Rate(int count) => Attempted == 0 ? null : (double)count / Attempted;
}

/// <summary>The daily attendance report of one day of the hospital (its time zone): the appointments by
/// outcome, the confirmations received, the reminders' delivery, and who came and who did not.</summary>
public sealed record AttendanceReport(
    DateOnly Day,
    string Hospital,
    int Appointments,
    int Attended,
    int NoShows,
    int CancelledAtDesk,
    int CancelledByTutor,
    int Open,
    int Confirmed,
    int ConfirmedByWhatsApp,
    ReminderFigures Reminders,
    IReadOnlyList<AttendanceRow> Presences,
    IReadOnlyList<AttendanceRow> Absences)
{
    /// <summary>Came: checked in, with the vet, or done.</summary>
    public static bool IsAttended(AppointmentStatus status) =>
        status is AppointmentStatus.CheckedIn or AppointmentStatus.InProgress or AppointmentStatus.Completed;

    /// <summary>Cancelled by the tutor's WhatsApp reply; any other cancellation was made at the desk.</summary>
    public static bool IsCancelledByTutor(AttendanceRow row) =>
        row.Status == AppointmentStatus.Cancelled && row.CancelledVia == AppointmentSource.WhatsApp;
}

/// <summary>Builds the attendance report from the hospital's database. Reception and admins read it;
/// the hospital's own daily job (no person) builds it through <see cref="ForScheduledJobAsync"/>.</summary>
public sealed class AttendanceReportService(ClinicDbFactory dbFactory, CurrentActor actor, TenantContext tenant)
{
    /// <summary>Who may read the report.</summary>
    public const string Readers = Roles.Admin + "," + Roles.Receptionist;

    public async Task<AttendanceReport> BuildAsync(DateOnly day, CancellationToken ct = default)
    {
        actor.Require(Readers);
        return await LoadAsync(day, ct);
    }

    /// <summary>For <see cref="AttendanceReportJob"/>, which runs as the system inside the hospital's scope
    /// and has no person to check; no screen or endpoint calls it.</summary>
    internal Task<AttendanceReport> ForScheduledJobAsync(DateOnly day, CancellationToken ct) => LoadAsync(day, ct);

    private async Task<AttendanceReport> LoadAsync(DateOnly day, CancellationToken ct)
    {
        var zone = tenant.Tenant.TimeZone;
        var dayStart = HospitalTime.ToUtc(day.ToDateTime(TimeOnly.MinValue), zone);
        var dayEnd = HospitalTime.ToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        // A tutor or pet removed since still belongs in the record of the day.
        var appointments = await (from a in db.Appointments.AsNoTracking()
                                  join p in db.Pets.IgnoreQueryFilters() on a.PetId equals p.Id
                                  join t in db.Tutors.IgnoreQueryFilters() on a.TutorId equals t.Id
                                  join u in db.Users on a.VeterinarianId equals u.Id into vets
                                  from u in vets.DefaultIfEmpty()
                                  where a.Start >= dayStart && a.Start < dayEnd
                                  select new
                                  {
                                      a.Id, a.Start, a.Type, a.Status, a.CancelledVia, a.CancellationReason,
                                      Pet = p.Name, Tutor = t.Name, Vet = u == null ? null : u.DisplayName,
                                      t.RemindersConsentAt, t.RemindersConsentWithdrawnAt, t.WhatsAppOptIn, t.Phone,
                                  }).ToListAsync(ct);

        var rows = appointments
            .OrderBy(a => a.Start).ThenBy(a => a.Pet, StringComparer.CurrentCulture)
            .Select(a => new AttendanceRow(a.Id, HospitalTime.ToLocal(a.Start, zone), a.Pet, a.Tutor, a.Vet ?? "—", a.Type, a.Status, a.CancelledVia, a.CancellationReason))
            .ToList();

        var reminderKind = nameof(MessageKind.AppointmentReminder);
        var reminders = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Channel == OutboxChannel.WhatsApp && m.Kind == reminderKind && m.CreatedAt >= dayStart && m.CreatedAt < dayEnd)
            .Select(m => new { m.Status, m.Error, m.Delivery })
            .ToListAsync(ct);
        var cancelled = reminders.Count(m => m.Status == OutboxStatus.Failed && m.Error == OutboxMessage.CancelledError);
        var failedDelivery = new DeliveryStatus?[] { DeliveryStatus.Failed, DeliveryStatus.Undelivered };
        var figures = new ReminderFigures(
            Queued: reminders.Count,
            Pending: reminders.Count(m => m.Status == OutboxStatus.Pending),
            Sent: reminders.Count(m => m.Status == OutboxStatus.Sent),
            Delivered: reminders.Count(m => m.Status == OutboxStatus.Sent && m.Delivery is DeliveryStatus.Delivered or DeliveryStatus.Read),
            Read: reminders.Count(m => m.Status == OutboxStatus.Sent && m.Delivery == DeliveryStatus.Read),
            Failed: reminders.Count(m => (m.Status == OutboxStatus.Failed && m.Error != OutboxMessage.CancelledError)
                                         || (m.Status == OutboxStatus.Sent && failedDelivery.Contains(m.Delivery))),
            Kept: reminders.Count(m => m.Status == OutboxStatus.Kept),
            Cancelled: cancelled,
            NotReached: appointments.Count(a => a.Status != AppointmentStatus.Cancelled
                && ReminderReach.Check(a.RemindersConsentAt, a.RemindersConsentWithdrawnAt, a.WhatsAppOptIn, a.Phone) is not null));

        var confirmedByWhatsApp = await db.InboundMessages.AsNoTracking()
            .CountAsync(m => m.Outcome == InboundOutcome.Confirmed && m.ReceivedAt >= dayStart && m.ReceivedAt < dayEnd, ct);

        return new AttendanceReport(
            day,
            tenant.Tenant.Name,
            Appointments: rows.Count,
            Attended: rows.Count(r => AttendanceReport.IsAttended(r.Status)),
            NoShows: rows.Count(r => r.Status == AppointmentStatus.NoShow),
            CancelledAtDesk: rows.Count(r => r.Status == AppointmentStatus.Cancelled && !AttendanceReport.IsCancelledByTutor(r)),
            CancelledByTutor: rows.Count(AttendanceReport.IsCancelledByTutor),
            Open: rows.Count(r => r.Status is AppointmentStatus.Scheduled or AppointmentStatus.Confirmed),
            Confirmed: rows.Count(r => r.Status == AppointmentStatus.Confirmed),
            ConfirmedByWhatsApp: confirmedByWhatsApp,
            figures,
            Presences: rows.Where(r => AttendanceReport.IsAttended(r.Status)).ToList(),
            Absences: rows.Where(r => !AttendanceReport.IsAttended(r.Status)).ToList());
    }
}
