using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Vitals;

/// <summary>The emergency: a nurse records a 41.5 °C temperature for a hospitalized dog and the vet's
/// open screen shows the alert at once, without reloading; acknowledging it takes it down on both screens.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CriticalVitalsAlertTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_critical_temperature_recorded_by_the_nurse_alerts_the_vet_live_and_one_acknowledgement_clears_both_screens()
    {
        var petName = $"Rex {Guid.NewGuid():N}"[..10];
        Guid petId;
        await using (var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Admin))
        {
            petId = await desk.NewPetAsync(name: petName, species: Species.Dog);
            await desk.NewStayAsync(petId, await desk.NewVetAsync(), await desk.NewBedAsync(wardName: "UTI Canina"));
        }

        var vet = await fixture.NewPageAsync();
        await vet.SignInAsync("aurora", "vet@aurora.vet");
        await vet.GotoAsync("aurora/exams");
        await vet.WaitForLiveAsync();
        var vetAlert = vet.Locator("[data-testid=emergency-alert]", new() { HasText = petName });
        await Expect(vetAlert).ToHaveCountAsync(0);

        var nurse = await fixture.NewPageAsync();
        await nurse.SignInAsync("aurora", "nurse@aurora.vet");
        await nurse.GotoAsync($"aurora/pets/{petId}/vitals");
        await nurse.WaitForLiveAsync();
        await Expect(nurse.Locator("[data-testid=vitals-title]")).ToHaveTextAsync(petName);
        await nurse.ClickAsync("[data-testid=vitals-record]");
        await nurse.FillAsync("[data-testid=vitals-TemperatureC]", "41,5");
        await nurse.FillAsync("[data-testid=vitals-HeartRate]", "130");
        await nurse.ClickAsync("[data-testid=vitals-save]");

        // The vet never touched their screen.
        await Expect(vetAlert).ToBeVisibleAsync(new() { Timeout = 3_000 });
        await Expect(vetAlert.Locator("[data-testid=emergency-values]")).ToContainTextAsync("Temperatura (°C): 41,5");
        await Expect(vetAlert).ToContainTextAsync("UTI Canina");
        var nurseAlert = nurse.Locator("[data-testid=emergency-alert]", new() { HasText = petName });
        await Expect(nurseAlert).ToBeVisibleAsync();
        await Expect(nurse.Locator("[data-testid=vitals-table] [data-level=Critical]")).ToHaveTextAsync("41,5");
        await vet.ScreenshotAsync("vitals-emergency-alert");
        await nurse.ScreenshotAsync("vitals-panel-after-critical-reading");

        await vetAlert.Locator("[data-testid=emergency-ack]").ClickAsync();

        await Expect(vetAlert).ToHaveCountAsync(0);
        await Expect(nurseAlert).ToHaveCountAsync(0, new() { Timeout = 3_000 });

        await nurse.Context.CloseAsync();
        await vet.Context.CloseAsync();
    }
}
