using System.Net;
using System.Security.Claims;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Account;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Account;

/// <summary>The hospital's rule "administrators sign in with two-factor": set by an admin who has it,
/// enforced on every page and call of an admin without it, and not to be turned off while it holds.
/// Its own app, so that the rule does not reach the admins of other test classes.</summary>
public sealed class AdminTwoFactorRuleTests : IAsyncLifetime
{
    private readonly ClinicAppFactory _app = new();
    private TestUsers _users = null!;

    public Task InitializeAsync()
    {
        _users = new TestUsers(_app);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Admins_without_two_factor_are_sent_to_set_it_up_while_the_rule_holds_and_cannot_turn_it_off()
    {
        var first = await _users.CreateAsync("aurora", Roles.Admin);
        var second = await _users.CreateAsync("aurora", Roles.Admin);
        var nurse = await _users.CreateAsync("aurora", Roles.Nurse);

        // The first admin cannot require what they do not have themselves: saving would lock them out.
        var refused = await Refusals.CaptureAsync(SetRuleAsync(first, required: true));
        Assert.Equal("Security.Error.OwnTwoFactorFirst", refused?.Message);
        Assert.False(await RuleAsync(first));

        using var firstBrowser = new Http(_app.BaseUrl);
        await firstBrowser.SignInAsync("aurora", first, TestUsers.Password);
        await TwoFactorTests.TurnOnAsync(firstBrowser);
        await SetRuleAsync(first, required: true);
        Assert.True(await RuleAsync(first));

        // The second admin, signed in with the password alone, reaches only the set-up.
        using var secondBrowser = new Http(_app.BaseUrl);
        Assert.Equal("/aurora/", Http.Location(await secondBrowser.SignInAsync("aurora", second, TestUsers.Password)));
        foreach (var path in new[] { "aurora/", "aurora/admin/settings", "aurora/agenda" })
        {
            var held = await secondBrowser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, held.StatusCode);
            Assert.Equal("/aurora/account/two-factor", Http.Location(held));
        }

        var setUp = await (await secondBrowser.GetAsync("aurora/account/two-factor")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"two-factor-required\"", setUp, StringComparison.Ordinal);

        // Other roles are not concerned.
        using var nurseBrowser = new Http(_app.BaseUrl);
        await nurseBrowser.SignInAsync("aurora", nurse, TestUsers.Password);
        Assert.Equal(HttpStatusCode.OK, (await nurseBrowser.GetAsync("aurora/")).StatusCode);

        // Once the second admin has turned it on, the hospital opens to them.
        await TwoFactorTests.TurnOnAsync(secondBrowser);
        Assert.Equal(HttpStatusCode.OK, (await secondBrowser.GetAsync("aurora/")).StatusCode);

        // While the rule holds, an admin's two-factor stays on: the page offers no way to turn it off,
        // and the service refuses even with the right password.
        var on = await (await firstBrowser.GetAsync("aurora/account/two-factor")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"two-factor-required-on\"", on, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"two-factor-disable-form\"", on, StringComparison.Ordinal);
        await using (var scope = await ActAsAsync(first, "aurora"))
        {
            Assert.Equal(TwoFactorDisableResult.Required,
                await scope.ServiceProvider.GetRequiredService<TwoFactorService>().DisableAsync(await PrincipalAsync(first, "aurora"), TestUsers.Password));
        }

        Assert.True((await _users.FindAsync("aurora", first)).TwoFactorEnabled);

        // Lifting the rule lets a new admin in without it at once (the saving instance forgets its cache).
        await SetRuleAsync(first, required: false);
        var third = await _users.CreateAsync("aurora", Roles.Admin);
        using var thirdBrowser = new Http(_app.BaseUrl);
        await thirdBrowser.SignInAsync("aurora", third, TestUsers.Password);
        Assert.Equal(HttpStatusCode.OK, (await thirdBrowser.GetAsync("aurora/")).StatusCode);
    }

    [Fact]
    public async Task Only_an_admin_reads_or_changes_the_rule_and_it_stays_one_hospitals()
    {
        var reception = await _users.CreateAsync("aurora", Roles.Receptionist);
        Assert.Equal("Common.Error.NotAllowed", (await Refusals.CaptureAsync(SetRuleAsync(reception, required: false)))?.Message);
        Assert.Equal("Common.Error.NotAllowed", (await Refusals.CaptureAsync(RuleAsync(reception)))?.Message);

        // Aurora's rule does not reach Boa Vista's admins.
        var auroraAdmin = await _users.CreateAsync("aurora", Roles.Admin);
        using var browser = new Http(_app.BaseUrl);
        await browser.SignInAsync("aurora", auroraAdmin, TestUsers.Password);
        await TwoFactorTests.TurnOnAsync(browser);
        await SetRuleAsync(auroraAdmin, required: true);

        var boaVistaAdmin = await _users.CreateAsync("boavista", Roles.Admin);
        using var other = new Http(_app.BaseUrl);
        await other.SignInAsync("boavista", boaVistaAdmin, TestUsers.Password);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("boavista/")).StatusCode);
        Assert.False(await RuleAsync(boaVistaAdmin, "boavista"));
    }

    private async Task SetRuleAsync(string email, bool required, string slug = "aurora")
    {
        await using var scope = await ActAsAsync(email, slug);
        await scope.ServiceProvider.GetRequiredService<SecuritySettingsService>().SetRequireAdminTwoFactorAsync(required);
    }

    private async Task<bool> RuleAsync(string email, string slug = "aurora")
    {
        await using var scope = await ActAsAsync(email, slug);
        return await scope.ServiceProvider.GetRequiredService<SecuritySettingsService>().RequiresAdminTwoFactorAsync();
    }

    /// <summary>A scope acting as the person.</summary>
    private async Task<AsyncServiceScope> ActAsAsync(string email, string slug)
    {
        var principal = await PrincipalAsync(email, slug);
        var scope = await _users.ScopeAsync(slug);
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetUser(principal);
        return scope;
    }

    /// <summary>The person with their role, as a signed-in principal carries it.</summary>
    private async Task<ClaimsPrincipal> PrincipalAsync(string email, string slug)
    {
        var user = await _users.FindAsync(slug, email);
        var role = email.Split('-')[0] switch
        {
            "admin" => Roles.Admin,
            "receptionist" => Roles.Receptionist,
            var other => throw new ArgumentException(other),
        };
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Role, role)], "test"));
    }
}
