using ClinicApp.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using ClinicApp.Features.Tutors;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.FrontDesk;

/// <summary>The front desk's whole errand, as the issue tells it: find the tutor by part of the CPF,
/// register a new pet, book it on a free slot — while the vet's open agenda shows it arrive.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReceptionBooksVetSeesTests(BrowserFixture fixture)
{
    private readonly FrontDeskData _data = new(fixture.App);

    [Fact]
    public async Task Reception_finds_a_tutor_by_part_of_the_cpf_registers_a_pet_and_books_it_and_the_vet_sees_it_live()
    {
        var vet = await _data.VeterinarianAsync();
        var day = await _data.FutureWorkingDayAsync();
        var cpf = Desk.NewCpf();
        var tutorName = $"Lívia Baptista {Guid.NewGuid():N}"[..21];
        await using (var scope = await _data.ScopeAsync())
        {
            await scope.ServiceProvider.GetRequiredService<TutorService>().SaveAsync(null, new TutorInput { Name = tutorName, Cpf = cpf, Phone = "(21) 99876-1234" });
        }

        var watcher = await fixture.NewPageAsync();
        await watcher.SignInAsync("aurora", "vet@aurora.vet");
        await watcher.GotoAsync($"aurora/agenda?date={day:yyyy-MM-dd}");
        await watcher.WaitForLiveAsync();
        var vetColumn = watcher.Locator($"[data-column='{vet.Id}']");
        await Expect(vetColumn.Locator("[data-testid=appointment]")).ToHaveCountAsync(0);

        // The tutor says the middle of their CPF, with its dot.
        var desk = await fixture.NewPageAsync();
        await desk.SignInAsync("aurora", "reception@aurora.vet");
        await desk.GotoAsync("aurora/tutors");
        await desk.WaitForLiveAsync();
        await desk.Locator("[data-testid=tutor-search]").PressSequentiallyAsync(Cpf.Format(cpf)[4..11], new() { Delay = 20 });
        var row = desk.Locator("[data-testid=tutors-table] tbody tr", new() { HasText = tutorName });
        await Expect(row).ToBeVisibleAsync();
        await Expect(desk.Locator("[data-testid=tutors-table] .mud-table-loading")).ToHaveCountAsync(0);
        await row.Locator("td").First.ClickAsync();
        await Expect(desk.Locator("[data-testid=tutor-title]")).ToHaveTextAsync(tutorName);

        await desk.ClickAsync("[data-testid=pet-create]");
        await desk.FillAsync("[data-testid=pet-name]", "Biscoito");
        await desk.ClickAsync("[data-testid=pet-save]");
        await desk.Locator("[data-testid='pet-card-Biscoito'] [data-testid=pet-link]").ClickAsync();
        await Expect(desk.Locator("[data-testid=pet-title]")).ToHaveTextAsync("Biscoito");

        // "Book appointment" opens the agenda for this pet; the tutor wants that day.
        await desk.ClickAsync("[data-testid=pet-book]");
        await Expect(desk).ToHaveURLAsync(new Regex("agenda\\?pet="));
        await desk.GotoAsync($"{desk.Url}&date={day:yyyy-MM-dd}");
        await desk.WaitForLiveAsync();
        await Expect(desk.Locator("[data-testid=agenda-pet-banner]")).ToContainTextAsync("Biscoito");
        await desk.Locator($"[data-column='{vet.Id}'] [data-start='{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}T10:00']").ClickAsync();
        await Expect(desk.Locator("[data-testid=booking-tutor]")).ToHaveValueAsync(tutorName);
        await Expect(desk.Locator("[data-testid=booking-dialog]")).ToContainTextAsync("Biscoito");
        await desk.ClickAsync("[data-testid=booking-save]");
        await Expect(desk.Locator(".mud-snackbar", new() { HasText = "Agendamento marcado." })).ToBeVisibleAsync();

        // The vet never touched their screen.
        var card = vetColumn.Locator("[data-testid=appointment]");
        await Expect(card).ToContainTextAsync("Biscoito", new() { Timeout = 5_000 });
        await Expect(card).ToContainTextAsync(tutorName);
        await Expect(card).ToContainTextAsync("10:00");
        await watcher.ScreenshotAsync("frontdesk-vet-sees-booking");

        await desk.Context.CloseAsync();
        await watcher.Context.CloseAsync();
    }
}
