using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Backups;

/// <summary>Issue 13, a restore as the nurses live it: the RAM open on a nurse's screen says a restore is under way
/// as soon as it starts, a tab opened meanwhile waits on a page that reloads itself, and when the restore is over
/// the nurse's screen loads again by itself, without the banner, so nobody keeps working on data from before.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MaintenanceFlowTests(BrowserFixture fixture)
{
    /// <summary>The app notices within its two-second look at the catalog; a busy machine gets some slack.</summary>
    private const float Noticed = 10_000;

    [Fact]
    public async Task A_nurses_open_screen_shows_the_restore_new_tabs_wait_and_the_screen_reloads_when_it_is_done()
    {
        var aurora = await fixture.App.HospitalAsync("aurora");
        var maintenance = fixture.App.Services.GetRequiredService<HospitalMaintenance>();
        var nurse = await fixture.NewPageAsync();
        await nurse.SignInAsync("aurora", "nurse@aurora.vet");
        await nurse.GotoAsync("aurora/ram");
        await nurse.WaitForLiveAsync();
        await Expect(nurse.Locator("[data-testid=ram-panel]")).ToBeVisibleAsync();
        var banner = nurse.Locator("[data-testid=maintenance-banner]");
        await Expect(banner).ToHaveCountAsync(0);
        // Gone only if the screen really loads again from the server.
        await nurse.EvaluateAsync("() => window.openedBeforeTheRestore = true");

        IPage tab;
        try
        {
            Assert.True(await maintenance.EnterAsync(aurora.Id, "restore (browser test)"));

            await Expect(banner).ToHaveTextAsync(
                "Restauração de dados em andamento: as alterações estão pausadas. Esta tela será recarregada quando terminar.",
                new() { Timeout = Noticed });
            await nurse.ScreenshotAsync("maintenance-banner");

            tab = await nurse.Context.NewPageAsync();
            var response = await tab.GotoAsync("aurora/ram");
            Assert.Equal(503, response!.Status);
            await Expect(tab.Locator("[data-testid=hospital-unavailable][data-reason=Maintenance] h1")).ToHaveTextAsync("Restaurando dados");
            await tab.ScreenshotAsync("maintenance-page");
        }
        finally
        {
            // The browser tests share this app and its Aurora: whatever happened above, Aurora works again.
            await maintenance.LeaveAsync(aurora.Id);
        }

        await nurse.WaitForFunctionAsync("() => window.openedBeforeTheRestore === undefined", null, new() { Timeout = Noticed });
        await nurse.WaitForLiveAsync();
        await Expect(nurse.Locator("[data-testid=ram-panel]")).ToBeVisibleAsync();
        await Expect(banner).ToHaveCountAsync(0);

        // The waiting tab comes back by itself too (its page reloads every few seconds).
        await Expect(tab.Locator("[data-testid=ram-panel]")).ToBeVisibleAsync(new() { Timeout = Noticed + (TenantResolutionMiddleware.MaintenanceRetrySeconds * 1000) });
        await nurse.Context.CloseAsync();
    }
}
