using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Agenda;

[Collection(BrowserCollection.Name)]
public sealed class NurseViewTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_nurse_follows_the_day_in_english_but_books_and_checks_in_nobody()
    {
        var data = new FrontDeskData(fixture.App);
        var vet = await data.VeterinarianAsync();
        var (tutorId, petId, _) = await data.TutorWithPetAsync("Diego Fontes", "Pipoca", Species.Bird);
        var now = await data.NowAsync();
        var start = new DateTime(Math.Min(now.AddMinutes(30).Ticks, now.Date.AddHours(23).Ticks) / TimeSpan.TicksPerMinute / 5 * 5 * TimeSpan.TicksPerMinute);
        var id = await data.PlaceTodayAsync(tutorId, petId, vet.Id, start);
        var users = new TestUsers(fixture.App);
        var email = await users.CreateAsync(FrontDeskData.Slug, Roles.Nurse, "Nina Nurse");

        var nurse = await fixture.NewPageAsync("en");
        await nurse.SignInAsync(FrontDeskData.Slug, email, TestUsers.Password);
        await nurse.GotoAsync("aurora/culture/set?culture=en&returnUrl=/aurora/today");
        await nurse.WaitForLiveAsync();

        var row = nurse.Locator($"[data-testid=today-row][data-id='{id}']");
        await Expect(nurse.Locator("h1")).ToHaveTextAsync("Today");
        await Expect(row).ToContainTextAsync("Pipoca");
        await Expect(row.Locator("[data-testid=today-status]")).ToHaveTextAsync("Scheduled");
        await Expect(row.Locator("button")).ToHaveCountAsync(0);
        await Expect(nurse.Locator("[data-testid=waiting-room]")).ToContainTextAsync("Waiting room");
        await nurse.ScreenshotAsync("today-nurse-english");

        await nurse.GotoAsync($"aurora/agenda?date={start:yyyy-MM-dd}");
        await nurse.WaitForLiveAsync();
        await Expect(nurse.Locator($"[data-column='{vet.Id}'] [data-testid=appointment]")).ToContainTextAsync("Pipoca");
        await Expect(nurse.Locator(".agenda-cell-free")).ToHaveCountAsync(0);
        await nurse.ScreenshotAsync("agenda-nurse-english");
        await nurse.Context.CloseAsync();
    }
}
