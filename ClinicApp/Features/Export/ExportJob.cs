using System.Globalization;
using System.IO.Compression;
using ClinicApp.Data.Exports;
using ClinicApp.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Export;

/// <summary>Builds one export: every table of the hospital's database as <c>tables/&lt;Table&gt;.csv</c>,
/// the stored files under <c>files/</c> and a README.md, into a ZIP in the hospital's export folder,
/// written under a temporary name and renamed only when complete (a crash never leaves a ZIP that looks
/// whole). The progress goes to the row a few times, not per row; the end is Ready (size, 24 h) or
/// Failed with a resource key, the temporary file removed.</summary>
public sealed class ExportJob(
    ClinicDbFactory dbFactory,
    TenantContext tenant,
    ExportLocations locations,
    IStringLocalizer<SharedResource> localizer,
    TimeProvider time,
    ILogger<ExportJob> logger)
{
    /// <summary>The progress is written when it moved by at least this much (a few writes per export).</summary>
    private const int ProgressStep = 10;

    /// <summary>Runs the export <paramref name="exportId"/> of the hospital the activator put in this
    /// scope. The hospital comes from the scope, never from the argument alone: a job whose scope is of
    /// another hospital (or of none) fails before it reads anything. Not retried: a failed export is
    /// recorded on its row, and the admin asks again.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid tenantId, Guid exportId, CancellationToken ct)
    {
        var hospital = tenant.Tenant;
        if (hospital.Id != tenantId)
        {
            throw new TenantUnavailableException($"The export of hospital {tenantId} ran in the scope of '{hospital.Slug}'.");
        }

        var fileName = $"{hospital.Slug}-export-{time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.zip";
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Only a queued export starts, once: a job run twice (two servers, a requeue) finds it Running.
            var started = await db.DataExports.Where(e => e.Id == exportId && e.Status == DataExportStatus.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, DataExportStatus.Running).SetProperty(e => e.Progress, 0)
                    .SetProperty(e => e.FileName, fileName), ct);
            if (started == 0)
            {
                logger.LogWarning("Export {Export} of {Hospital} is not queued: not run again", exportId, hospital.Slug);
                return;
            }
        }

        var folder = locations.For(hospital.Slug);
        var final = locations.FileOf(hospital.Slug, fileName);
        var partial = final + ExportLocations.PartialSuffix;
        try
        {
            Directory.CreateDirectory(folder);
            await WriteAsync(hospital, exportId, partial, ct);
            File.Move(partial, final);
            var now = time.GetUtcNow().UtcDateTime;
            var size = new FileInfo(final).Length;
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.DataExports.Where(e => e.Id == exportId).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, DataExportStatus.Ready)
                .SetProperty(e => e.Progress, 100)
                .SetProperty(e => e.SizeBytes, size)
                .SetProperty(e => e.CompletedAt, now)
                .SetProperty(e => e.ExpiresAt, now + ExportService.Lifetime), CancellationToken.None);
            logger.LogInformation("Export {Export} of {Hospital} is ready ({Bytes} bytes)", exportId, hospital.Slug, size);
        }
#pragma warning disable CA1031 // whatever broke the export, the admin must read "failed", not a row stuck running
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Export {Export} of {Hospital} failed", exportId, hospital.Slug);
            TryDelete(partial);
            TryDelete(final);
            var error = e switch
            {
                OperationCanceledException => "Export.Error.Interrupted",
                IOException => "Export.Error.Disk",
                _ => "Export.Error.Failed",
            };
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.DataExports.Where(x => x.Id == exportId).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, DataExportStatus.Failed)
                .SetProperty(x => x.Error, error)
                .SetProperty(x => x.FileName, (string?)null)
                .SetProperty(x => x.CompletedAt, time.GetUtcNow().UtcDateTime), CancellationToken.None);
        }
    }

    private async Task WriteAsync(TenantInfo hospital, Guid exportId, string path, CancellationToken ct)
    {
        var createdAt = time.GetUtcNow().UtcDateTime;
        var files = Directory.Exists(locations.FilesOf(hospital.Slug))
            ? Directory.EnumerateFiles(locations.FilesOf(hospital.Slug), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];
        var tables = new List<ExportedTable>();
        var reported = 0;
        await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                // One read transaction: in SQLite (WAL) it is a snapshot, so the tables agree with each
                // other (an invoice's items are those of the invoice exported) while the app keeps writing.
                // Deferred: SQLite's default BEGIN IMMEDIATE would take the write lock and stop the app for the whole export.
                await using var snapshot = await ExportTables.BeginSnapshotAsync(db, ct);
                var names = await ExportTables.ListAsync(db, ct);
                var steps = names.Count + 1;
                foreach (var name in names)
                {
                    var entry = zip.CreateEntry($"tables/{name}.csv", CompressionLevel.Fastest);
                    await using (var writer = new StreamWriter(await entry.OpenAsync(ct), ExportCsv.Encoding))
                    {
                        tables.Add(await ExportTables.WriteAsync(db, name, writer, ct));
                    }

                    reported = await ReportAsync(exportId, tables.Count * 95 / steps, reported, ct);
                }
            }

            var root = locations.FilesOf(hospital.Slug);
            var added = 0;
            foreach (var file in files)
            {
                ct.ThrowIfCancellationRequested();
                var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
                try
                {
                    await zip.CreateEntryFromFileAsync(file, $"files/{relative}", CompressionLevel.Fastest, ct);
                    added++;
                }
                catch (FileNotFoundException)
                {
                    // Deleted since the folder was listed (an exam file replaced): not part of the data any more.
                }
            }

            var readme = zip.CreateEntry("README.md", CompressionLevel.Fastest);
            await using (var writer = new StreamWriter(await readme.OpenAsync(ct), ExportCsv.Encoding))
            {
                await writer.WriteAsync(Readme(hospital, createdAt, tables, added));
            }
        }

        await ReportAsync(exportId, 99, reported, ct);
    }

    /// <summary>The README in the hospital's language (pt-BR or en), whatever thread culture the job has.</summary>
    private string Readme(TenantInfo hospital, DateTime createdAt, IReadOnlyList<ExportedTable> tables, int files)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            var language = Localization.Supported.Contains(hospital.Culture) ? hospital.Culture : "en";
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            return ExportReadme.Build(localizer, hospital.Name, createdAt, tables, files);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = ui;
        }
    }

    private async Task<int> ReportAsync(Guid exportId, int progress, int reported, CancellationToken ct)
    {
        if (progress - reported < ProgressStep && progress < 99)
        {
            return reported;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.DataExports.Where(e => e.Id == exportId).ExecuteUpdateAsync(s => s.SetProperty(e => e.Progress, progress), ct);
        return progress;
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete {Path}: the cleanup job will", path);
        }
    }
}
