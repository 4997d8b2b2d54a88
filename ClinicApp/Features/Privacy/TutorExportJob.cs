using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Portal;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Privacy;

/// <summary>Where the tutors' "download my data" ZIPs are: <c>&lt;data&gt;/exports/&lt;slug&gt;/tutors/</c>,
/// the hospital's own export folder (never backed up, deleted after a day).</summary>
public sealed class TutorExportFiles(TenantConnections connections)
{
    public const string PartialSuffix = ".partial";

    public string For(string slug) => Path.Combine(connections.DataDirectory, "exports", slug, "tutors");

    /// <summary>The file of an export: only a plain file name inside the hospital's folder.</summary>
    public string FileOf(string slug, string fileName) =>
        Path.GetFileName(fileName) == fileName ? Path.Combine(For(slug), fileName) : throw new ArgumentException("Not a file name.", nameof(fileName));
}

/// <summary>Builds one tutor's "download my data": <c>data.json</c> (the machine-readable copy:
/// portability) and <c>data.pdf</c> (the readable one: access) in a ZIP written under a temporary name
/// and renamed when complete; the row goes Running → Ready (24 h) or Failed.</summary>
public sealed class TutorExportJob(
    ClinicDbFactory dbFactory,
    TenantContext tenant,
    TutorExportFiles files,
    HospitalEvents events,
    IStringLocalizer<SharedResource> localizer,
    TimeProvider time,
    ILogger<TutorExportJob> logger)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Runs the export of the hospital the activator put in this scope; a scope of another
    /// hospital (or none) fails before it reads anything. Not retried: a failure is on the row and the
    /// tutor asks again.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid tenantId, Guid exportId, CancellationToken ct)
    {
        var hospital = tenant.Tenant;
        if (hospital.Id != tenantId)
        {
            throw new TenantUnavailableException($"The tutor export of hospital {tenantId} ran in the scope of '{hospital.Slug}'.");
        }

        var fileName = $"{exportId:N}.zip";
        Guid tutorId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Only a queued export starts, once: a job run twice finds it Running.
            var started = await db.TutorDataExports.Where(e => e.Id == exportId && e.Status == TutorDataExportStatus.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, TutorDataExportStatus.Running).SetProperty(e => e.FileName, fileName), ct);
            if (started == 0)
            {
                logger.LogWarning("Tutor export {Export} of {Hospital} is not queued: not run again", exportId, hospital.Slug);
                return;
            }

            tutorId = await db.TutorDataExports.Where(e => e.Id == exportId).Select(e => e.TutorId).SingleAsync(ct);
        }

        await events.PublishAsync(new TutorPrivacyChanged(tutorId));
        var final = files.FileOf(hospital.Slug, fileName);
        var partial = final + TutorExportFiles.PartialSuffix;
        try
        {
            Directory.CreateDirectory(files.For(hospital.Slug));
            var data = await TutorData.ReadAsync(dbFactory, hospital.Name, time.GetUtcNow().UtcDateTime, tutorId, ct);
            await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                var json = zip.CreateEntry("data.json", CompressionLevel.Fastest);
                await using (var entry = await json.OpenAsync(ct))
                {
                    await JsonSerializer.SerializeAsync(entry, data, Json, ct);
                }

                byte[] pdf;
                using (HospitalCulture.Use(hospital))
                {
                    pdf = TutorDataDocument.Render(data, hospital, localizer);
                }

                var document = zip.CreateEntry("data.pdf", CompressionLevel.Fastest);
                await using (var entry = await document.OpenAsync(ct))
                {
                    await entry.WriteAsync(pdf, ct);
                }
            }

            File.Move(partial, final, overwrite: true);
            var now = time.GetUtcNow().UtcDateTime;
            var size = new FileInfo(final).Length;
            await using var done = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await done.TutorDataExports.Where(e => e.Id == exportId).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, TutorDataExportStatus.Ready)
                .SetProperty(e => e.SizeBytes, size)
                .SetProperty(e => e.CompletedAt, now)
                .SetProperty(e => e.ExpiresAt, now + TutorDataExport.Lifetime), CancellationToken.None);
            logger.LogInformation("Tutor export {Export} of {Hospital} is ready ({Bytes} bytes)", exportId, hospital.Slug, size);
        }
#pragma warning disable CA1031 // whatever broke the export, the tutor must read "failed", not a row stuck running
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Tutor export {Export} of {Hospital} failed", exportId, hospital.Slug);
            FolderSweep.Delete(partial, logger);
            FolderSweep.Delete(final, logger);
            await using var failed = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await failed.TutorDataExports.Where(x => x.Id == exportId).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, TutorDataExportStatus.Failed)
                .SetProperty(x => x.Error, e is OperationCanceledException ? "MyData.Error.Interrupted" : "MyData.Error.Failed")
                .SetProperty(x => x.FileName, (string?)null)
                .SetProperty(x => x.CompletedAt, time.GetUtcNow().UtcDateTime), CancellationToken.None);
        }

        await events.PublishAsync(new TutorPrivacyChanged(tutorId));
    }
}

/// <summary>Every hour, per hospital: the files of expired tutor exports are deleted (the row says
/// Expired), an export stuck queued or running (its job lost with a restart) fails so it no longer
/// blocks the tutor's next request, and stray files no ready export owns go.</summary>
public sealed class TutorExportCleanupJob(
    ClinicDbFactory dbFactory,
    TenantContext tenant,
    TutorExportFiles files,
    TimeProvider time,
    ILogger<TutorExportCleanupJob> logger) : IHospitalRecurringJob
{
    public const string JobName = "tutor-export-cleanup";

    public static readonly TimeSpan Stuck = TimeSpan.FromHours(3);

    public string Name => JobName;

    public Task<string?> CronAsync(CancellationToken ct) => Task.FromResult<string?>("23 * * * *");

    public async Task RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var slug = tenant.Tenant.Slug;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stuckBefore = now - Stuck;
        await db.TutorDataExports
            .Where(e => (e.Status == TutorDataExportStatus.Queued || e.Status == TutorDataExportStatus.Running) && e.RequestedAt < stuckBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, TutorDataExportStatus.Failed).SetProperty(e => e.Error, "MyData.Error.Interrupted")
                .SetProperty(e => e.FileName, (string?)null), ct);

        var expired = await db.TutorDataExports.Where(e => e.Status == TutorDataExportStatus.Ready && e.ExpiresAt <= now).ToListAsync(ct);
        foreach (var export in expired)
        {
            if (export.FileName is { } name)
            {
                FolderSweep.Delete(files.FileOf(slug, name), logger);
            }

            export.FileName = null;
            export.Status = TutorDataExportStatus.Expired;
        }

        await db.SaveChangesAsync(ct);

        var folder = files.For(slug);
        var owned = (await db.TutorDataExports.AsNoTracking()
                .Where(e => e.FileName != null && (e.Status == TutorDataExportStatus.Ready || e.Status == TutorDataExportStatus.Running))
                .Select(e => new { e.FileName, e.Status }).ToListAsync(ct))
            .SelectMany(e => e.Status == TutorDataExportStatus.Ready ? [e.FileName!] : new[] { e.FileName!, e.FileName + TutorExportFiles.PartialSuffix })
            .ToHashSet(StringComparer.Ordinal);
        FolderSweep.DeleteAllExcept(folder, owned, logger);
    }

}
