using ClinicApp.Data.Exports;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Export;

/// <summary>Every hour, per hospital: deletes the files of expired exports (the row stays, shown as
/// expired), marks as failed an export stuck queued or running (its job was lost with a restart: it must
/// not block the next request for ever), and deletes any file of the export folder no ready export owns
/// (a temporary ZIP left by a crash).</summary>
public sealed class ExportCleanupJob(
    ClinicDbFactory dbFactory,
    TenantContext tenant,
    ExportLocations locations,
    TimeProvider time,
    ILogger<ExportCleanupJob> logger) : IHospitalRecurringJob
{
    public const string JobName = "export-cleanup";

    /// <summary>An export still queued or running after this long has lost its job.</summary>
    public static readonly TimeSpan Stuck = TimeSpan.FromHours(3);

    public string Name => JobName;

    public Task<string?> CronAsync(CancellationToken ct) => Task.FromResult<string?>("17 * * * *");

    public async Task RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var slug = tenant.Tenant.Slug;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stuckBefore = now - Stuck;
        await db.DataExports
            .Where(e => (e.Status == DataExportStatus.Queued || e.Status == DataExportStatus.Running) && e.RequestedAt < stuckBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, DataExportStatus.Failed).SetProperty(e => e.Error, "Export.Error.Interrupted")
                .SetProperty(e => e.FileName, (string?)null), ct);

        var expired = await db.DataExports.Where(e => e.Status == DataExportStatus.Ready && e.FileName != null && e.ExpiresAt <= now).ToListAsync(ct);
        foreach (var export in expired)
        {
            FolderSweep.Delete(locations.FileOf(slug, export.FileName!), logger);
            export.FileName = null;
        }

        await db.SaveChangesAsync(ct);

        var folder = locations.For(slug);
        // What may stay: the ZIP of a ready export, and the files of one being written.
        var owned = (await db.DataExports.AsNoTracking()
                .Where(e => e.FileName != null && (e.Status == DataExportStatus.Ready || e.Status == DataExportStatus.Running))
                .Select(e => new { e.FileName, e.Status }).ToListAsync(ct))
            // A running export owns its final name too: the job renames before it marks the row ready.
            .SelectMany(e => e.Status == DataExportStatus.Ready ? [e.FileName!] : new[] { e.FileName!, e.FileName + ExportLocations.PartialSuffix })
            .ToHashSet(StringComparer.Ordinal);
        FolderSweep.DeleteAllExcept(folder, owned, logger);
    }
}
