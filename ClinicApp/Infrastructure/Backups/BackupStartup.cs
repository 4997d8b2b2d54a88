using ClinicApp.Data.Catalog;
using ClinicApp.Data.Common;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Infrastructure.Backups;

/// <summary>What a start does for backups: resolves the backup key at once (Development generates one and
/// says so now, not at the first night), removes what a backup killed mid-way left behind (hidden
/// <c>.*.partial</c> archives and <c>.tmp-*</c> staging folders under the backup and copy folders) and records
/// the runs it interrupted as Failed. Leftovers and runs younger than <see cref="Quiet"/> are left alone: the
/// operator's <c>backup</c> command in another process may be writing them right now.</summary>
public sealed class BackupStartup(
    BackupKey key,
    BackupLocations locations,
    TenantConnections connections,
    BackupService backups,
    TimeProvider time,
    ILogger<BackupStartup> logger) : IHostedService
{
    /// <summary>How long a leftover must have been untouched (and an interrupted run been started) before
    /// it is treated as abandoned.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMinutes(2);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _ = key.Key;
        }
        catch (InvalidOperationException e)
        {
            // StartupChecks already refuses a missing key in Production; anything else is logged, not fatal here.
            logger.LogError(e, "The backup key could not be read; backups will fail until it is configured");
        }

        if (connections.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        try
        {
            var cutoff = time.GetUtcNow().UtcDateTime - Quiet;
            RemoveLeftovers(cutoff);
            await FailInterruptedRunsAsync(cutoff, cancellationToken);
        }
#pragma warning disable CA1031 // a failed clean-up must not stop the app from starting; the next start tries again
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Cleaning up after interrupted backups failed");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deletes abandoned partial archives and staging folders; returns how many.</summary>
    public int RemoveLeftovers(DateTime cutoffUtc)
    {
        var removed = 0;
        foreach (var root in new[] { locations.Root, locations.CopyRoot }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var folder in Directory.EnumerateDirectories(root, $"{BackupWriter.StagingPrefix}*", SearchOption.AllDirectories).ToList())
            {
                if (Directory.Exists(folder) && LastTouched(folder) < cutoffUtc)
                {
                    BackupWriter.TryDeleteDirectory(folder);
                    removed += Directory.Exists(folder) ? 0 : 1;
                }
            }

            foreach (var file in Directory.EnumerateFiles(root, $".*{BackupWriter.PartialSuffix}", SearchOption.AllDirectories).ToList())
            {
                if (File.GetLastWriteTimeUtc(file) < cutoffUtc)
                {
                    BackupWriter.TryDelete(file);
                    removed += File.Exists(file) ? 0 : 1;
                }
            }
        }

        if (removed > 0)
        {
            logger.LogWarning("Removed {Count} partial backup files or folders left by an interrupted backup under {Root}", removed, locations.Root);
        }

        return removed;
    }

    /// <summary>Runs still Running that started before <paramref name="cutoffUtc"/> and are not running in this
    /// process: their process died (a kill, a crash, a power cut). They are recorded Failed, Interrupted.</summary>
    public async Task<int> FailInterruptedRunsAsync(DateTime cutoffUtc, CancellationToken ct)
    {
        await using var db = connections.CreateCatalog();
        var stale = await db.BackupRuns.Where(r => r.Status == BackupStatus.Running && r.StartedAt < cutoffUtc).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var interrupted = stale.Where(r => !backups.IsRunning(r.Scope)).ToList();
        foreach (var run in interrupted)
        {
            run.Status = BackupStatus.Failed;
            run.Error = "Backups.Error.Interrupted";
            run.FinishedAt = now;
            run.ArchivePath = null;
            logger.LogWarning("The backup of {Scope} started at {StartedAt} was interrupted; recorded as failed", run.Scope, run.StartedAt);
        }

        await db.SaveChangesAsync(ct);
        return interrupted.Count;
    }

    /// <summary>The newest write inside a staging folder (its own time changes only when entries are added).</summary>
    private static DateTime LastTouched(string folder)
    {
        var latest = Directory.GetLastWriteTimeUtc(folder);
        foreach (var file in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories))
        {
            var touched = File.GetLastWriteTimeUtc(file);
            latest = touched > latest ? touched : latest;
        }

        return latest;
    }
}
