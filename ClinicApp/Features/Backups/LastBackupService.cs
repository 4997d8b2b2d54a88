using ClinicApp.Data.Catalog;
using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Backups;

/// <summary>The outcome of the hospital's last finished backup, as the admin's home shows it.</summary>
public sealed record LastBackup(BackupStatus Status, DateTime StartedAt, long SizeBytes, string? Error)
{
    public bool Verified => Status != BackupStatus.Failed;
}

/// <summary>Reads the current hospital's last finished backup from the catalog (its runs live there, not in
/// the hospital database a restore replaces). Admins only.</summary>
public sealed class LastBackupService(TenantConnections connections, TenantContext tenant, CurrentActor actor)
{
    /// <summary>The newest run that ended, verified or failed; null when the hospital has none yet. A run in
    /// progress is not an outcome yet.</summary>
    public async Task<LastBackup?> LoadAsync(CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        var hospitalId = tenant.Tenant.Id;
        await using var db = connections.CreateCatalog();
        return await db.BackupRuns.AsNoTracking()
            .Where(r => r.HospitalId == hospitalId && r.Status != BackupStatus.Running)
            .OrderByDescending(r => r.StartedAt)
            .Select(r => new LastBackup(r.Status, r.StartedAt, r.SizeBytes, r.Error))
            .FirstOrDefaultAsync(ct);
    }
}
