using ClinicApp.Data;
using ClinicApp.Data.Audit;
using ClinicApp.Data.Common;
using ClinicApp.Data.Portal;
using ClinicApp.Features.Tutors;
using ClinicApp.Features.Portal;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Privacy;

/// <summary>Published after a tutor's consents, data exports or erasure requests changed: the portal's
/// "my data" page and the tutor page's privacy section refresh.</summary>
public sealed record TutorPrivacyChanged(Guid TutorId);

/// <summary>One "download my data" as the portal shows it.</summary>
public sealed record TutorExportRow(Guid Id, DateTime RequestedAt, TutorDataExportStatus Status, DateTime? ExpiresAt, long SizeBytes, bool IsExpired)
{
    public bool InProgress => Status is TutorDataExportStatus.Queued or TutorDataExportStatus.Running;

    public bool CanDownload => Status == TutorDataExportStatus.Ready && !IsExpired;

    /// <summary>What the tutor reads: a ready export past its 24 hours is expired even before the cleanup ran.</summary>
    public TutorDataExportStatus Shown => IsExpired ? TutorDataExportStatus.Expired : Status;
}

/// <summary>An erasure request as its tutor sees it.</summary>
public sealed record MyErasureRow(Guid Id, DateTime RequestedAt, ErasureStatus Status, DateTime? DecidedAt, string? RefusalReason);

/// <summary>Everything the "my data" page shows.</summary>
public sealed record MyDataView(
    bool Reminders,
    bool Marketing,
    IReadOnlyList<ConsentRow> History,
    IReadOnlyList<TutorExportRow> Exports,
    MyErasureRow? Erasure);

/// <summary>A ready export's file, to stream to its tutor.</summary>
public sealed record TutorExportDownload(string Path, string FileName);

