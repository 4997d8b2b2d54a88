using System.Globalization;
using ClinicApp.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Reports;

/// <summary>The Today page's attendance report: reception picks a past day and downloads its PDF;
/// a veterinarian's Today has no such tool.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AttendanceReportFlowTests(BrowserFixture fixture)
{
    private readonly FrontDeskData _data = new(fixture.App);

    [Fact]
    public async Task Reception_downloads_the_pdf_of_a_chosen_day_and_a_vet_sees_no_report()
    {
        var today = DateOnly.FromDateTime(await _data.NowAsync());
        var desk = await fixture.NewPageAsync();
        await desk.SignInAsync(FrontDeskData.Slug, "reception@aurora.vet");
        await desk.GotoAsync("aurora/today");
        await desk.WaitForLiveAsync();

        var tool = desk.Locator("[data-testid=attendance-report]");
        var button = tool.Locator("a[data-testid=attendance-report-download]");
        await Expect(button).ToHaveAttributeAsync("href", $"reports/attendance/{today:yyyy-MM-dd}.pdf");
        await desk.ScreenshotAsync("today-attendance-report");

        var yesterday = today.AddDays(-1);
        var input = tool.Locator("input").First;
        await input.FillAsync(yesterday.ToString("d", new CultureInfo("pt-BR")));
        await input.PressAsync("Tab");
        await Expect(button).ToHaveAttributeAsync("href", $"reports/attendance/{yesterday:yyyy-MM-dd}.pdf");

        var response = await desk.APIRequest.GetAsync($"aurora/reports/attendance/{yesterday:yyyy-MM-dd}.pdf");
        Assert.Equal(200, response.Status);
        var text = string.Join(" ", PdfText.Pages(await response.BodyAsync()));
        Assert.True(PdfText.Has(text, "Relatório diário de comparecimento"), text);
        Assert.True(PdfText.Has(text, "Hospital Veterinário Aurora"), text);
        await desk.Context.CloseAsync();

        var vet = await fixture.NewPageAsync();
        await vet.SignInAsync(FrontDeskData.Slug, "vet@aurora.vet");
        await vet.GotoAsync("aurora/today");
        await vet.WaitForLiveAsync();
        await Expect(vet.Locator("[data-testid=today-kpis]")).ToBeVisibleAsync();
        await Expect(vet.Locator("[data-testid=attendance-report]")).ToHaveCountAsync(0);
        await vet.Context.CloseAsync();
    }
}
