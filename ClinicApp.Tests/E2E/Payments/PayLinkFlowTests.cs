using System.Text.RegularExpressions;
using ClinicApp.Tests.Fakes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Payments;

/// <summary>A tutor opens a payment link in Chromium (no sign-in) and is sent to Stripe's page
/// (the fake). Uses the Stripe app, with its own browser.</summary>
[Collection(StripeCollection.Name)]
public sealed class PayLinkFlowTests(StripeFixture fixture) : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [Fact]
    public async Task A_tutor_opens_the_pay_link_sees_the_balance_and_is_sent_to_stripe_checkout()
    {
        var (_, token) = await fixture.InvoiceWithLinkAsync(price: 230.00m);
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl + "/", Locale = "pt-BR" });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync($"aurora/pay/{token}");

        await Expect(page.Locator("[data-testid=hospital-name]")).ToHaveTextAsync("Hospital Veterinário Aurora");
        await Expect(page.Locator("[data-testid=pay-balance]")).ToHaveTextAsync(new Regex(@"R\$\s230,00"));
        await page.ClickAsync("[data-testid=pay-submit]");

        await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(fixture.Stripe.BaseUrl)}/checkout/cs_test_"));
        await Expect(page.Locator("[data-testid=fake-stripe]")).ToBeVisibleAsync();
        await context.CloseAsync();
    }
}
