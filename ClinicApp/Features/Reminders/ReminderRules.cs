using System.Globalization;
using ClinicApp.Tenancy;

namespace ClinicApp.Features.Reminders;

/// <summary>The causes a reminder is made for, written into <c>OutboxMessage.ReminderKey</c>, whose
/// unique index makes each at most one message, ever. An appointment's key holds its start: a moved
/// appointment is a new cause and gets a fresh reminder.</summary>
public static class ReminderKeys
{
    public const string AppointmentPrefix = "appt:";

    public static string Appointment(Guid appointmentId, int leadHours, DateTime startUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"{AppointmentPrefix}{appointmentId}:{leadHours}h:{Utc(startUtc):O}");

    /// <summary>Whether the key was made for the appointment starting at <paramref name="startUtc"/>.</summary>
    public static bool IsForStart(string key, DateTime startUtc) =>
        key.EndsWith(string.Create(CultureInfo.InvariantCulture, $"h:{Utc(startUtc):O}"), StringComparison.Ordinal);

    public static string VaccinationDue(Guid vaccinationId, DateOnly dueOn) =>
        string.Create(CultureInfo.InvariantCulture, $"vacc:{vaccinationId}:due:{dueOn:yyyy-MM-dd}");

    public static string VaccinationOverdue(Guid vaccinationId, DateOnly dueOn) =>
        string.Create(CultureInfo.InvariantCulture, $"vacc:{vaccinationId}:overdue:{dueOn:yyyy-MM-dd}");

    // SQLite hands DateTimes back unspecified: the key must read the same whoever wrote it.
    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}

/// <summary>The hospital's quiet hours: wall-clock times in its zone, possibly over midnight (21:00–08:00).</summary>
public static class QuietHours
{
    /// <summary>Null when <paramref name="nowUtc"/> is outside the quiet hours; otherwise the UTC instant
    /// they end (their "until" on the right local day, through the zone's rules of that day, so a
    /// daylight-saving change during the night is honoured). Equal times mean no quiet hours.</summary>
    public static DateTime? EndUtc(DateTime nowUtc, TimeOnly from, TimeOnly until, TimeZoneInfo zone)
    {
        if (from == until)
        {
            return null;
        }

        var local = HospitalTime.ToLocal(nowUtc, zone);
        var time = TimeOnly.FromDateTime(local);
        var day = DateOnly.FromDateTime(local);
        DateOnly endDay;
        if (from < until)
        {
            if (time < from || time >= until)
            {
                return null;
            }

            endDay = day;
        }
        else if (time >= from)
        {
            endDay = day.AddDays(1);
        }
        else if (time < until)
        {
            endDay = day;
        }
        else
        {
            return null;
        }

        return HospitalTime.ToUtc(endDay.ToDateTime(until), zone);
    }
}
