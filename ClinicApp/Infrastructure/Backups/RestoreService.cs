using ClinicApp.Data.Catalog;
using ClinicApp.Data.Common;
using ClinicApp.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ClinicApp.Infrastructure.Backups;

/// <summary>A restore that was refused or failed: <see cref="Exception.Message"/> is a resource key
/// (Backups.*), <see cref="Detail"/> says what exactly (for the operator's command line and the logs).</summary>
public sealed class RestoreException(string key, string detail, Exception? inner = null) : Exception(key, inner)
{
    public const string OtherHospital = "Backups.Error.OtherHospital";
    public const string NotAHospital = "Backups.Error.NotAHospitalArchive";
    public const string NewerSchema = "Backups.Error.NewerSchema";
    public const string AlreadyRestoring = "Backups.Error.AlreadyRestoring";
    public const string SafetyBackupFailed = "Backups.Error.SafetyBackupFailed";
    public const string BadNewId = "Backups.Error.BadNewId";
    public const string SwapFailed = "Backups.Error.SwapFailed";

    public string Detail { get; } = detail;

    public override string ToString() => $"{Message}: {Detail}";
}

/// <summary>The restore's steps, told to <see cref="IRestoreSteps"/>.</summary>
public enum RestoreStep
{
    /// <summary>The hospital is in maintenance and the grace period has passed; nothing swapped yet.</summary>
    MaintenanceBegan,

    /// <summary>The archive's files replaced the live ones; the database is next.</summary>
    FilesSwapped,

    /// <summary>The database is replaced too; the hospital is still in maintenance. Done: a failure here is
    /// logged, not undone.</summary>
    Restored,
}

/// <summary>Told as a restore passes each step. The app registers none that acts; the tests put a failure at a
/// step to prove that the live data is left exactly as it was.</summary>
public interface IRestoreSteps
{
    Task ReachedAsync(RestoreStep step, string hospital);
}

internal sealed class NoRestoreSteps : IRestoreSteps
{
    public Task ReachedAsync(RestoreStep step, string hospital) => Task.CompletedTask;
}

/// <summary>What a restore did.</summary>
public sealed record RestoreResult(string Hospital, Guid HospitalId, bool NewHospital, string ArchivePath, string? SafetyBackupPath, BackupManifest Manifest);

