using System.Text.RegularExpressions;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Board;
using ClinicApp.Features.Hospitalizations;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Board;

/// <summary>The vet's open board follows what others do, without a reload; and opening it loads it once.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BoardLiveTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_vets_open_board_shows_a_new_admission_and_a_nurses_bed_move_without_reloading()
    {
        await using var vet = await Desk.AsAsync(fixture.App, "aurora", Roles.Veterinarian);
        await using var nurse = await Desk.AsAsync(fixture.App, "aurora", Roles.Nurse);
        var (first, second) = (await vet.NewBedAsync(), await vet.NewBedAsync());
        var pet = await vet.NewPetAsync(name: "Amendoim");
        var page = await fixture.NewPageAsync();
        await page.SignInAsync("aurora", "vet@aurora.vet");

        using (var log = new CommandLog(fixture.App))
        {
            await page.GotoAsync("aurora/board");
            await page.WaitForLiveAsync();
            await Expect(page.Locator($"[data-testid=board-bed-{first}]")).ToBeVisibleAsync();
            // Loaded while prerendering and handed to the circuit: not queried again when it went live.
            Assert.Equal(1, log.Commands.Count(c => c.Contains($"-- {BoardService.StaysTag}", StringComparison.Ordinal)));
        }

        var stay = await vet.Services.GetRequiredService<HospitalizationService>().AdmitAsync(new AdmitInput
        {
            PetId = pet, BedId = first, Reason = "Intoxicação", Priority = HospitalizationPriority.Critical,
        });
        var card = page.Locator($"[data-testid=board-card-{stay}]");
        await Expect(card).ToContainTextAsync("Amendoim", new() { Timeout = 5_000 });
        await Expect(card).ToHaveClassAsync(new Regex("board-priority-critical"));
        await Expect(card).ToContainTextAsync("Dia 1"); // reloaded in the vet's language, not the publisher's
        await Expect(page.Locator($"[data-testid=board-bed-{first}]")).ToHaveCountAsync(0);

        await nurse.Services.GetRequiredService<HospitalizationService>().MoveBedAsync(stay, second);
        await Expect(page.Locator($"[data-testid=board-bed-{first}]")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(page.Locator($"[data-testid=board-bed-{second}]")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("board-live");

        await card.ClickAsync();
        await Expect(page.Locator("[data-testid=stay-pet]")).ToContainTextAsync("Amendoim");
        await page.Context.CloseAsync();
    }
}
