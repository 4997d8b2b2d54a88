using System.Collections.Concurrent;
using ClinicApp.Data.Audit;
using ClinicApp.Data.Common;
using ClinicApp.Data.Exports;
using ClinicApp.Data.Identity;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Export;

/// <summary>One export as the page lists it. <see cref="IsExpired"/>: its 24 hours are over (the
/// file is, or is about to be, deleted by <see cref="ExportCleanupJob"/>).</summary>
public sealed record ExportRow(
    Guid Id,
    DateTime RequestedAt,
    string RequestedBy,
    DataExportStatus Status,
    int Progress,
    long SizeBytes,
    DateTime? ExpiresAt,
    int DownloadCount,
    string? Error,
    bool IsExpired)
{
    public bool InProgress => Status is DataExportStatus.Queued or DataExportStatus.Running;

    public bool CanDownload => Status == DataExportStatus.Ready && !IsExpired;
}

/// <summary>The answer to a request: the export queued now, or the one already queued or running
/// (<see cref="AlreadyRunning"/>), which the admin waits for instead of starting a second.</summary>
public sealed record ExportRequest(ExportRow Export, bool AlreadyRunning);

/// <summary>A ready export's file, to stream to the admin.</summary>
public sealed record ExportDownload(string Path, string FileName);

/// <summary>The admin's verbs on the hospital's full export: ask for one (queued as a background job),
/// list them, download one. Each checks that the actor is an admin itself.</summary>
public sealed class ExportService(
    ClinicDbFactory dbFactory,
    CurrentActor actor,
    TenantContext tenant,
    HospitalJobs jobs,
    ExportLocations locations,
    TimeProvider time,
    ILogger<ExportService> logger)
{
    public const string Who = Roles.Admin;

    /// <summary>How long a ready export can be downloaded.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    // One export at a time per hospital: the check and the insert of a request run under this lock
    // (the table has no partial unique index to say it, and adding a migration for it is not worth
    // it: a second app instance could at worst queue a second export, which is harmless). The job
    // itself is serialized by the row's status.
    private static readonly ConcurrentDictionary<Guid, SemaphoreSlim> Requests = new();

    /// <summary>Queues a full export of the hospital, audited (who asked, when) in the same commit, or
    /// returns the export already queued or running.</summary>
    public async Task<ExportRequest> RequestAsync(CancellationToken ct = default)
    {
        actor.Require(Who);
        var hospitalId = tenant.Tenant.Id;
        var gate = Requests.GetOrAdd(hospitalId, _ => new SemaphoreSlim(1, 1));
        DataExport export;
        await gate.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var running = await db.DataExports.AsNoTracking()
                .Where(e => e.Status == DataExportStatus.Queued || e.Status == DataExportStatus.Running)
                .OrderByDescending(e => e.RequestedAt).FirstOrDefaultAsync(ct);
            if (running is not null)
            {
                return new ExportRequest(Row(running, time.GetUtcNow().UtcDateTime), AlreadyRunning: true);
            }

            var now = time.GetUtcNow().UtcDateTime;
            // The list names people as the rest of the app does (their display name, not the e-mail they sign in with).
            var displayName = actor.UserId is { } userId
                ? await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct)
                : null;
            export = new DataExport
            {
                RequestedById = actor.UserId ?? Guid.Empty,
                RequestedByName = string.IsNullOrWhiteSpace(displayName) ? actor.Name : displayName,
                RequestedAt = now,
                Status = DataExportStatus.Queued,
            };
            db.DataExports.Add(export);
            db.AuditEntries.Add(AuditEntry.Of(actor, AuditAction.Exported, nameof(DataExport), export.Id.ToString(), now));
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            gate.Release();
        }

        try
        {
            var exportId = export.Id;
            jobs.Enqueue<ExportJob>(job => job.RunAsync(hospitalId, exportId, CancellationToken.None));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The row says queued but no job will ever run it: it must not block the next request.
            logger.LogError(e, "The export {Export} of hospital {Hospital} could not be queued", export.Id, tenant.Tenant.Slug);
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.DataExports.Where(x => x.Id == export.Id).ExecuteUpdateAsync(
                s => s.SetProperty(x => x.Status, DataExportStatus.Failed).SetProperty(x => x.Error, "Export.Error.NotQueued"), CancellationToken.None);
            throw new DomainRuleException("Export.Error.NotQueued");
        }

        return new ExportRequest(Row(export, time.GetUtcNow().UtcDateTime), AlreadyRunning: false);
    }

    /// <summary>The hospital's exports, newest first.</summary>
    public async Task<IReadOnlyList<ExportRow>> ListAsync(int take = 50, CancellationToken ct = default)
    {
        actor.Require(Who);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.DataExports.AsNoTracking().OrderByDescending(e => e.RequestedAt).Take(take).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return rows.Select(e => Row(e, now)).ToList();
    }

    /// <summary>A ready, unexpired export of this hospital, counted and audited as downloaded; null
    /// when there is none (another hospital's id, expired, not ready, its file gone).</summary>
    public async Task<ExportDownload?> DownloadAsync(Guid id, CancellationToken ct = default)
    {
        actor.Require(Who);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var export = await db.DataExports.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (export is not { Status: DataExportStatus.Ready, FileName: { } name } || export.ExpiresAt <= now)
        {
            return null;
        }

        var path = locations.FileOf(tenant.Tenant.Slug, name);
        if (!File.Exists(path))
        {
            return null;
        }

        export.DownloadCount++;
        db.AuditEntries.Add(AuditEntry.Of(actor, AuditAction.Downloaded, nameof(DataExport), export.Id.ToString(), now));
        await db.SaveChangesAsync(ct);
        return new ExportDownload(path, name);
    }

    private static ExportRow Row(DataExport e, DateTime now) => new(
        e.Id, e.RequestedAt, e.RequestedByName, e.Status, e.Progress, e.SizeBytes, e.ExpiresAt, e.DownloadCount, e.Error,
        IsExpired: e.Status == DataExportStatus.Ready && e.ExpiresAt <= now);
}

/// <summary>Where the exports are: <c>&lt;data&gt;/exports/&lt;slug&gt;/</c>, apart from the backups and
/// the stored files (an export is a copy the admin takes away, deleted after a day; it must never be
/// backed up or mistaken for a stored file).</summary>
public sealed class ExportLocations(TenantConnections connections)
{
    public const string PartialSuffix = ".partial";

    public string Root => Path.Combine(connections.DataDirectory, "exports");

    public string For(string slug) => Path.Combine(Root, slug);

    /// <summary>The file of an export: only a plain file name inside the hospital's folder.</summary>
    public string FileOf(string slug, string fileName) =>
        Path.GetFileName(fileName) == fileName ? Path.Combine(For(slug), fileName) : throw new ArgumentException("Not a file name.", nameof(fileName));

    public string FilesOf(string slug) => connections.FilesDirectory(slug);
}
