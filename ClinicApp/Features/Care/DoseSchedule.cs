using ClinicApp.Data.Common;
using ClinicApp.Tenancy;

namespace ClinicApp.Features.Care;

/// <summary>When the doses of a hospital prescription item fall. Pure: no clock, no database.
/// <para>Doses follow the hospital's wall clock — first dose 08:00 every 8 hours gives 08:00, 16:00,
/// 00:00 every day — so the chart reads the same each day, also where clocks change. On a day the clock
/// jumps forward, a dose whose time does not exist is given at the same time after the jump (and is one
/// dose with the next if they then coincide: the day has an hour less); on a day the clock falls back,
/// a repeated time is given at its first occurrence.</para>
/// <para>The course lasts <c>durationDays</c> days from the first dose, end excluded: every 8 hours for
/// 3 days is 9 doses, every hour for 7 days is 168.</para></summary>
public static class DoseSchedule
{
    public const int MaxEveryHours = 72;

    public const int MaxDurationDays = 60;

    public static void Validate(int everyHours, int durationDays)
    {
        if (everyHours < 1 || everyHours > MaxEveryHours)
        {
            throw new DomainRuleException("Prescription.Error.Frequency", 1, MaxEveryHours);
        }

        if (durationDays < 1 || durationDays > MaxDurationDays)
        {
            throw new DomainRuleException("Prescription.Error.Duration", 1, MaxDurationDays);
        }
    }

    /// <summary>Every due time (UTC, ascending, distinct) of a course starting at <paramref name="firstDoseUtc"/>.</summary>
    public static IReadOnlyList<DateTime> Times(DateTime firstDoseUtc, int everyHours, int durationDays, TimeZoneInfo zone)
    {
        Validate(everyHours, durationDays);
        if (firstDoseUtc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("The first dose time is UTC.", nameof(firstDoseUtc));
        }

        var firstLocal = HospitalTime.ToLocal(firstDoseUtc, zone);
        var endLocal = firstLocal.AddDays(durationDays);
        var times = new List<DateTime>(durationDays * 24 / everyHours + 1);
        for (var local = firstLocal; local < endLocal; local = local.AddHours(everyHours))
        {
            var utc = HospitalTime.ToUtc(local, zone);
            if (times.Count == 0 || utc > times[^1])
            {
                times.Add(utc);
            }
        }

        return times;
    }

    /// <summary>The due times of a course from <paramref name="fromUtc"/> on (a changed item keeps the past).</summary>
    public static IReadOnlyList<DateTime> TimesFrom(DateTime firstDoseUtc, int everyHours, int durationDays, TimeZoneInfo zone, DateTime fromUtc) =>
        Times(firstDoseUtc, everyHours, durationDays, zone).Where(t => t >= fromUtc).ToList();
}
