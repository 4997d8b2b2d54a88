using ClinicApp.Data.Clinical;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Ram;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Ram;

/// <summary>The nurse's round as the issue tells it: a late dose on the RAM panel, one click on
/// "Given", the dose moves to "Done today" — and a colleague's open panel shows it move by itself.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RamFlowTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_nurse_gives_a_late_dose_with_one_click_and_a_colleagues_panel_sees_it_move_to_done()
    {
        var (petName, doseId) = await LateDoseAsync();
        var users = new TestUsers(fixture.App);
        var colleagueEmail = await users.CreateAsync("aurora", Roles.Nurse, "Otto Enfermeiro");

        // The colleague's panel is prerendered with its doses and goes live without asking again.
        var colleague = await fixture.NewPageAsync();
        await colleague.SignInAsync("aurora", colleagueEmail, TestUsers.Password);
        await Expect(colleague.Locator("[data-testid=nurse-home] [data-testid=ram-panel]")).ToBeVisibleAsync();
        int oneLoad;
        using (var log = new CommandLog(fixture.App))
        {
            await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Nurse);
            await desk.Services.GetRequiredService<RamChecklist>().LoadAsync();
            oneLoad = log.CountTouching("MedicationAdministrations");
            Assert.True(oneLoad > 0);
        }

        using (var log = new CommandLog(fixture.App))
        {
            await colleague.GotoAsync("aurora/ram");
            await colleague.WaitForLiveAsync();
            await Expect(colleague.Locator($"[data-testid=ram-group-late] [data-id='{doseId}']")).ToContainTextAsync(petName);
            await Task.Delay(1000);
            // At most one load (none when the hospital's shared panel was still fresh).
            Assert.InRange(log.CountTouching("MedicationAdministrations"), 0, oneLoad);
        }

        var nurse = await fixture.NewPageAsync();
        await nurse.SignInAsync("aurora", "nurse@aurora.vet");
        await nurse.GotoAsync("aurora/ram");
        await nurse.WaitForLiveAsync();
        var late = nurse.Locator($"[data-testid=ram-group-late] [data-id='{doseId}']");
        await Expect(late).ToContainTextAsync(petName);
        await Expect(late.Locator("[data-testid=ram-late]")).ToContainTextAsync("atrasada há 2 h");
        await nurse.ScreenshotAsync("ram-late-dose");

        await nurse.ClickAsync($"[data-testid=ram-given-{doseId}]");

        var done = nurse.Locator($"[data-testid=ram-group-done] [data-id='{doseId}']");
        await Expect(done).ToContainTextAsync("Administrada");
        await Expect(late).ToHaveCountAsync(0);
        await Expect(done.Locator("[data-testid=ram-recorded]")).ToContainTextAsync("por ");

        // The colleague never touched their screen.
        await Expect(colleague.Locator($"[data-testid=ram-group-done] [data-id='{doseId}']")).ToContainTextAsync(petName, new() { Timeout = 5_000 });
        await Expect(colleague.Locator($"[data-testid=ram-group-late] [data-id='{doseId}']")).ToHaveCountAsync(0);
        await colleague.ScreenshotAsync("ram-colleague-sees-done");

        await nurse.Context.CloseAsync();
        await colleague.Context.CloseAsync();
    }

    [Fact]
    public async Task A_nurse_gives_a_dose_by_mistake_and_undoes_it_and_the_dose_is_open_again()
    {
        var (petName, doseId) = await LateDoseAsync();
        var nurse = await fixture.NewPageAsync();
        await nurse.SignInAsync("aurora", "nurse@aurora.vet");
        await nurse.GotoAsync("aurora/ram");
        await nurse.WaitForLiveAsync();
        var give = nurse.Locator($"[data-testid=ram-given-{doseId}]");
        await Expect(give).ToHaveTextAsync("Registrar administração");

        await give.ClickAsync();
        var done = nurse.Locator($"[data-testid=ram-group-done] [data-id='{doseId}']");
        await Expect(done).ToContainTextAsync(petName);
        var undo = done.Locator($"[data-testid=ram-undo-{doseId}]");
        await Expect(undo).ToHaveTextAsync("Desfazer");
        await nurse.ScreenshotAsync("ram-undo-offered");
        await undo.ClickAsync();

        await Expect(nurse.Locator(".mud-snackbar", new() { HasText = "registro desfeito" })).ToBeVisibleAsync();
        await Expect(nurse.Locator($"[data-testid=ram-group-late] [data-id='{doseId}'] [data-testid=ram-given-{doseId}]")).ToBeVisibleAsync();
        await Expect(done).ToHaveCountAsync(0);
        await nurse.Context.CloseAsync();
    }

    /// <summary>A patient of its own ward whose Dipirona was due 2 hours ago (every 8 hours).</summary>
    private async Task<(string PetName, Guid DoseId)> LateDoseAsync()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora");
        var petName = $"Pipoca {Guid.NewGuid():N}"[..13];
        var vet = await desk.NewVetAsync();
        var pet = await desk.NewPetAsync(name: petName);
        var stay = await desk.NewStayAsync(pet, vet, await desk.NewBedAsync());
        var item = await desk.NewHospitalItemAsync(stay, desk.Time.UtcNow.AddHours(-2).AddMinutes(-5), everyHours: 8, days: 2);
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var dose = await db.MedicationAdministrations.Where(a => a.PrescriptionItemId == item).OrderBy(a => a.DueAt).FirstAsync();
        Assert.Equal(AdministrationStatus.Scheduled, dose.Status);
        return (petName, dose.Id);
    }
}
