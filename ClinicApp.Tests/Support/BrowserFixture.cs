using Microsoft.Playwright;

namespace ClinicApp.Tests.Support;

/// <summary>The real app plus one headless Debian Chromium, for the flows a person does.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    // Twilio's API at a closed loopback port: a test that gives a hospital a Twilio account for a moment
    // (the inbound webhook's signature needs one) never lets a queued WhatsApp message reach Twilio.
    public ClinicAppFactory App { get; } = new(new Dictionary<string, string?> { ["Messaging:ApiBaseUrl"] = "http://127.0.0.1:9" });

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        BaseUrl = App.BaseUrl;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>A fresh browser profile (its own cookies), speaking the given language.</summary>
    public async Task<IPage> NewPageAsync(string locale = "pt-BR")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl + "/",
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1366, Height = 800 },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

public static class PageExtensions
{
    /// <summary>Signs in through the form, as a person would, and waits for the live home screen.</summary>
    public static async Task SignInAsync(this IPage page, string slug, string email, string password = ClinicAppFactory.Password)
    {
        await page.GotoAsync($"{slug}/");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForLiveAsync();
    }

    /// <summary>Waits until the screen runs over its circuit (clicks before that do nothing).</summary>
    public static Task WaitForLiveAsync(this IPage page) =>
        page.Locator("[data-circuit=live]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>Saves a screenshot under TestResults/screenshots for a person to look at.</summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
