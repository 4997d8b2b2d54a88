using System.Globalization;
using ClinicApp.Tenancy;

namespace ClinicApp.Features.Ram;

/// <summary>Nursing shifts from the hospital's start times (wall clock), wrapping midnight: with
/// starts 07:00, 13:00 and 19:00, 02:00 belongs to the 19:00 shift of the day before. Pure.</summary>
public static class ShiftClock
{
    /// <summary>The index (in <paramref name="starts"/>, ascending) of the shift holding a time of day.</summary>
    public static int IndexOf(TimeOnly time, IReadOnlyList<TimeOnly> starts)
    {
        if (starts.Count == 0)
        {
            throw new ArgumentException("At least one shift start.", nameof(starts));
        }

        for (var i = starts.Count - 1; i >= 0; i--)
        {
            if (time >= starts[i])
            {
                return i;
            }
        }

        return starts.Count - 1;
    }

    /// <summary>"07:00–13:00".</summary>
    public static string Label(int index, IReadOnlyList<TimeOnly> starts) =>
        string.Create(CultureInfo.InvariantCulture, $"{starts[index]:HH\\:mm}–{starts[(index + 1) % starts.Count]:HH\\:mm}");

    /// <summary>When the shift running at <paramref name="nowUtc"/> began, UTC.</summary>
    public static DateTime CurrentStartUtc(DateTime nowUtc, IReadOnlyList<TimeOnly> starts, TimeZoneInfo zone)
    {
        var local = HospitalTime.ToLocal(nowUtc, zone);
        var start = starts[IndexOf(TimeOnly.FromDateTime(local), starts)];
        var day = DateOnly.FromDateTime(local);
        if (TimeOnly.FromDateTime(local) < start)
        {
            day = day.AddDays(-1);
        }

        return HospitalTime.ToUtc(day.ToDateTime(start), zone);
    }
}
