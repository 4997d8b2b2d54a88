using System.Text.RegularExpressions;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Account;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Account;

[Collection(BrowserCollection.Name)]
public sealed class AdminTwoFactorRuleFlowTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Requiring_two_factor_sends_an_admin_without_it_from_their_open_screen_to_the_set_up()
    {
        var users = new TestUsers(fixture.App);
        var keeper = await users.CreateAsync("boavista", Roles.Admin, "Dra. Helena Prado");
        var key = await TurnOnTwoFactorAsync(users, keeper);
        var other = await users.CreateAsync("boavista", Roles.Admin, "Marcos Lima");

        var late = await fixture.NewPageAsync();
        await late.SignInAsync("boavista", other, TestUsers.Password);
        await Expect(late.Locator("[data-testid=home-greeting]")).ToHaveTextAsync("Olá, Marcos Lima");

        var admin = await fixture.NewPageAsync();
        await admin.GotoAsync("boavista/");
        await admin.FillAsync("#email", keeper);
        await admin.FillAsync("#password", TestUsers.Password);
        await admin.ClickAsync("[data-testid=login-submit]");
        await admin.FillAsync("#code", Totp.Now(key));
        await admin.ClickAsync("[data-testid=two-factor-login-submit]");
        await admin.WaitForLiveAsync();
        await admin.GotoAsync("boavista/admin/settings");
        await admin.WaitForLiveAsync();
        try
        {
            await admin.Locator("[data-testid=security-settings] input[type=checkbox]").CheckAsync();
            await Expect(admin.Locator(".mud-snackbar")).ToContainTextAsync("A verificação em duas etapas agora é exigida dos administradores.");
            await admin.ScreenshotAsync("settings-security");

            // The other admin's open screen leaves without a click; every page now leads to the set-up.
            await Expect(late).ToHaveURLAsync(new Regex("/boavista/account/two-factor$"), new() { Timeout = 15_000 });
            await Expect(late.Locator("[data-testid=two-factor-required]")).ToBeVisibleAsync();
            await late.ScreenshotAsync("two-factor-required");
            await late.GotoAsync("boavista/agenda");
            await Expect(late).ToHaveURLAsync(new Regex("/boavista/account/two-factor$"));

            // Held there, the one other way out is to sign out.
            await late.ClickAsync("[data-testid=two-factor-sign-out]");
            await Expect(late).ToHaveURLAsync(new Regex("/boavista/account/login"));
        }
        finally
        {
            // The browser tests share one app: the rule must not outlive this test.
            await using var scope = await users.ScopeAsync("boavista");
            await using var db = await scope.ServiceProvider.GetRequiredService<Tenancy.ClinicDbFactory>().CreateDbContextAsync();
            await db.SecuritySettings.ExecuteDeleteAsync();
            fixture.App.Services.GetRequiredService<SecurityPolicyCache>().Forget((await fixture.App.HospitalAsync("boavista")).Id);
        }

        await admin.Context.CloseAsync();
        await late.Context.CloseAsync();
    }

    /// <summary>Turns two-factor on for a user as the set-up page would; the key their app holds.</summary>
    private static async Task<string> TurnOnTwoFactorAsync(TestUsers users, string email)
    {
        await using var scope = await users.ScopeAsync("boavista");
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await manager.FindByEmailAsync(email))!;
        await manager.ResetAuthenticatorKeyAsync(user);
        await manager.SetTwoFactorEnabledAsync(user, true);
        return (await manager.GetAuthenticatorKeyAsync(user))!;
    }
}
