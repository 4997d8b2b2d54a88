using ClinicApp.Data.FrontDesk;
using ClinicApp.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Agenda;

[Collection(BrowserCollection.Name)]
public sealed class TodayFlowTests(BrowserFixture fixture)
{
    private readonly FrontDeskData _data = new(fixture.App);

    [Fact]
    public async Task The_desk_checks_a_patient_in_and_it_moves_to_the_waiting_room()
    {
        var vet = await _data.VeterinarianAsync();
        var (tutorId, petId, _) = await _data.TutorWithPetAsync("Cláudia Ramos", "Amora", Species.Dog, PetAlerts.Bites);
        var now = await _data.NowAsync();
        // Twenty minutes ago (same day): not checked in, so late by the default 10-minute tolerance.
        var start = new DateTime(Math.Max(now.Date.Ticks, now.AddMinutes(-20).Ticks) / TimeSpan.TicksPerMinute / 5 * 5 * TimeSpan.TicksPerMinute);
        var id = await _data.PlaceTodayAsync(tutorId, petId, vet.Id, start, 30);

        var desk = await fixture.NewPageAsync();
        await desk.SignInAsync(FrontDeskData.Slug, "reception@aurora.vet");
        await desk.GotoAsync("aurora/today");
        await desk.WaitForLiveAsync();
        var row = desk.Locator($"[data-testid=today-row][data-id='{id}']");
        await Expect(row).ToContainTextAsync("Amora");
        await Expect(row.Locator("[data-testid=today-status]")).ToHaveTextAsync("Agendado");
        if (now > start.AddMinutes(10))
        {
            await Expect(row.Locator("[data-testid=today-late]")).ToHaveTextAsync("Atrasado");
        }

        await desk.ScreenshotAsync("today-before-check-in");
        await row.Locator("[data-testid=today-checkin]").ClickAsync();

        await Expect(desk.Locator(".mud-snackbar", new() { HasText = "Amora chegou." })).ToBeVisibleAsync();
        await Expect(row.Locator("[data-testid=today-status]")).ToHaveTextAsync("Chegou");
        await Expect(row.Locator("[data-testid=today-late]")).ToHaveCountAsync(0);
        await Expect(row.Locator("[data-testid=today-checkin]")).ToHaveCountAsync(0);
        await Expect(desk.Locator("[data-testid=waiting-room]")).ToContainTextAsync("Amora");
        await desk.ScreenshotAsync("today-after-check-in");

        // The receptionist's home shows the same patient waiting.
        await desk.GotoAsync("aurora/");
        await desk.WaitForLiveAsync();
        await Expect(desk.Locator("[data-testid=home-desk] [data-testid=home-waiting]", new() { HasText = "Amora" })).ToBeVisibleAsync();
        await desk.ScreenshotAsync("home-reception");
        await desk.Context.CloseAsync();
    }

    [Fact]
    public async Task The_vet_home_shows_their_own_day()
    {
        var helper = new TestUsers(fixture.App);
        var email = await helper.CreateAsync(FrontDeskData.Slug, Data.Identity.Roles.Veterinarian, "Dr. Caio Bastos");
        var vetId = (await helper.FindAsync(FrontDeskData.Slug, email)).Id;
        var (tutorId, petId, _) = await _data.TutorWithPetAsync("Sérgio Araújo", "Nina", Species.Cat);
        var now = await _data.NowAsync();
        var start = new DateTime(Math.Min(now.AddHours(1).Ticks, now.Date.AddHours(23).Ticks) / TimeSpan.TicksPerMinute / 5 * 5 * TimeSpan.TicksPerMinute);
        await _data.PlaceTodayAsync(tutorId, petId, vetId, start, 30);

        var vet = await fixture.NewPageAsync();
        await vet.SignInAsync(FrontDeskData.Slug, email, TestUsers.Password);
        await Expect(vet.Locator("[data-testid=home-my-day]")).ToContainTextAsync("Nina");
        await Expect(vet.Locator("[data-testid=home-my-day]")).ToContainTextAsync("Sérgio Araújo");
        await vet.ScreenshotAsync("home-vet");
        await vet.Context.CloseAsync();
    }
}
