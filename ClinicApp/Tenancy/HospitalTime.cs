using System.Globalization;

namespace ClinicApp.Tenancy;

/// <summary>Times are stored in UTC and shown in the hospital's time zone, in the reader's language.</summary>
public sealed class HospitalTime(TenantContext tenant, TimeProvider time)
{
    public TimeZoneInfo Zone => tenant.Tenant.TimeZone;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public DateTime Now => ToLocal(UtcNow);

    public DateOnly Today => DateOnly.FromDateTime(Now);

    public DateTime ToLocal(DateTime utc) => ToLocal(utc, Zone);

    public DateTime ToUtc(DateTime local) => ToUtc(local, Zone);

    /// <summary>The UTC instant the hospital's day begins (not always 00:00 where clocks jump at midnight).</summary>
    public DateTime StartOfDayUtc(DateOnly day) => ToUtc(day.ToDateTime(TimeOnly.MinValue), Zone);

    public string Format(DateTime utc) => ToLocal(utc).ToString("g", CultureInfo.CurrentCulture);

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>A wall-clock time of the hospital to UTC. A time skipped by a daylight-saving jump
    /// is read as the same time after the jump; an ambiguous one as its first occurrence.</summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            var gap = zone.GetAdjustmentRules()
                .FirstOrDefault(r => r.DateStart <= local && r.DateEnd >= local)?.DaylightDelta ?? TimeSpan.FromHours(1);
            local = local.Add(gap);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
