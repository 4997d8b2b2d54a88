using System.Globalization;

namespace ClinicApp.Tenancy;

/// <summary>Times are stored in UTC and shown in the hospital's time zone, in the reader's language.</summary>
public sealed class HospitalTime(TenantContext tenant, TimeProvider time)
{
    public DateTime Now => ToLocal(time.GetUtcNow().UtcDateTime);

    public DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), tenant.Tenant.TimeZone);

    public string Format(DateTime utc) => ToLocal(utc).ToString("g", CultureInfo.CurrentCulture);
}
