using ClinicApp.Data.Catalog;
using ClinicApp.Features.Backups;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Backups;

[Collection(BrowserCollection.Name)]
public sealed class BackupsFlowTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_admin_backs_up_now_watches_it_verify_and_downloads_the_encrypted_archive()
    {
        var admin = await fixture.NewPageAsync();
        await admin.SignInAsync("aurora", "admin@aurora.vet");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Backups", Exact = true }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/aurora/admin/backups$"));
        await admin.WaitForLiveAsync();
        await Expect(admin.Locator("[data-testid=backups-table]")).ToBeVisibleAsync();

        await admin.ClickAsync("[data-testid=backup-now]");

        // The bar shows while it runs and stays, full, with the outcome.
        var progress = admin.Locator("[data-testid=backup-progress]");
        await Expect(progress).ToBeVisibleAsync();
        await Expect(progress).ToHaveAttributeAsync("data-state", "verified");
        await Expect(progress).ToContainTextAsync("Backup verificado ✓");
        await Expect(admin.Locator(".mud-snackbar")).ToContainTextAsync("Backup verificado ✓");
        await admin.ScreenshotAsync("backups-verified");

        var hospital = await fixture.App.HospitalAsync("aurora");
        var runId = fixture.App.Services.GetRequiredService<BackupNowRunner>().StateOf(hospital.Id).Last!.RunId!.Value;
        var row = admin.Locator("tr", new() { Has = admin.Locator($"[data-run='{runId}']") });
        await Expect(row).ToContainTextAsync("✓ Verificado");
        await Expect(row).ToContainTextAsync("Manual");

        var download = await admin.RunAndWaitForDownloadAsync(() => row.Locator("[data-testid=backup-download]").ClickAsync());
        var saved = Path.Combine(Path.GetTempPath(), $"backup-{Guid.NewGuid():N}");
        try
        {
            await download.SaveAsAsync(saved);
            await using var db = fixture.App.Services.GetRequiredService<TenantConnections>().CreateCatalog();
            var run = await db.BackupRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
            Assert.Equal(BackupStatus.Verified, run.Status);
            Assert.Equal(Path.GetFileName(run.ArchivePath), download.SuggestedFilename);
            Assert.Equal(await File.ReadAllBytesAsync(run.ArchivePath!), await File.ReadAllBytesAsync(saved));
        }
        finally
        {
            File.Delete(saved);
            await admin.Context.CloseAsync();
        }
    }
}
