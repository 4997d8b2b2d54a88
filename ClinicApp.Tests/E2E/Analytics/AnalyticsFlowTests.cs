using System.Globalization;
using System.Text.RegularExpressions;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Analytics;

/// <summary>The admin's morning look at the hospital: analytics from the menu, another period (the address
/// follows it, so the view can be bookmarked), the invoices behind the revenue card, whose total is the card's, those behind
/// the best-selling service's bar, and the PDF report with the hospital's name and the same revenue.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AnalyticsFlowTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_admin_opens_analytics_changes_the_period_and_opens_the_invoices_behind_the_revenue()
    {
        var admin = await fixture.NewPageAsync();
        await admin.SignInAsync("aurora", "admin@aurora.vet");
        await admin.ClickAsync("[data-testid=nav-analytics]");
        await Expect(admin).ToHaveURLAsync(AnalyticsAddress());
        await admin.WaitForLiveAsync();
        var revenue = admin.Locator("[data-testid=card-revenue]");
        await Expect(revenue).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(admin.Locator("[data-testid=analytics-compared]")).ToContainTextAsync("comparado com");

        await admin.ClickAsync("[data-testid=period-ThisYear]");
        await Expect(admin).ToHaveURLAsync(ThisYearAddress());
        await Expect(revenue).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // The address is the view: opened again, it shows the same period.
        await admin.GotoAsync(admin.Url);
        await admin.WaitForLiveAsync();
        await Expect(admin.Locator("[data-testid=period-ThisYear]")).ToHaveClassAsync(new Regex("mud-chip-selected"));
        await Expect(revenue).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await admin.ClickAsync("[data-testid=period-Last30Days]");
        await Expect(admin).ToHaveURLAsync(Last30DaysAddress());
        await Expect(admin.Locator("[data-testid=period-Last30Days]")).ToHaveClassAsync(new Regex("mud-chip-selected"));
        var query = QueryHelpers.ParseQuery(new Uri(admin.Url).Query);
        Assert.Equal(29, Day(query["to"]).DayNumber - Day(query["from"]).DayNumber);
        await Expect(revenue).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // The charts of the period drawn again after two changes of period (the old ones released, the circuit alive).
        await Expect(admin.Locator("[data-testid=chart-card-revenue-by-day] .apexcharts-svg")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await admin.ScreenshotAsync("analytics-dashboard");
        var figure = (await revenue.Locator("[data-testid=card-value]").InnerTextAsync()).Trim();

        await revenue.ClickAsync();
        var dialog = admin.Locator(".mud-dialog");
        await Expect(dialog.Locator("[data-testid=drill-table]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(dialog.Locator("[data-testid=drill-total]")).ToHaveTextAsync(figure);
        var first = dialog.Locator("[data-testid=drill-link]").First;
        await Expect(first).ToHaveAttributeAsync("href", InvoiceLink());
        await admin.ScreenshotAsync("analytics-drill");
        await dialog.Locator(".mud-button-close").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        // A bar: the best-selling service of the period opens the invoice lines behind it.
        var topService = admin.Locator("[data-testid=chart-card-top-services] .apexcharts-bar-area").First;
        await Expect(topService).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await topService.ClickAsync();
        await Expect(dialog.Locator("[data-testid=drill-table]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(dialog.Locator("[data-testid=drill-link]").First).ToHaveAttributeAsync("href", InvoiceLink());
        await Expect(dialog.Locator("[data-testid=drill-total]")).ToHaveTextAsync(new Regex(@"^R\$\s?[1-9]"));
        await admin.ScreenshotAsync("analytics-drill-bar");

        // The report of the same period, downloaded in the signed-in session: the hospital and the revenue card's figure.
        var href = await admin.Locator("[data-testid=analytics-pdf]").GetAttributeAsync("href");
        Assert.Matches(ReportLink(), href);
        var report = await admin.Context.APIRequest.GetAsync(new Uri(new Uri(admin.Url), href).ToString());
        Assert.Equal(200, report.Status);
        Assert.Equal("application/pdf", report.Headers["content-type"]);
        var text = string.Join(" ", PdfText.Pages(await report.BodyAsync()));
        Assert.True(PdfText.Has(text, "Hospital Veterinário Aurora"), text[..Math.Min(400, text.Length)]);
        Assert.True(PdfText.Has(text, figure), $"{figure} not in: {text[..Math.Min(400, text.Length)]}");

        first = dialog.Locator("[data-testid=drill-link]").First;
        await first.ClickAsync();
        await Expect(admin).ToHaveURLAsync(InvoiceAddress());
        await Expect(dialog).ToHaveCountAsync(0);
        await admin.Context.CloseAsync();
    }

    private static DateOnly Day(string? text) => DateOnly.ParseExact(text!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"/aurora/analytics$")]
    private static partial Regex AnalyticsAddress();

    [GeneratedRegex(@"/aurora/analytics\?from=(\d{4})-01-01&to=\1-\d{2}-\d{2}$")]
    private static partial Regex ThisYearAddress();

    [GeneratedRegex(@"/aurora/analytics\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$")]
    private static partial Regex Last30DaysAddress();

    [GeneratedRegex(@"^analytics/report\.pdf\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$")]
    private static partial Regex ReportLink();

    [GeneratedRegex(@"^invoices/[0-9a-f-]{36}$")]
    private static partial Regex InvoiceLink();

    [GeneratedRegex(@"/aurora/invoices/[0-9a-f-]{36}$")]
    private static partial Regex InvoiceAddress();
}
