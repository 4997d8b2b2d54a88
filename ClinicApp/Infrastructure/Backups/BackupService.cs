using System.Collections.Concurrent;
using System.Diagnostics;
using ClinicApp.Data.Catalog;
using ClinicApp.Data.Common;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Infrastructure.Backups;

/// <summary>Told when a hospital's backup failed (the notifications feature tells its admins). Runs in the
/// hospital's scope, after the failed run was recorded.</summary>
public interface IBackupObserver
{
    Task BackupFailedAsync(BackupRun run, CancellationToken ct);
}

/// <summary>Takes backups: records the run in the catalog, writes the archive, verifies it by opening it
/// again (decrypt, unpack, hashes, integrity check, row counts) and records the outcome. A run that fails
/// anywhere is recorded Failed with its reason, its archive removed and the hospital's admins told; the
/// live data is only ever read.</summary>
public sealed class BackupService(
    TenantConnections connections,
    HospitalCatalog catalog,
    TenantScopes scopes,
    BackupWriter writer,
    BackupReader reader,
    BackupLocations locations,
    BackupRetention retention,
    TimeProvider time,
    ILogger<BackupService> logger)
{
    /// <summary>The key of a failure to write (a full or read-only disk); the run's error is "key: detail".</summary>
    public const string DiskError = "Backups.Error.Io";

    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    /// <summary>Whether a backup of the scope (a hospital's slug) runs in this process now.</summary>
    public bool IsRunning(string scope) => _running.ContainsKey(scope);

    public async Task<BackupRun> BackUpHospitalAsync(Guid hospitalId, BackupTrigger trigger, string requestedBy, IProgress<BackupProgress>? progress = null, CancellationToken ct = default)
    {
        var hospital = await catalog.LoadAsync(hospitalId, ct)
            ?? throw new HospitalProvisioningException($"No hospital with id {hospitalId}.");
        var source = new BackupSource(
            "hospital",
            hospital.Slug,
            hospital.Id,
            hospital.Name,
            hospital.Culture,
            hospital.TimeZone,
            BackupLocations.SqliteFile(connections.HospitalConnectionString(hospital)),
            locations.FilesOf(hospital.Slug));
        return await RunAsync(source, trigger, requestedBy, progress, ct);
    }

    public Task<BackupRun> BackUpCatalogAsync(BackupTrigger trigger, string requestedBy, CancellationToken ct = default)
    {
        var source = new BackupSource(
            "catalog", BackupLocations.CatalogScope, null, null, null, null,
            BackupLocations.SqliteFile(connections.CatalogConnectionString()), null);
        return RunAsync(source, trigger, requestedBy, null, ct);
    }

    /// <summary>The runs of one hospital (or of the catalog with null), newest first.</summary>
    public async Task<IReadOnlyList<BackupRun>> ListAsync(Guid? hospitalId, CancellationToken ct = default)
    {
        await using var db = connections.CreateCatalog();
        return await db.BackupRuns.AsNoTracking()
            .Where(r => r.HospitalId == hospitalId)
            .OrderByDescending(r => r.StartedAt)
            .ToListAsync(ct);
    }

    private async Task<BackupRun> RunAsync(BackupSource source, BackupTrigger trigger, string requestedBy, IProgress<BackupProgress>? progress, CancellationToken ct)
    {
        if (connections.Provider != DatabaseProvider.Sqlite)
        {
            throw new NotSupportedException("SQL Server backups are taken by the database server (see README, Operating backups).");
        }

        // One backup of a hospital at a time in this process: a second "back up now" is refused, not queued.
        if (!_running.TryAdd(source.Scope, 0))
        {
            throw new DomainRuleException("Backups.Error.AlreadyRunning");
        }

        try
        {
            var run = new BackupRun
            {
                HospitalId = source.HospitalId,
                Scope = source.Scope,
                Trigger = trigger,
                RequestedBy = requestedBy.Length > 256 ? requestedBy[..256] : requestedBy,
                StartedAt = time.GetUtcNow().UtcDateTime,
            };
            await using (var db = connections.CreateCatalog())
            {
                db.BackupRuns.Add(run);
                await db.SaveChangesAsync(ct);
            }

            var watch = Stopwatch.StartNew();
            try
            {
                var written = await writer.WriteAsync(source, locations.For(source.Scope), progress, ct);
                run.ArchivePath = written.ArchivePath;
                run.SizeBytes = written.SizeBytes;
                run.ArchiveSha256 = written.Sha256;
                run.MigrationId = written.Manifest.MigrationId;
                progress?.Report(new BackupProgress(BackupStage.Verifying, 75));
                await reader.VerifyAsync(written.ArchivePath, ct);
                run.Status = BackupStatus.Verified;
                run.VerifiedAt = time.GetUtcNow().UtcDateTime;
            }
#pragma warning disable CA1031 // whatever broke the run, it is recorded as failed and the admins are told
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogError(e, "The backup of {Scope} failed", source.Scope);
                run.Status = BackupStatus.Failed;
                run.Error = Reason(e);
                if (run.ArchivePath is { } archive)
                {
                    // An archive that did not verify must never be restored: it goes.
                    BackupWriter.TryDelete(archive);
                    run.ArchivePath = null;
                }
            }

            run.FinishedAt = time.GetUtcNow().UtcDateTime;
            run.DurationMs = watch.ElapsedMilliseconds;
            await using (var db = connections.CreateCatalog())
            {
                db.BackupRuns.Update(run);
                await db.SaveChangesAsync(CancellationToken.None);
            }

            if (run.Status == BackupStatus.Verified)
            {
                // Only once this run is recorded good may older ones go (a failed run prunes nothing).
                await retention.PruneAfterBackupAsync(source.Scope, source.TimeZone);
            }

            if (run.Status == BackupStatus.Failed && source.HospitalId is { } hospitalId)
            {
                await NotifyAsync(hospitalId, run);
            }

            progress?.Report(new BackupProgress(BackupStage.Done, 100));
            return run;
        }
        finally
        {
            _running.TryRemove(source.Scope, out _);
        }
    }

    private async Task NotifyAsync(Guid hospitalId, BackupRun run)
    {
        try
        {
            if (await catalog.FindByIdAsync(hospitalId) is not { } tenant)
            {
                return;
            }

            await using var scope = scopes.Create(tenant, "backups");
            foreach (var observer in scope.ServiceProvider.GetServices<IBackupObserver>())
            {
                await observer.BackupFailedAsync(run, CancellationToken.None);
            }
        }
#pragma warning disable CA1031 // a failed notice must not hide the failed backup (it is recorded already)
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Could not tell the admins of {Scope} that its backup failed", run.Scope);
        }
    }

    private static string Reason(Exception e)
    {
        var text = e switch
        {
            BackupArchiveException archive => archive.Message,
            OperationCanceledException => "Backups.Error.Interrupted",
            IOException io => $"{DiskError}: {io.Message}",
            _ => e.Message,
        };
        return text.Length > 2000 ? text[..2000] : text;
    }
}