/// <summary>Restores one hospital from an archive, safe by construction. The archive is decrypted, checked
/// (hashes, integrity, row counts) and migrated in a staging folder beside the live data before anything live
/// is touched; a refused archive changes nothing. In place, the hospital enters maintenance (its writes are
/// refused, <see cref="MaintenanceGuard"/>), a safety backup of the current data is taken, the files are swapped
/// by renames that are undone on failure, and the database is overwritten with SQLite's backup API (one write
/// transaction: all or nothing, and correct while the app holds pooled connections to the file, which a rename
/// over the file would not be). The hospital always leaves maintenance. With a new id (<c>--as</c>) the archive
/// becomes a new hospital beside the live one, which is not touched.</summary>
public sealed class RestoreService(
    TenantConnections connections,
    HospitalCatalog catalog,
    HospitalMaintenance maintenance,
    UnavailableHospitals unavailable,
    BackupService backups,
    BackupReader reader,
    IRestoreSteps steps,
    IOptions<BackupOptions> options,
    TimeProvider time,
    ILogger<RestoreService> logger)
{
    public const string StagingPrefix = ".restore-";

    public async Task<RestoreResult> RestoreAsync(string slug, string archivePath, string? asSlug = null, CancellationToken ct = default)
    {
        if (connections.Provider != DatabaseProvider.Sqlite)
        {
            throw new NotSupportedException("SQL Server databases are restored by the database server (see README, Operating backups).");
        }

        slug = slug.Trim().ToLowerInvariant();
        archivePath = Path.GetFullPath(archivePath);
        var newSlug = asSlug?.Trim().ToLowerInvariant();
        var target = await FindAsync(slug, ct);
        if (newSlug is not null)
        {
            await CheckNewIdAsync(newSlug, ct);
        }

        // Beside the live data (same file system): the staged files are renamed into place, never copied.
        var staging = Path.Combine(connections.DataDirectory, $"{StagingPrefix}{Guid.NewGuid():N}");
        try
        {
            var extracted = await reader.ExtractAsync(archivePath, staging, ct);
            var manifest = extracted.Manifest;
            if (manifest.Kind != "hospital" || manifest.HospitalId is null)
            {
                throw new RestoreException(RestoreException.NotAHospital, $"{Path.GetFileName(archivePath)} is a backup of the {manifest.Kind}, not of a hospital.");
            }

            if (newSlug is null)
            {
                CheckSameHospital(slug, target, manifest);
            }

            var database = await MigrateAsync(extracted.DatabaseFile, ct);
            if (newSlug is not null)
            {
                var name = $"{manifest.HospitalName ?? manifest.Scope} (restored {manifest.CreatedAt:yyyy-MM-dd HH:mm} UTC)";
                var created = await PlaceAsNewAsync(newSlug, Guid.CreateVersion7(), name, manifest, database, extracted.FilesDirectory, ct);
                logger.LogWarning("Archive {Archive} restored as the new hospital {Hospital}", archivePath, newSlug);
                return new RestoreResult(newSlug, created, true, archivePath, null, manifest);
            }

            if (target is null)
            {
                // A new machine that has the key: the hospital comes back under its own id and address.
                var created = await PlaceAsNewAsync(slug, manifest.HospitalId.Value, manifest.HospitalName ?? slug, manifest, database, extracted.FilesDirectory, ct);
                logger.LogWarning("Archive {Archive} restored as hospital {Hospital}, which the catalog did not have", archivePath, slug);
                return new RestoreResult(slug, created, true, archivePath, null, manifest);
            }

            var safety = await SwapInAsync(target, archivePath, database, extracted.FilesDirectory, staging, ct);
            logger.LogWarning("Hospital {Hospital} restored from {Archive}; its data before the restore is in {Safety}", slug, archivePath, safety);
            return new RestoreResult(slug, target.Id, false, archivePath, safety, manifest);
        }
        finally
        {
            BackupWriter.TryDeleteDirectory(staging);
        }
    }

    private async Task<Hospital?> FindAsync(string slug, CancellationToken ct)
    {
        await using var db = connections.CreateCatalog();
        return await db.Hospitals.AsNoTracking().FirstOrDefaultAsync(h => h.Slug == slug, ct);
    }

    private static void CheckSameHospital(string slug, Hospital? target, BackupManifest manifest)
    {
        if (target is not null && target.Id != manifest.HospitalId)
        {
            throw new RestoreException(RestoreException.OtherHospital,
                $"The archive is a backup of hospital '{manifest.Scope}' ({manifest.HospitalId}), not of '{slug}' ({target.Id}); restore it under a new id with --as <new-id>.");
        }

        if (target is null && manifest.Scope != slug)
        {
            throw new RestoreException(RestoreException.OtherHospital,
                $"The archive is a backup of hospital '{manifest.Scope}', not of '{slug}'; restore it under a new id with --as <new-id>.");
        }
    }

    /// <summary>The same rules as adding a hospital: a valid, unreserved id that no hospital, database file
    /// or files folder has yet.</summary>
    private async Task CheckNewIdAsync(string newSlug, CancellationToken ct)
    {
        if (!TenantResolutionMiddleware.SlugRule().IsMatch(newSlug) || TenantResolutionMiddleware.Reserved.Contains(newSlug))
        {
            throw new RestoreException(RestoreException.BadNewId,
                $"'{newSlug}' cannot be a hospital id: use lowercase letters, digits and hyphens (up to 63), not one of: {string.Join(", ", TenantResolutionMiddleware.Reserved)}.");
        }

        if (await FindAsync(newSlug, ct) is not null)
        {
            throw new RestoreException(RestoreException.BadNewId, $"A hospital with id '{newSlug}' already exists.");
        }

        if (File.Exists(DatabaseFileOf(newSlug)) || Directory.Exists(connections.FilesDirectory(newSlug)))
        {
            throw new RestoreException(RestoreException.BadNewId, $"Data of a hospital '{newSlug}' is already on disk ({DatabaseFileOf(newSlug)}); choose another id.");
        }
    }

    private string DatabaseFileOf(string slug) => BackupLocations.SqliteFile(connections.DefaultHospitalConnectionString(slug));

    /// <summary>Brings the staged database to the app's schema (an archive from an older version), refuses one
    /// from a newer version, and leaves it a single file (no -wal beside it) that nothing holds open.</summary>
    private async Task<string> MigrateAsync(string database, CancellationToken ct)
    {
        // The app's contexts switch every connection to WAL, EF's read-only existence check included, which a
        // read-only connection cannot do to a file still in rollback-journal mode: it is switched first.
        SetJournalMode(database, "WAL");
        var connection = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 }.ToString();
        await using (var db = connections.CreateHospital(connection, new SystemActor("restore"), time))
        {
            var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
            var unknown = (await db.Database.GetAppliedMigrationsAsync(ct)).Where(m => !known.Contains(m)).ToList();
            if (unknown.Count > 0)
            {
                throw new RestoreException(RestoreException.NewerSchema,
                    $"The archive was written by a newer version of the app (migration {unknown[^1]}); update the app before restoring it.");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Migrating the restored database: {Migrations}", string.Join(", ", pending));
                await db.Database.MigrateAsync(ct);
            }
        }

        SetJournalMode(database, "DELETE");
        return database;
    }

    private static void SetJournalMode(string database, string mode)
    {
        using var plain = new SqliteConnection(BackupWriter.Connection(database, SqliteOpenMode.ReadWrite));
        plain.Open();
        using var command = plain.CreateCommand();
        command.CommandText = $"PRAGMA journal_mode={mode};";
        command.ExecuteNonQuery();
    }

    /// <summary>A hospital the catalog does not have: its database and files are moved into place first (no one
    /// can open them before the catalog names the hospital), then the catalog row is added; on failure both go.</summary>
    private async Task<Guid> PlaceAsNewAsync(string slug, Guid id, string name, BackupManifest manifest, string database, string stagedFiles, CancellationToken ct)
    {
        var databaseFile = DatabaseFileOf(slug);
        var files = connections.FilesDirectory(slug);
        if (File.Exists(databaseFile) || Directory.Exists(files))
        {
            throw new RestoreException(RestoreException.BadNewId, $"Data of a hospital '{slug}' is already on disk ({databaseFile}); move it away first.");
        }

        var culture = manifest.Culture ?? "pt-BR";
        var timeZone = manifest.TimeZone is { } zone && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _) ? zone : "America/Sao_Paulo";
        var movedFiles = false;
        File.Move(database, databaseFile);
        try
        {
            if (Directory.Exists(stagedFiles))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(files)!);
                Directory.Move(stagedFiles, files);
                movedFiles = true;
            }

            await using var db = connections.CreateCatalog();
            if (await db.Hospitals.AnyAsync(h => h.Id == id, ct))
            {
                throw new RestoreException(RestoreException.OtherHospital, $"The catalog already has hospital {id} under another id; restore the archive with --as <new-id>.");
            }

            db.Hospitals.Add(new Hospital
            {
                Id = id,
                Slug = slug,
                Name = name.Length > 200 ? name[..200] : name,
                Culture = culture,
                TimeZone = timeZone,
                CreatedAt = time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch
        {
            BackupWriter.TryDelete(databaseFile);
            if (movedFiles)
            {
                BackupWriter.TryDeleteDirectory(files);
            }

            throw;
        }
        finally
        {
            catalog.Invalidate();
        }

        unavailable.Clear(id);
        return id;
    }

    /// <summary>In place: maintenance, a safety backup, then the files (renames, undone on failure) and last the
    /// database (one transaction of the backup API). Returns the safety backup's path.</summary>
    private async Task<string?> SwapInAsync(Hospital target, string archivePath, string database, string stagedFiles, string staging, CancellationToken ct)
    {
        if (!await maintenance.EnterAsync(target.Id, $"restore of {Path.GetFileName(archivePath)}", ct))
        {
            throw new RestoreException(RestoreException.AlreadyRestoring, $"Hospital '{target.Slug}' is already in maintenance: a restore is already running.");
        }

        try
        {
            // Every instance must see the maintenance (their catalog caches) and writes in flight must end
            // before the data is replaced; from here on no write is accepted.
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, options.Value.MaintenanceGraceSeconds)), ct);
            var liveDatabase = BackupLocations.SqliteFile(connections.HospitalConnectionString(target));

            // Taken inside maintenance, so it holds exactly the data the restore replaces. A hospital whose
            // database is lost (the reason for many restores) has nothing to keep.
            string? safety = null;
            if (File.Exists(liveDatabase))
            {
                var run = await backups.BackUpHospitalAsync(target.Id, BackupTrigger.BeforeRestore, "restore", null, ct);
                if (run.Status != BackupStatus.Verified || run.ArchivePath is null)
                {
                    throw new RestoreException(RestoreException.SafetyBackupFailed,
                        $"The backup of the current data of '{target.Slug}' taken before the restore failed ({run.Error}); nothing was restored.");
                }

                safety = run.ArchivePath;
            }

            await steps.ReachedAsync(RestoreStep.MaintenanceBegan, target.Slug);
            ct.ThrowIfCancellationRequested();
            await SwapAsync(target, database, liveDatabase, stagedFiles, staging);
            unavailable.Clear(target.Id);
            await TellRestoredAsync(target.Slug);
            return safety;
        }
        finally
        {
            await maintenance.LeaveAsync(target.Id, CancellationToken.None);
        }
    }

    private async Task TellRestoredAsync(string slug)
    {
        try
        {
            await steps.ReachedAsync(RestoreStep.Restored, slug);
        }
#pragma warning disable CA1031 // the data is restored: a listener's failure must not report the restore as failed
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "A listener failed after the restore of {Hospital}", slug);
        }
    }

    private async Task SwapAsync(Hospital target, string database, string liveDatabase, string stagedFiles, string staging)
    {
        var liveFiles = connections.FilesDirectory(target.Slug);
        var aside = Path.Combine(staging, "live-files");
        var movedAside = false;
        var movedIn = false;
        try
        {
            if (Directory.Exists(liveFiles))
            {
                Directory.Move(liveFiles, aside);
                movedAside = true;
            }

            if (Directory.Exists(stagedFiles))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(liveFiles)!);
                Directory.Move(stagedFiles, liveFiles);
                movedIn = true;
            }

            await steps.ReachedAsync(RestoreStep.FilesSwapped, target.Slug);
            CopyInto(database, liveDatabase);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The restore of {Hospital} failed while swapping; the live data is put back", target.Slug);
            if (movedIn)
            {
                Directory.Move(liveFiles, stagedFiles);
            }

            if (movedAside)
            {
                Directory.Move(aside, liveFiles);
            }

            if (e is RestoreException)
            {
                throw;
            }

            throw new RestoreException(RestoreException.SwapFailed, $"The restore of '{target.Slug}' failed and was undone: {e.Message}", e);
        }
    }

    /// <summary>The staged database becomes the live one's content in one write transaction of SQLite's backup
    /// API: the app's pooled connections stay valid and see the new content at their next read. A live file
    /// that is missing (a lost disk) is simply replaced by the staged file.</summary>
    private static void CopyInto(string database, string liveDatabase)
    {
        if (!File.Exists(liveDatabase))
        {
            File.Move(database, liveDatabase);
            return;
        }

        using var source = new SqliteConnection(BackupWriter.Connection(database, SqliteOpenMode.ReadOnly));
        using var destination = new SqliteConnection(BackupWriter.Connection(liveDatabase, SqliteOpenMode.ReadWrite));
        source.Open();
        destination.Open();
        using (var wait = destination.CreateCommand())
        {
            // A reader's checkpoint can hold the file for a moment: wait for it rather than fail.
            wait.CommandText = "PRAGMA busy_timeout=30000;";
            wait.ExecuteNonQuery();
        }

        source.BackupDatabase(destination);
    }
}
