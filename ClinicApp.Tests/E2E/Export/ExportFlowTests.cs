using System.IO.Compression;
using System.Text.RegularExpressions;
using ClinicApp.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Export;

/// <summary>The admin asks for the full export from the menu, watches it become ready and downloads the ZIP.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ExportFlowTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_admin_asks_for_an_export_sees_it_ready_and_downloads_the_zip()
    {
        var admin = await fixture.NewPageAsync();
        await admin.SignInAsync("aurora", "admin@aurora.vet");
        await admin.ClickAsync("[data-testid=nav-export]");
        await Expect(admin).ToHaveURLAsync(new Regex("/aurora/admin/export$"));
        await admin.WaitForLiveAsync();
        await Expect(admin.Locator("[data-testid=export-intro]")).ToContainTextAsync("ZIP");

        await admin.ClickAsync("[data-testid=export-start]");
        var first = admin.Locator("[data-testid=export-table] tbody tr").First;
        await Expect(first.Locator("[data-testid=export-status]")).ToHaveAttributeAsync("data-status", "Ready", new() { Timeout = 90_000 });
        await Expect(first.Locator("[data-testid=export-status]")).ToContainTextAsync("Pronta");
        await admin.ScreenshotAsync("export-ready");

        var download = await admin.RunAndWaitForDownloadAsync(() => first.Locator("[data-testid=export-download]").ClickAsync());
        Assert.Matches(ZipName(), download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"export-e2e-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(path);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            Assert.Contains(zip.Entries, e => e.FullName == "README.md");
            Assert.Contains(zip.Entries, e => e.FullName == "tables/Tutors.csv");
        }
        finally
        {
            File.Delete(path);
        }

        await admin.Context.CloseAsync();
    }

    [GeneratedRegex(@"^aurora-export-\d{8}-\d{6}\.zip$")]
    private static partial Regex ZipName();
}