/// <summary>The tutor's own LGPD rights in the portal: consents, "download my data", "delete my data".
/// The tutor is always the signed-in one (<see cref="PortalAccess"/>), never an id from the page.</summary>
public sealed class MyDataService(
    ClinicDbFactory dbFactory,
    PortalAccess portal,
    CurrentActor actor,
    TenantContext tenant,
    HospitalJobs jobs,
    HospitalEvents events,
    TutorExportFiles files,
    TimeProvider time,
    ILogger<MyDataService> logger)
{
    /// <summary>How many past exports the page lists.</summary>
    private const int ExportsShown = 5;

    /// <summary>The source recorded on consents the tutor changes in the portal.</summary>
    public const string PortalSource = "portal";

    public async Task<MyDataView> GetAsync(CancellationToken ct = default)
    {
        var tutorId = await portal.RequireTutorIdAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tutor = await db.Tutors.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tutorId, ct) ?? throw new PortalNotFoundException();
        var now = time.GetUtcNow().UtcDateTime;
        var exports = await db.TutorDataExports.AsNoTracking().Where(e => e.TutorId == tutorId)
            .OrderByDescending(e => e.RequestedAt).Take(ExportsShown).ToListAsync(ct);
        var erasure = await db.ErasureRequests.AsNoTracking().Where(r => r.TutorId == tutorId)
            .OrderByDescending(r => r.RequestedAt)
            .Select(r => new MyErasureRow(r.Id, r.RequestedAt, r.Status, r.DecidedAt, r.RefusalReason))
            .FirstOrDefaultAsync(ct);
        return new MyDataView(
            TutorConsents.IsGranted(tutor, ConsentPurpose.Reminders),
            TutorConsents.IsGranted(tutor, ConsentPurpose.Marketing),
            await TutorConsents.HistoryAsync(db, tutorId, ct),
            exports.Select(e => Row(e, now)).ToList(),
            erasure);
    }

    /// <summary>The tutor gives or withdraws one consent; false when it already was so (no history row).</summary>
    public async Task<bool> SetConsentAsync(ConsentPurpose purpose, bool granted, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(purpose))
        {
            throw new DomainRuleException("Consent.Error.UnknownPurpose");
        }

        var tutorId = await portal.RequireTutorIdAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tutor = await db.Tutors.FirstOrDefaultAsync(t => t.Id == tutorId, ct) ?? throw new PortalNotFoundException();
        if (!TutorConsents.Change(db, tutor, purpose, granted, ConsentChannel.Portal, PortalSource, actor.UserId, time.GetUtcNow().UtcDateTime))
        {
            return false;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The desk saved the tutor at this moment: the tutor sees the state it left and tries again.
            throw new DomainRuleException("Common.Error.Concurrency");
        }

        await events.PublishAsync(new TutorPrivacyChanged(tutorId));
        return true;
    }

    /// <summary>Queues "download my data", or returns the export already queued or running (at most
    /// one in progress per tutor).</summary>
    public async Task<TutorExportRow> RequestExportAsync(CancellationToken ct = default)
    {
        var tutorId = await portal.RequireTutorIdAsync(ct);
        var hospitalId = tenant.Tenant.Id;
        TutorDataExport export;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var now = time.GetUtcNow().UtcDateTime;
            var running = await db.TutorDataExports.AsNoTracking()
                .Where(e => e.TutorId == tutorId && (e.Status == TutorDataExportStatus.Queued || e.Status == TutorDataExportStatus.Running))
                .OrderByDescending(e => e.RequestedAt).FirstOrDefaultAsync(ct);
            if (running is not null)
            {
                return Row(running, now);
            }

            export = new TutorDataExport { TutorId = tutorId, RequestedAt = now, Status = TutorDataExportStatus.Queued };
            db.TutorDataExports.Add(export);
            await db.SaveChangesAsync(ct);
        }

        try
        {
            var exportId = export.Id;
            jobs.Enqueue<TutorExportJob>(job => job.RunAsync(hospitalId, exportId, CancellationToken.None));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No job will ever run it: it must not block the next request.
            logger.LogError(e, "The data export {Export} of a tutor of {Hospital} could not be queued", export.Id, tenant.Tenant.Slug);
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.TutorDataExports.Where(x => x.Id == export.Id).ExecuteUpdateAsync(
                s => s.SetProperty(x => x.Status, TutorDataExportStatus.Failed).SetProperty(x => x.Error, "MyData.Error.NotQueued"), CancellationToken.None);
            throw new DomainRuleException("MyData.Error.NotQueued");
        }

        await events.PublishAsync(new TutorPrivacyChanged(tutorId));
        return Row(export, time.GetUtcNow().UtcDateTime);
    }

    /// <summary>The signed-in tutor's ready, unexpired export, counted and audited as downloaded; null
    /// for anything else (another tutor's, expired, not ready, its file gone): all answered alike.</summary>
    public async Task<TutorExportDownload?> DownloadAsync(Guid id, CancellationToken ct = default)
    {
        if (await portal.TutorIdAsync(ct) is not { } tutorId)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var export = await db.TutorDataExports.FirstOrDefaultAsync(e => e.Id == id && e.TutorId == tutorId, ct);
        if (export is not { Status: TutorDataExportStatus.Ready, FileName: { } name } || export.ExpiresAt <= now)
        {
            return null;
        }

        var path = files.FileOf(tenant.Tenant.Slug, name);
        if (!File.Exists(path))
        {
            return null;
        }

        export.DownloadCount++;
        db.AuditEntries.Add(AuditEntry.Of(actor, AuditAction.Downloaded, nameof(TutorDataExport), export.Id.ToString(), now));
        await db.SaveChangesAsync(ct);
        return new TutorExportDownload(path, name);
    }

    /// <summary>The tutor asks for their data to be erased; an admin reviews it. A second request
    /// while one is pending is refused ("already requested").</summary>
    public async Task RequestErasureAsync(CancellationToken ct = default)
    {
        var tutorId = await portal.RequireTutorIdAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await Erasures.AddRequestAsync(db, tutorId, ErasureOrigin.Portal, actor.UserId, PortalSource, null, time.GetUtcNow().UtcDateTime, ct);
        await events.PublishAsync(new TutorPrivacyChanged(tutorId));
    }

    internal static TutorExportRow Row(TutorDataExport e, DateTime now) => new(
        e.Id, e.RequestedAt, e.Status, e.ExpiresAt, e.SizeBytes,
        IsExpired: e.Status == TutorDataExportStatus.Expired || (e.Status == TutorDataExportStatus.Ready && e.ExpiresAt <= now));
}
