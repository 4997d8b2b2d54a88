using ClinicApp.Data.FrontDesk;
using ClinicApp.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Agenda;

/// <summary>What a new receptionist needs to read the agenda: a "Novo agendamento" button besides the
/// cells, and a legend telling the pet warning icons apart.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AgendaAffordanceTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_agenda_has_a_new_appointment_button_and_a_legend_of_distinct_pet_warning_icons()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync("aurora", "reception@aurora.vet");
        await page.GotoAsync("aurora/agenda");
        await page.WaitForLiveAsync();

        var legend = page.Locator("[data-testid=agenda-alert-legend]");
        await Expect(legend).ToContainTextAsync("Agressivo");
        await Expect(legend).ToContainTextAsync("Morde");
        var aggressive = await legend.Locator("[data-alert=Aggressive] svg").InnerHTMLAsync();
        var bites = await legend.Locator("[data-alert=Bites] svg").InnerHTMLAsync();
        Assert.NotEqual(aggressive, bites);

        await page.ClickAsync("[data-testid=agenda-new]");
        await Expect(page.Locator("[data-testid=booking-dialog]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=booking-save]")).ToBeVisibleAsync();
        await page.ScreenshotAsync("agenda-new-appointment");
        await page.Context.CloseAsync();
    }
}
