using System.Text.RegularExpressions;
using ClinicApp.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Portal;

/// <summary>The demo tutor on a phone (390 × 844): signs in, books an appointment that appears on
/// reception's open agenda marked "booked online", pays the open invoice on the (simulated) checkout
/// and sees it paid, downloads a pet's vaccination card, follows the pet in hospital and downloads
/// their data.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TutorPortalFlowTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_demo_tutor_books_online_pays_the_open_invoice_and_downloads_the_vaccination_card()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseUrl + "/",
            Locale = "pt-BR",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        context.SetDefaultTimeout(20_000);
        var tutor = await context.NewPageAsync();
        await tutor.SignInAsync("aurora", "tutor@aurora.vet");
        await Expect(tutor).ToHaveURLAsync(new Regex("/aurora/portal$"));
        await Expect(tutor.Locator("[data-testid=portal-greeting]")).ToHaveTextAsync("Olá, Marina");
        await Expect(tutor.Locator("[data-testid=portal-pet]").First).ToBeVisibleAsync();
        await Expect(tutor.Locator("[data-testid=portal-balance-card]")).ToBeVisibleAsync();
        await tutor.ScreenshotAsync("portal-home-390");

        // Book: the first free time the portal offers, with reception's agenda of that day open.
        await tutor.ClickAsync("[data-testid=portal-nav-appointments]");
        await tutor.ClickAsync("[data-testid=portal-book]");
        await tutor.WaitForLiveAsync();
        var first = tutor.Locator("[data-testid=book-time]").First;
        await Expect(first).ToBeVisibleAsync();
        var start = DateTime.ParseExact((await first.GetAttributeAsync("data-start"))!, "yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await tutor.ScreenshotAsync("portal-book-390");

        var desk = await fixture.NewPageAsync();
        await desk.SignInAsync("aurora", "reception@aurora.vet");
        await desk.GotoAsync($"aurora/agenda?date={start:yyyy-MM-dd}");
        await desk.WaitForLiveAsync();
        var online = desk.Locator("[data-testid=appointment]").Filter(new LocatorFilterOptions { Has = desk.Locator("[data-testid=appointment-online]") });
        var before = await online.CountAsync();

        await first.ClickAsync();
        await tutor.ClickAsync("[data-testid=book-confirm]");
        await Expect(tutor).ToHaveURLAsync(new Regex("/aurora/portal/appointments$"));
        await Expect(tutor.Locator("[data-testid=portal-appointment]").First).ToBeVisibleAsync();

        // Live on the desk's agenda, without a reload, marked as booked online.
        await Expect(online).ToHaveCountAsync(before + 1);
        await desk.ScreenshotAsync("portal-booking-on-agenda");
        await desk.Context.CloseAsync();

        // Pay the open invoice (the home card shows what is owed) on the simulated checkout; the portal shows it paid.
        await tutor.ClickAsync("[data-testid=portal-nav-home]");
        await Expect(tutor.Locator("[data-testid=portal-balance-card]")).ToBeVisibleAsync();
        await tutor.ClickAsync("[data-testid=portal-nav-invoices]");
        var open = tutor.Locator("[data-testid=portal-invoice-row]").Filter(new LocatorFilterOptions { Has = tutor.Locator("[data-testid=portal-invoice-balance]") }).First;
        await open.Locator("a").First.ClickAsync();
        await Expect(tutor).ToHaveURLAsync(new Regex("/aurora/portal/invoices/[0-9a-f-]{36}$"));
        var invoiceUrl = tutor.Url;
        await tutor.WaitForLiveAsync();
        await tutor.ClickAsync("[data-testid=portal-invoice-due] [data-testid=portal-pay]");
        await Expect(tutor).ToHaveURLAsync(new Regex("/aurora/pay/[A-Za-z0-9_-]{43}$"));
        await tutor.ClickAsync("[data-testid=pay-submit]");
        await Expect(tutor).ToHaveURLAsync(new Regex("/aurora/pay/[A-Za-z0-9_-]{43}/simulated$"));
        await tutor.ClickAsync("[data-testid=pay-simulated-submit]");
        await Expect(tutor.Locator("[data-testid=pay-confirming]")).ToContainTextAsync("Pagamento recebido");
        await tutor.GotoAsync(invoiceUrl);
        await Expect(tutor.Locator("[data-testid=portal-invoice-paid]")).ToBeVisibleAsync();
        await tutor.ScreenshotAsync("portal-invoice-paid-390");

        // The vaccination card of a pet, as the PDF the tutor downloads.
        await tutor.ClickAsync("[data-testid=portal-nav-home]");
        await tutor.Locator("[data-testid=portal-pet]").First.ClickAsync();
        var card = tutor.Locator("[data-testid=portal-vaccination-pdf]");
        await Expect(card).ToBeVisibleAsync();
        await tutor.ScreenshotAsync("portal-pet-390");
        var href = await card.GetAttributeAsync("href");
        var download = await context.APIRequest.GetAsync($"{fixture.BaseUrl}/aurora/{href}");
        Assert.Equal(200, download.Status);
        Assert.Equal("application/pdf", download.Headers["content-type"]);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await download.BodyAsync())[..4]), StringComparison.Ordinal);

        // The pet in hospital: the vet's bulletins, nothing of the chart.
        await tutor.ClickAsync("[data-testid=portal-nav-home]");
        await tutor.ClickAsync("[data-testid=portal-stay-card-open]");
        await Expect(tutor).ToHaveURLAsync(new Regex("/aurora/portal/stays/[0-9a-f-]{36}$"));
        await Expect(tutor.Locator("[data-testid=portal-stay-bulletin]").First).ToBeVisibleAsync();
        await tutor.ScreenshotAsync("portal-stay-390");

        // Stays stay reachable from the documents, discharged ones included.
        await tutor.ClickAsync("[data-testid=portal-nav-documents]");
        await Expect(tutor.Locator("[data-testid=portal-documents-stay]").First).ToBeVisibleAsync();
        await tutor.ScreenshotAsync("portal-documents-390");

        // Download my data: the background job makes the ZIP, the page offers it live.
        await tutor.ClickAsync("[data-testid=portal-nav-mydata]");
        await tutor.WaitForLiveAsync();
        await tutor.ClickAsync("[data-testid=mydata-export]");
        var ready = tutor.Locator("[data-testid=mydata-export-download]").First;
        await Expect(ready).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
        await tutor.ScreenshotAsync("portal-my-data-390");
        var zip = await context.APIRequest.GetAsync($"{fixture.BaseUrl}/aurora/{await ready.GetAttributeAsync("href")}");
        Assert.Equal(200, zip.Status);
        using (var archive = new System.IO.Compression.ZipArchive(new MemoryStream(await zip.BodyAsync())))
        {
            Assert.Contains(archive.Entries, e => e.FullName == "data.json");
            Assert.Contains(archive.Entries, e => e.FullName == "data.pdf");
        }

        await context.CloseAsync();
    }
}
