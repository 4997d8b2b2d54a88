using System.Globalization;
using ClinicApp.Data.Catalog;
using ClinicApp.Data.Common;
using ClinicApp.Infrastructure.Backups;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ClinicApp.Infrastructure.Health;

/// <summary>Degraded (not Unhealthy: the app serves its users fine, what is at risk is tomorrow) while an
/// active hospital's last verified backup is older than <c>Backups:MaxAgeHours</c>, or it has none although
/// it exists for longer than that; the description names those hospitals. A hospital added an hour ago has
/// had no night yet and is fine.</summary>
public sealed class BackupsHealthCheck(TenantConnections connections, IOptions<BackupOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connections.Provider != DatabaseProvider.Sqlite)
        {
            // The database server takes the backups there (see README, Operating backups): nothing to judge here.
            return HealthCheckResult.Healthy("backups are taken by the database server");
        }

        var maxAge = TimeSpan.FromHours(Math.Max(1, options.Value.MaxAgeHours));
        var oldest = time.GetUtcNow().UtcDateTime - maxAge;
        await using var db = connections.CreateCatalog();
        var hospitals = await db.Hospitals.AsNoTracking()
            .Where(h => h.Status == HospitalStatus.Active)
            .Select(h => new { h.Id, h.Slug, h.CreatedAt })
            .ToListAsync(cancellationToken);
        var lastGood = await db.BackupRuns.AsNoTracking()
            .Where(r => r.HospitalId != null && r.Status == BackupStatus.Verified)
            .GroupBy(r => r.HospitalId!.Value)
            .Select(g => new { HospitalId = g.Key, Last = g.Max(r => r.StartedAt) })
            .ToDictionaryAsync(g => g.HospitalId, g => g.Last, cancellationToken);

        var late = hospitals
            .Where(h => lastGood.TryGetValue(h.Id, out var last) ? last < oldest : h.CreatedAt < oldest)
            .Select(h => lastGood.TryGetValue(h.Id, out var last)
                ? $"{h.Slug} (last good backup {last.ToString("u", CultureInfo.InvariantCulture)})"
                : $"{h.Slug} (no good backup)")
            .Order(StringComparer.Ordinal)
            .ToList();
        return late.Count == 0
            ? HealthCheckResult.Healthy($"{hospitals.Count} active hospitals backed up within {maxAge.TotalHours:0} h")
            : HealthCheckResult.Degraded($"No good backup within {maxAge.TotalHours:0} h: {string.Join(", ", late)}");
    }
}
