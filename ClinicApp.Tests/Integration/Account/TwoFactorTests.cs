using System.Net;
using System.Text.RegularExpressions;
using ClinicApp.Data.Identity;
using ClinicApp.Tests.Support;

namespace ClinicApp.Tests.Integration.Account;

/// <summary>Optional two-factor sign-in with an authenticator app, driven as a browser would, with the
/// codes computed here from the key the page shows (RFC 6238).</summary>
public sealed partial class TwoFactorTests : IAsyncLifetime
{
    private readonly ClinicAppFactory _app = new(new Dictionary<string, string?> { ["Security:LoginAttemptsPerAccountPerMinute"] = "6" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Once_turned_on_signing_in_needs_a_code_from_the_app_or_a_recovery_code_used_once()
    {
        var email = await new TestUsers(_app).CreateAsync("aurora", Roles.Nurse);
        using var http = new Http(_app.BaseUrl);
        await http.SignInAsync("aurora", email, TestUsers.Password);
        var (key, codes) = await TurnOnAsync(http);
        Assert.Equal(10, codes.Count);

        // The password alone no longer signs in: it leads to the code step, and nothing else opens.
        using var browser = new Http(_app.BaseUrl);
        var password = await browser.SignInAsync("aurora", email, TestUsers.Password);
        Assert.StartsWith("/aurora/account/login-2fa", Http.Location(password), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("aurora/")).StatusCode);
        Assert.StartsWith("/aurora/account/login", Http.Location(await browser.GetAsync("aurora/")), StringComparison.Ordinal);

        var wrong = await CodeAsync(browser, Http.Location(password)!, Totp.Wrong(key));
        Assert.Contains("data-testid=\"two-factor-error\"", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("aurora/")).StatusCode);

        var right = await CodeAsync(browser, Http.Location(password)!, Totp.Now(key));
        Assert.Equal("/aurora/", Http.Location(right));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("aurora/")).StatusCode);

        // A recovery code signs in once.
        using var lostPhone = new Http(_app.BaseUrl);
        var step = Http.Location(await lostPhone.SignInAsync("aurora", email, TestUsers.Password))!;
        Assert.Equal("/aurora/", Http.Location(await CodeAsync(lostPhone, step, codes[0])));
        Assert.Equal(HttpStatusCode.OK, (await lostPhone.GetAsync("aurora/")).StatusCode);

        using var again = new Http(_app.BaseUrl);
        var secondStep = Http.Location(await again.SignInAsync("aurora", email, TestUsers.Password))!;
        var reused = await CodeAsync(again, secondStep, codes[0]);
        Assert.Contains("data-testid=\"two-factor-error\"", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await again.GetAsync("aurora/")).StatusCode);
    }

    [Fact]
    public async Task The_code_step_cannot_be_reached_without_the_password()
    {
        using var http = new Http(_app.BaseUrl);
        var page = await (await http.GetAsync("aurora/account/login-2fa")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"two-factor-expired\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"two-factor-login-form\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_code_does_not_turn_it_on_and_turning_it_off_needs_a_code_or_the_password()
    {
        var email = await new TestUsers(_app).CreateAsync("aurora", Roles.Veterinarian);
        using var http = new Http(_app.BaseUrl);
        await http.SignInAsync("aurora", email, TestUsers.Password);
        var page = await (await http.GetAsync("aurora/account/two-factor")).Content.ReadAsStringAsync();
        // Razor encodes "+" in attributes as an entity; the browser reads the decoded value.
        Assert.Matches("src=\"data:image/png;base64,[A-Za-z0-9+/=]{100,}\"", WebUtility.HtmlDecode(page));
        var key = Key(page);

        var refused = await PostAsync(http, "aurora/account/two-factor", page, "enable-2fa", new() { ["Enable.Code"] = Totp.Wrong(key) });
        Assert.Contains("data-testid=\"two-factor-error\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (var fresh = new Http(_app.BaseUrl))
        {
            Assert.Equal("/aurora/", Http.Location(await fresh.SignInAsync("aurora", email, TestUsers.Password)));
        }

        await TurnOnAsync(http);
        var on = await (await http.GetAsync("aurora/account/two-factor")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"two-factor-on\"", on, StringComparison.Ordinal);

        var kept = await PostAsync(http, "aurora/account/two-factor", on, "disable-2fa", new() { ["Disable.Proof"] = "not-my-password-1" });
        Assert.Contains("data-testid=\"two-factor-error\"", await kept.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var off = await PostAsync(http, "aurora/account/two-factor", on, "disable-2fa", new() { ["Disable.Proof"] = TestUsers.Password });
        Assert.Contains("data-testid=\"two-factor-disabled\"", await off.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var after = new Http(_app.BaseUrl);
        Assert.Equal("/aurora/", Http.Location(await after.SignInAsync("aurora", email, TestUsers.Password)));
    }

    [Fact]
    public async Task Guessing_codes_is_throttled_per_account()
    {
        var email = await new TestUsers(_app).CreateAsync("aurora", Roles.Receptionist);
        using var http = new Http(_app.BaseUrl);
        await http.SignInAsync("aurora", email, TestUsers.Password);
        var (key, _) = await TurnOnAsync(http);

        using var attacker = new Http(_app.BaseUrl);
        var step = Http.Location(await attacker.SignInAsync("aurora", email, TestUsers.Password))!;
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await CodeAsync(attacker, step, Totp.Wrong(key))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal("60", (await CodeAsync(attacker, step, Totp.Now(key))).Headers.RetryAfter?.ToString());
    }

    /// <summary>Turns two-factor on for the signed-in person; the key and the recovery codes.</summary>
    internal static async Task<(string Key, List<string> Codes)> TurnOnAsync(Http http)
    {
        var page = await (await http.GetAsync("aurora/account/two-factor")).Content.ReadAsStringAsync();
        var key = Key(page);
        var enabled = await (await PostAsync(http, "aurora/account/two-factor", page, "enable-2fa", new() { ["Enable.Code"] = Totp.Now(key) }))
            .Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"two-factor-enabled\"", enabled, StringComparison.Ordinal);
        return (key, RecoveryCode().Matches(enabled).Select(m => m.Groups[1].Value).ToList());
    }

    private static string Key(string page) =>
        KeyText().Match(page) is { Success: true } match ? match.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()
        : throw new Xunit.Sdk.XunitException("the page shows the key");

    private static async Task<HttpResponseMessage> CodeAsync(Http http, string step, string code)
    {
        var page = await (await http.GetAsync(step)).Content.ReadAsStringAsync();
        return await PostAsync(http, step, page, "login-2fa", new() { ["Input.Code"] = code });
    }

    internal static Task<HttpResponseMessage> PostAsync(Http http, string path, string page, string form, Dictionary<string, string> fields) =>
        http.PostFormAsync(path, page, form, fields);

    [GeneratedRegex("data-testid=\"two-factor-key\">([a-z0-9 ]+)<")]
    private static partial Regex KeyText();

    [GeneratedRegex("<li><code>([^<]+)</code></li>")]
    private static partial Regex RecoveryCode();
}
