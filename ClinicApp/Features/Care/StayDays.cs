using ClinicApp.Tenancy;

namespace ClinicApp.Features.Care;

/// <summary>Days in hospital as the staff count them: the admission day is day 1, each hospital
/// midnight adds one.</summary>
public static class StayDays
{
    public static int Count(DateTime admittedUtc, DateTime untilUtc, TimeZoneInfo zone)
    {
        var from = DateOnly.FromDateTime(HospitalTime.ToLocal(admittedUtc, zone));
        var to = DateOnly.FromDateTime(HospitalTime.ToLocal(untilUtc, zone));
        return Math.Max(1, to.DayNumber - from.DayNumber + 1);
    }
}
