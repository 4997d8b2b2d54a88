using ClinicApp.Data.Catalog;

namespace ClinicApp.Tenancy;

/// <summary>What the app needs to know about the hospital a request or circuit works for. Holds no
/// connection string: those never leave <see cref="TenantConnections"/>.</summary>
public sealed record TenantInfo(
    Guid Id,
    string Slug,
    string Name,
    string Culture,
    string TimeZoneId,
    string Currency,
    HospitalStatus Status,
    IReadOnlyList<string> Hosts,
    DateTime? MaintenanceSince = null,
    int BackupHour = 2)
{
    /// <summary>Being restored by the operator: a "back in a few minutes" page, a banner, no writes.</summary>
    public bool InMaintenance => MaintenanceSince is not null;

    public bool IsActive => Status == HospitalStatus.Active;

    public TimeZoneInfo TimeZone => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    public static TenantInfo From(Hospital hospital) => new(
        hospital.Id, hospital.Slug, hospital.Name, hospital.Culture, hospital.TimeZone, hospital.Currency, hospital.Status, hospital.Hosts.ToArray(),
        hospital.MaintenanceSince, hospital.BackupHour);
}
