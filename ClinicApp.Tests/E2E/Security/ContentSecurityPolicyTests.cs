using ClinicApp.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Security;

/// <summary>Issue 11 #3: the Content-Security-Policy blocks nothing the app itself needs — a real
/// Chromium reports no violation and no console error on the main screens, and the circuit works.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture fixture)
{
    // Recorded in the page itself from before any of the app's scripts run.
    private const string RecordViolations = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
        """;

    [Fact]
    public async Task Sign_in_home_and_agenda_run_under_the_policy_without_a_violation()
    {
        var page = await fixture.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (problems)
                {
                    problems.Add($"{message.Type}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) => { lock (problems) { problems.Add($"page error: {error}"); } };
        await page.AddInitScriptAsync(RecordViolations);

        var signIn = await page.GotoAsync("aurora/account/login");
        Assert.Contains("script-src", (await signIn!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await CollectViolationsAsync(page, problems);

        await page.FillAsync("#email", "reception@aurora.vet");
        await page.FillAsync("#password", ClinicAppFactory.Password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForLiveAsync();
        await CollectViolationsAsync(page, problems);

        await page.GotoAsync("aurora/agenda");
        await page.WaitForLiveAsync();
        var range = page.Locator("[data-testid=agenda-range]");
        var before = await range.InnerTextAsync();

        // The circuit works: a click is answered over the websocket.
        await page.ClickAsync("[data-testid=agenda-next]");
        await Expect(range).Not.ToHaveTextAsync(before);
        await CollectViolationsAsync(page, problems);

        Assert.Empty(problems);
        await page.Context.CloseAsync();
    }

    private static async Task CollectViolationsAsync(IPage page, List<string> problems)
    {
        // A violation event is dispatched asynchronously; give it a moment to arrive.
        await page.WaitForTimeoutAsync(300);
        var violations = await page.EvaluateAsync<string[]>("() => window.__cspViolations || []");
        lock (problems)
        {
            problems.AddRange(violations.Select(v => $"{page.Url}: CSP violation {v}"));
        }
    }
}
