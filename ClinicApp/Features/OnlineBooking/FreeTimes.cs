using ClinicApp.Data.FrontDesk;
using ClinicApp.Tenancy;

namespace ClinicApp.Features.OnlineBooking;

/// <summary>A start time a tutor may book (the hospital's wall clock) and the veterinarians free then.</summary>
public sealed record FreeTime(DateTime Start, IReadOnlyList<Guid> Veterinarians);

/// <summary>A day's free start times, in order.</summary>
public sealed record FreeDay(DateOnly Day, IReadOnlyList<FreeTime> Times);

/// <summary>The times the portal offers, on the agenda's own rules: starts on the agenda's grid lines
/// (every <see cref="AgendaSettings.SlotMinutes"/> from the opening, as the agenda draws them), the
/// whole appointment inside the opening hours of a working day, not before <c>earliestUtc</c>, and
/// none of its <see cref="Appointment.SlotMinutes"/>-minute pieces held by a slot row of the vet. Pure:
/// the caller loads the slot rows (one query) and the clock; the booking re-checks a time here and the
/// slot keys settle a race.</summary>
public static class FreeTimes
{
    /// <summary>The grid's start times on <paramref name="day"/> for an appointment of
    /// <paramref name="durationMinutes"/> that ends by closing (none on a closed day), with their UTC
    /// instants. A wall-clock time a daylight-saving jump skips is not offered (it would be another time).</summary>
    public static IEnumerable<(DateTime Local, DateTime Utc)> Candidates(AgendaSettings settings, int durationMinutes, DateOnly day, TimeZoneInfo zone)
    {
        if (!settings.IsWorkingDay(day.DayOfWeek) || durationMinutes <= 0)
        {
            yield break;
        }

        var step = settings.SlotMinutes > 0 ? settings.SlotMinutes : 15;
        var opens = (settings.OpensAt.Hour * 60) + settings.OpensAt.Minute;
        var closes = (settings.ClosesAt.Hour * 60) + settings.ClosesAt.Minute;
        for (var minute = opens; minute + durationMinutes <= closes; minute += step)
        {
            var local = day.ToDateTime(TimeOnly.MinValue).AddMinutes(minute);
            var utc = HospitalTime.ToUtc(local, zone);
            var end = HospitalTime.ToLocal(utc.AddMinutes(durationMinutes), zone);
            if (HospitalTime.ToLocal(utc, zone) != local || DateOnly.FromDateTime(end) != day || (end.Hour * 60) + end.Minute > closes)
            {
                continue;
            }

            yield return (local, utc);
        }
    }

    /// <summary>Whether <paramref name="localStart"/> is a time the portal offers at all (grid, hours,
    /// working day, not before <paramref name="earliestUtc"/>, not after <paramref name="lastDay"/>),
    /// whoever holds it.</summary>
    public static bool IsOffered(AgendaSettings settings, int durationMinutes, DateTime localStart, TimeZoneInfo zone, DateTime earliestUtc, DateOnly lastDay)
    {
        var day = DateOnly.FromDateTime(localStart);
        return day <= lastDay && Candidates(settings, durationMinutes, day, zone).Any(c => c.Local == localStart && c.Utc >= earliestUtc);
    }

    /// <summary>Whether none of the pieces of [<paramref name="startUtc"/>, + <paramref name="durationMinutes"/>)
    /// is held by <paramref name="veterinarianId"/>.</summary>
    public static bool IsFree(IReadOnlySet<(Guid ResourceId, DateTime Start)> held, Guid veterinarianId, DateTime startUtc, int durationMinutes)
    {
        for (var piece = 0; piece < durationMinutes; piece += Appointment.SlotMinutes)
        {
            if (held.Contains((veterinarianId, startUtc.AddMinutes(piece))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The free times of days <paramref name="from"/> to <paramref name="to"/> (inclusive), with
    /// the <paramref name="veterinarians"/> free at each; days without any are left out.</summary>
    /// <param name="held">The slot rows (resource, piece start in UTC) of the veterinarians in the range.</param>
    public static IReadOnlyList<FreeDay> Compute(
        AgendaSettings settings,
        int durationMinutes,
        DateOnly from,
        DateOnly to,
        DateTime earliestUtc,
        TimeZoneInfo zone,
        IReadOnlyList<Guid> veterinarians,
        IReadOnlySet<(Guid ResourceId, DateTime Start)> held)
    {
        var days = new List<FreeDay>();
        if (veterinarians.Count == 0)
        {
            return days;
        }

        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var times = new List<FreeTime>();
            foreach (var (local, utc) in Candidates(settings, durationMinutes, day, zone))
            {
                if (utc < earliestUtc)
                {
                    continue;
                }

                List<Guid>? free = null;
                foreach (var vet in veterinarians)
                {
                    if (IsFree(held, vet, utc, durationMinutes))
                    {
                        (free ??= []).Add(vet);
                    }
                }

                if (free is not null)
                {
                    times.Add(new FreeTime(local, free));
                }
            }

            if (times.Count > 0)
            {
                days.Add(new FreeDay(day, times));
            }
        }

        return days;
    }
}
