using System.Collections.Concurrent;
using System.Diagnostics;
using ClinicApp.Data.Catalog;
using ClinicApp.Data.Common;
using ClinicApp.Tenancy;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
    IOptions<BackupOptions> options,
    BackupRetention retention,
    TimeProvider time,
    ILogger<BackupService> logger)
{
    /// <summary>The key of a failure to write (a full or read-only disk); the run's error is "key: detail".</summary>
    public const string DiskError = "Backups.Error.Io";

    /// <summary>The key of a failed second copy; the run stays Verified (the archive itself is good).</summary>
    public const string CopyError = "Backups.Error.CopyFailed";

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
            connections.Provider == DatabaseProvider.Sqlite ? BackupLocations.SqliteFile(connections.HospitalConnectionString(hospital)) : "",
            locations.FilesOf(hospital.Slug));
        return await RunAsync(source, trigger, requestedBy, progress, ct);
    }

    public Task<BackupRun> BackUpCatalogAsync(BackupTrigger trigger, string requestedBy, CancellationToken ct = default)
    {
        var source = new BackupSource(
            "catalog", BackupLocations.CatalogScope, null, null, null, null,
            connections.Provider == DatabaseProvider.Sqlite ? BackupLocations.SqliteFile(connections.CatalogConnectionString()) : "", null);
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
                if (connections.Provider == DatabaseProvider.SqlServer)
                {
                    await SqlServerBackupAsync(source, run, ct);
                }
                else
                {
                    var written = await writer.WriteAsync(source, locations.For(source.Scope), progress, ct);
                    run.ArchivePath = written.ArchivePath;
                    run.SizeBytes = written.SizeBytes;
                    run.ArchiveSha256 = written.Sha256;
                    run.MigrationId = written.Manifest.MigrationId;
                    progress?.Report(new BackupProgress(BackupStage.Verifying, 75));
                    await reader.VerifyAsync(written.ArchivePath, ct);
                }

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

            if (run.Status == BackupStatus.Verified && run.ArchivePath is { } good && connections.Provider == DatabaseProvider.Sqlite)
            {
                await SecondCopyAsync(run, good, source.Scope, ct);
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

    /// <summary>The copy to <c>Backups:CopyDirectory</c> (an off-site mount): written under a hidden temporary
    /// name, its SHA-256 compared with the verified archive's, then renamed, so the copy folder never holds a
    /// file that looks good and is not. A copy that fails leaves the run Verified (the archive beside the app
    /// is good and restorable) but says so in its Error and the log; the next night tries again.</summary>
    private async Task SecondCopyAsync(BackupRun run, string archive, string scope, CancellationToken ct)
    {
        if (locations.CopyFor(scope) is not { } directory)
        {
            return;
        }

        var target = Path.Combine(directory, Path.GetFileName(archive));
        var partial = Path.Combine(directory, $".{Path.GetFileName(archive)}{BackupWriter.PartialSuffix}");
        try
        {
            Directory.CreateDirectory(directory);
            await using (var input = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous))
            await using (var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await input.CopyToAsync(output, ct);
                await output.FlushAsync(ct);
                output.Flush(flushToDisk: true);
            }

            // Read back what landed on the (possibly network) disk, not what was sent to it.
            string copied;
            await using (var check = new FileStream(partial, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous))
            {
                copied = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(check, ct));
            }

            if (!string.Equals(copied, run.ArchiveSha256, StringComparison.Ordinal))
            {
                throw new IOException($"The copy in {directory} does not match the archive (SHA-256 {copied}, expected {run.ArchiveSha256}).");
            }

            File.Move(partial, target);
            run.CopyPath = target;
        }
#pragma warning disable CA1031 // a failed copy is recorded and logged; the verified archive stays good
        catch (Exception e)
#pragma warning restore CA1031
        {
            BackupWriter.TryDelete(partial);
            logger.LogError(e, "The second copy of the backup of {Scope} to {Directory} failed; the archive {Archive} is good", scope, directory, archive);
            var text = $"{CopyError}: {e.Message}";
            run.Error = text.Length > 2000 ? text[..2000] : text;
        }
    }

    /// <summary>SQL Server: the database server writes and checks the backup itself (<c>BACKUP DATABASE …
    /// WITH CHECKSUM</c>, then <c>RESTORE VERIFYONLY</c>) to <c>Backups:Directory</c> on ITS disk (the path is
    /// the server's, not this machine's). It holds the database only (exam files are backed up with the
    /// file system), is not encrypted by the backup key (use TDE or backup encryption on the server) and is
    /// not copied to Backups:CopyDirectory. Kept this small because no SQL Server runs here to test it:
    /// this path has never been run by the test suite (see the README, Operating backups).</summary>
    private async Task SqlServerBackupAsync(BackupSource source, BackupRun run, CancellationToken ct)
    {
        string connectionString;
        if (source.HospitalId is { } hospitalId)
        {
            var hospital = await catalog.LoadAsync(hospitalId, ct)
                ?? throw new HospitalProvisioningException($"No hospital with id {hospitalId}.");
            connectionString = connections.HospitalConnectionString(hospital);
        }
        else
        {
            connectionString = connections.CatalogConnectionString();
        }

        var database = new SqlConnectionStringBuilder(connectionString).InitialCatalog;
        var directory = options.Value.Directory
            ?? throw new InvalidOperationException("Backups:Directory (a folder on the database server) is required with the SqlServer provider.");
        var separator = directory.Contains('\\', StringComparison.Ordinal) ? '\\' : '/';
        var path = $"{directory.TrimEnd('/', '\\')}{separator}{source.Scope}-{time.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.bak";
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using (var backup = connection.CreateCommand())
        {
            // The name cannot be a parameter; QUOTENAME's rule (] doubled) keeps it one identifier.
            backup.CommandText = $"BACKUP DATABASE [{database.Replace("]", "]]", StringComparison.Ordinal)}] TO DISK = @path WITH CHECKSUM, INIT, COPY_ONLY";
            backup.Parameters.AddWithValue("@path", path);
            backup.CommandTimeout = 0;
            await backup.ExecuteNonQueryAsync(ct);
        }

        await using (var verify = connection.CreateCommand())
        {
            verify.CommandText = "RESTORE VERIFYONLY FROM DISK = @path WITH CHECKSUM";
            verify.Parameters.AddWithValue("@path", path);
            verify.CommandTimeout = 0;
            await verify.ExecuteNonQueryAsync(ct);
        }

        run.ArchivePath = path;
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
