using AngleSharp.Dom;
using Bunit;
using ClinicApp.Data.Exports;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Export;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.Export;

/// <summary>The export page's list: each state as the admin reads it (running with its progress, ready
/// with its download, expired, failed with why), and a running export's progress moving on its own.</summary>
[Collection(AppCollection.Name)]
public sealed class ExportPageTests(AppFixture fixture) : LiveComponentTestContext(fixture, Roles.Admin, Roles.Admin)
{
    [Fact]
    public async Task Each_state_reads_right_and_a_running_export_becomes_ready_without_a_reload()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var now = DateTime.UtcNow;
        var running = Row($"Running {marker}", now, DataExportStatus.Running, e => e.Progress = 40);
        var ready = Row($"Ready {marker}", now.AddSeconds(-1), DataExportStatus.Ready, e =>
        {
            e.Progress = 100;
            e.SizeBytes = 2_621_440;
            e.FileName = "aurora-export-ready.zip";
            e.CompletedAt = now;
            e.ExpiresAt = now.AddHours(24);
        });
        var expired = Row($"Expired {marker}", now.AddSeconds(-2), DataExportStatus.Ready, e =>
        {
            e.Progress = 100;
            e.CompletedAt = now.AddHours(-30);
            e.ExpiresAt = now.AddHours(-6);
        });
        var failed = Row($"Failed {marker}", now.AddSeconds(-3), DataExportStatus.Failed, e => e.Error = "Export.Error.Disk");
        await using var db = await Viewer.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        db.DataExports.AddRange(running, ready, expired, failed);
        await db.SaveChangesAsync();
        try
        {
            using var _ = new CultureScope("en");
            var cut = Render<ExportPage>();

            cut.WaitForAssertion(() => Assert.Equal("Running", RowOf(cut, running).QuerySelector("[data-testid=export-status]")!.GetAttribute("data-status")), Wait);
            Assert.Contains("Preparing (40%)", RowOf(cut, running).TextContent, StringComparison.Ordinal);
            Assert.NotNull(RowOf(cut, running).QuerySelector("[data-testid=export-progress]"));
            Assert.Null(RowOf(cut, running).QuerySelector("[data-testid=export-download]"));
            Assert.True(cut.Find("[data-testid=export-start]").HasAttribute("disabled"));

            Assert.Equal("Ready", Status(RowOf(cut, ready)));
            Assert.Equal("2.5 MB", RowOf(cut, ready).QuerySelector("[data-testid=export-size]")!.TextContent.Trim());
            Assert.Equal(ExportFeature.DownloadPath(ready.Id), RowOf(cut, ready).QuerySelector("[data-testid=export-download]")!.GetAttribute("href"));

            Assert.Equal("Expired", Status(RowOf(cut, expired)));
            Assert.Contains("Expired", RowOf(cut, expired).TextContent, StringComparison.Ordinal);
            Assert.Null(RowOf(cut, expired).QuerySelector("[data-testid=export-download]"));

            Assert.Equal("Failed", Status(RowOf(cut, failed)));
            Assert.Contains("could not be written to disk", RowOf(cut, failed).QuerySelector("[data-testid=export-error]")!.TextContent, StringComparison.Ordinal);
            Assert.Null(RowOf(cut, failed).QuerySelector("[data-testid=export-download]"));

            // The job moves on: the page reads it again by itself while one runs.
            await db.DataExports.Where(e => e.Id == running.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Progress, 80));
            cut.WaitForAssertion(() => Assert.Contains("Preparing (80%)", RowOf(cut, running).TextContent, StringComparison.Ordinal), Wait);
            await db.DataExports.Where(e => e.Id == running.Id).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, DataExportStatus.Ready).SetProperty(e => e.Progress, 100).SetProperty(e => e.SizeBytes, 2048)
                .SetProperty(e => e.FileName, "aurora-export-now.zip").SetProperty(e => e.ExpiresAt, DateTime.UtcNow.AddHours(24)));
            cut.WaitForAssertion(() =>
            {
                Assert.Equal("Ready", Status(RowOf(cut, running)));
                Assert.NotNull(RowOf(cut, running).QuerySelector("[data-testid=export-download]"));
                Assert.False(cut.Find("[data-testid=export-start]").HasAttribute("disabled"));
            }, Wait);
        }
        finally
        {
            var ids = new[] { running.Id, ready.Id, expired.Id, failed.Id };
            await db.DataExports.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync();
        }
    }

    private static DataExport Row(string by, DateTime at, DataExportStatus status, Action<DataExport> set)
    {
        var export = new DataExport { RequestedByName = by, RequestedAt = at, Status = status };
        set(export);
        return export;
    }

    private static IElement RowOf(IRenderedComponent<ExportPage> cut, DataExport export) =>
        cut.FindAll("[data-testid=export-table] tbody tr").Single(r => r.TextContent.Contains(export.RequestedByName, StringComparison.Ordinal));

    private static string? Status(IElement row) => row.QuerySelector("[data-testid=export-status]")!.GetAttribute("data-status");
}
