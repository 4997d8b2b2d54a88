using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Agenda;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Reminders;

/// <summary>Keeps an appointment's pending reminders true to it in the agenda's own save: a move
/// cancels those of the old start (the scan then queues fresh ones, whose key holds the new start),
/// a cancellation, no-show or arrival cancels them all.</summary>
public sealed class AppointmentReminders : IAppointmentChangeParticipant
{
    /// <summary>Whether a reminder made under <paramref name="key"/> still fits the appointment as it is now.</summary>
    public static bool StillFits(string key, DateTime startUtc, AppointmentStatus status) =>
        status is AppointmentStatus.Scheduled or AppointmentStatus.Confirmed && ReminderKeys.IsForStart(key, startUtc);

    public async Task BeforeSaveAsync(ClinicDbContext db, Appointment appointment, CancellationToken ct)
    {
        var pending = await db.OutboxMessages
            .Where(o => o.AppointmentId == appointment.Id && o.Status == OutboxStatus.Pending && o.ReminderKey != null
                        && o.ReminderKey.StartsWith(ReminderKeys.AppointmentPrefix))
            .ToListAsync(ct);
        foreach (var message in pending.Where(m => !StillFits(m.ReminderKey!, appointment.Start, appointment.Status)))
        {
            message.Cancel();
        }
    }
}
