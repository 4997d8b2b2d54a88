using System.Text.RegularExpressions;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Consultations;

/// <summary>The vet's way into a consultation: from /today right after check-in (keeping to their own
/// patients), and a walk-in from the pet page that asks which vet and is confirmed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VetWayInTests(BrowserFixture fixture)
{
    private readonly FrontDeskData _data = new(fixture.App);

    [Fact]
    public async Task A_vet_keeps_to_their_own_patients_on_today_checks_one_in_and_starts_its_consultation_from_the_row()
    {
        var users = new TestUsers(fixture.App);
        var email = await users.CreateAsync("aurora", Roles.Veterinarian, $"Dra. Hoje {Guid.NewGuid():N}"[..16]);
        var me = (await users.FindAsync("aurora", email)).Id;
        var (colleague, _) = await _data.VeterinarianAsync();
        var now = await _data.NowAsync();
        var start = now.Date.AddHours(now.Hour).AddMinutes(now.Minute - now.Minute % 5);
        var (tutor, pet, _) = await _data.TutorWithPetAsync($"Tutor Meu {Guid.NewGuid():N}"[..15], $"Meu {Guid.NewGuid():N}"[..10]);
        var (otherTutor, otherPet, _) = await _data.TutorWithPetAsync($"Tutor Outro {Guid.NewGuid():N}"[..17], $"Outro {Guid.NewGuid():N}"[..12]);
        var mine = await _data.PlaceTodayAsync(tutor, pet, me, start);
        var theirs = await _data.PlaceTodayAsync(otherTutor, otherPet, colleague, start);

        var page = await fixture.NewPageAsync();
        await page.SignInAsync("aurora", email, TestUsers.Password);
        await page.GotoAsync("aurora/today");
        await page.WaitForLiveAsync();
        await Expect(page.Locator($"[data-testid=today-row][data-id='{theirs}']")).ToBeVisibleAsync();

        await page.ClickAsync("[data-testid=today-only-mine]");
        await Expect(page.Locator($"[data-testid=today-row][data-id='{theirs}']")).ToHaveCountAsync(0);
        var row = page.Locator($"[data-testid=today-row][data-id='{mine}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator("[data-testid=appointment-start-consultation]")).ToHaveCountAsync(0);

        await row.Locator("[data-testid=today-checkin]").ClickAsync();
        var startButton = row.Locator("[data-testid=appointment-start-consultation]");
        await Expect(startButton).ToHaveTextAsync("Iniciar consulta");
        await page.ScreenshotAsync("today-start-consultation");
        await startButton.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/aurora/consultations/[0-9a-f-]{36}$"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_walk_in_from_the_pet_page_asks_which_vet_defaulting_to_the_signed_in_one_and_starts_on_confirm()
    {
        var users = new TestUsers(fixture.App);
        var name = $"Dr. Encaixe {Guid.NewGuid():N}"[..18];
        var email = await users.CreateAsync("aurora", Roles.Veterinarian, name);
        var (_, pet, _) = await _data.TutorWithPetAsync($"Tutor Encaixe {Guid.NewGuid():N}"[..19], "Faísca");

        var page = await fixture.NewPageAsync();
        await page.SignInAsync("aurora", email, TestUsers.Password);
        await page.GotoAsync($"aurora/pets/{pet}");
        await page.WaitForLiveAsync();
        await page.ClickAsync("[data-testid=pet-walk-in]");

        var dialog = page.Locator(".mud-dialog", new() { HasText = "Consulta sem agendamento" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator("input[data-testid=walk-in-vet]")).ToHaveValueAsync(name);
        await page.ScreenshotAsync("pet-walk-in-asks-vet");
        // Nothing started until confirmed: cancelling leaves the pet page.
        await dialog.Locator("[data-testid=walk-in-cancel]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/aurora/pets/{pet}$"));

        await page.ClickAsync("[data-testid=pet-walk-in]");
        await page.ClickAsync("[data-testid=walk-in-confirm]");
        await Expect(page).ToHaveURLAsync(new Regex("/aurora/consultations/[0-9a-f-]{36}$"));
        await page.Context.CloseAsync();
    }
}
