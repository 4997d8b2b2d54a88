using ClinicApp.Data.Audit;
using ClinicApp.Data.Catalog;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Infrastructure.Backups;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Backups;

/// <summary>One backup of the hospital as its admins see it.</summary>
public sealed record BackupRow(
    Guid Id,
    DateTime StartedAt,
    BackupTrigger Trigger,
    string RequestedBy,
    BackupStatus Status,
    string? Error,
    long SizeBytes,
    long DurationMs)
{
    /// <summary>Only a verified archive leaves the app: a failed one was deleted, a pruned one is gone.</summary>
    public bool CanDownload => Status == BackupStatus.Verified;

    public static BackupRow From(BackupRun run) => new(
        run.Id, run.StartedAt, run.Trigger, run.RequestedBy, run.Status, run.Error, run.SizeBytes, run.DurationMs);
}

/// <summary>An archive on its way to the admin: the open (encrypted) file and the name it downloads as.</summary>
public sealed record BackupDownload(Stream Content, string FileName);

/// <summary>The admins' backups of their hospital: the list, "back up now", downloads and the hour of the
/// nightly backup. Every operation is the Admin's and concerns the current hospital only (the scope's
/// tenant, never an argument): a run of another hospital is "not found" here.</summary>
public sealed class BackupAdminService(
    TenantContext tenant,
    CurrentActor actor,
    BackupService backups,
    BackupNowRunner runner,
    BackupLocations locations,
    TenantConnections connections,
    HospitalCatalog catalog,
    HospitalSchedules schedules,
    ClinicDbFactory dbFactory,
    TimeProvider time)
{
    public const string AuditEntity = "BackupRun";

    /// <summary>The hospital's backups, newest first.</summary>
    public async Task<IReadOnlyList<BackupRow>> ListAsync(CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        var runs = await backups.ListAsync(tenant.Tenant.Id, ct);
        return [.. runs.Select(BackupRow.From)];
    }

    /// <summary>The hospital's "back up now": running or not, how far, how the last one ended.</summary>
    public BackupNowState NowState()
    {
        actor.Require(Roles.Admin);
        return runner.StateOf(tenant.Tenant.Id);
    }

    /// <summary>Starts a backup of the hospital in the background, in the admin's name; returns at once.
    /// One already running → <c>Backups.Error.AlreadyRunning</c>.</summary>
    public void BackUpNow()
    {
        actor.Require(Roles.Admin);
        runner.Start(tenant.Tenant, actor.Name);
    }

    /// <summary>The hour (0–23, hospital time) of the nightly backup, as the catalog holds it now.</summary>
    public async Task<int> BackupHourAsync(CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        var id = tenant.Tenant.Id;
        await using var db = connections.CreateCatalog();
        return await db.Hospitals.AsNoTracking().Where(h => h.Id == id).Select(h => h.BackupHour).FirstAsync(ct);
    }

    /// <summary>Moves the nightly backup to <paramref name="hour"/> (hospital time) and reschedules the job.</summary>
    public async Task SaveBackupHourAsync(int hour, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        if (hour is < 0 or > 23)
        {
            throw new DomainRuleException("Backups.Error.Hour");
        }

        var id = tenant.Tenant.Id;
        await using (var db = connections.CreateCatalog())
        {
            var hospital = await db.Hospitals.FirstAsync(h => h.Id == id, ct);
            if (hospital.BackupHour == hour)
            {
                return;
            }

            hospital.BackupHour = hour;
            hospital.Version = Guid.NewGuid();
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // The operator changed the hospital (maintenance, suspension) at the same moment.
                throw new DomainRuleException("Common.Error.Concurrency");
            }
        }

        catalog.Invalidate();

        // The schedule reads the hour from the hospital as the catalog holds it now, not from this
        // circuit's (older) copy.
        var fresh = await catalog.FindByIdAsync(id, ct) ?? tenant.Tenant;
        await schedules.ScheduleAsync(fresh, ct);
    }

    /// <summary>Opens a verified archive of this hospital for download and records who took it (the audit
    /// entry commits before a byte leaves). Null — "not found" — for a run of another hospital, one that is
    /// not verified, or whose file is gone.</summary>
    public async Task<BackupDownload?> OpenDownloadAsync(Guid runId, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        var hospitalId = tenant.Tenant.Id;
        BackupRun? run;
        await using (var catalogDb = connections.CreateCatalog())
        {
            run = await catalogDb.BackupRuns.AsNoTracking()
                .FirstOrDefaultAsync(r => r.Id == runId && r.HospitalId == hospitalId && r.Status == BackupStatus.Verified, ct);
        }

        if (run?.ArchivePath is not { } path || !IsUnderBackups(path) || !File.Exists(path))
        {
            return null;
        }

        Stream content;
        try
        {
            content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            // Pruned between the check and the open.
            return null;
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.AuditEntries.Add(AuditEntry.Of(actor, AuditAction.Downloaded, AuditEntity, run.Id.ToString(), time.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            await content.DisposeAsync();
            throw;
        }

        return new BackupDownload(content, Path.GetFileName(path));
    }

    /// <summary>A run's path comes from the catalog; still, nothing outside the backups folder is served.</summary>
    private bool IsUnderBackups(string path)
    {
        var root = Path.TrimEndingDirectorySeparator(locations.Root) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(path).StartsWith(root, StringComparison.Ordinal);
    }
}
