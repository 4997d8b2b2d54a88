using System.Globalization;
using System.Text.RegularExpressions;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Agenda;

[Collection(BrowserCollection.Name)]
public sealed class AgendaFlowTests(BrowserFixture fixture)
{
    private readonly FrontDeskData _data = new(fixture.App);

    [Fact]
    public async Task A_booking_at_the_desk_appears_on_the_vets_open_agenda_without_reloading()
    {
        var vet = await _data.VeterinarianAsync();
        var (_, _, phone) = await _data.TutorWithPetAsync("Helena Martins", "Paçoca", Species.Cat, PetAlerts.Fearful);
        var day = await _data.FutureWorkingDayAsync();

        var watcher = await OpenAgendaAsync("vet@aurora.vet", day);
        await Expect(Column(watcher, vet.Id)).ToBeVisibleAsync();
        await Expect(Column(watcher, vet.Id).Locator("[data-testid=appointment]")).ToHaveCountAsync(0);

        var desk = await OpenAgendaAsync("reception@aurora.vet", day);
        await Cell(desk, vet.Id, day, "10:00").ClickAsync();
        await PickTutorAsync(desk, phone, "Helena Martins");
        await Expect(desk.Locator("[data-testid=booking-dialog]")).ToContainTextAsync("Paçoca");
        await desk.ScreenshotAsync("agenda-booking-dialog");
        await desk.ClickAsync("[data-testid=booking-save]");
        await Expect(Snackbar(desk, "Agendamento marcado.")).ToBeVisibleAsync();

        // The vet's screen was left alone: the booking arrives over its circuit.
        var card = Column(watcher, vet.Id).Locator("[data-testid=appointment]");
        await Expect(card).ToContainTextAsync("Paçoca", new() { Timeout = 5_000 });
        await Expect(card).ToContainTextAsync("Helena Martins");
        await watcher.ScreenshotAsync("agenda-day-live-on-vet-screen");
        await desk.ScreenshotAsync("agenda-day-after-booking");

        // The appointment opens with its details and the next steps of its workflow.
        await Column(desk, vet.Id).Locator("[data-testid=appointment]").ClickAsync();
        await Expect(desk.Locator("[data-testid=appointment-status]")).ToContainTextAsync("Agendado");
        await Expect(desk.Locator("[data-testid=status-Confirmed]")).ToBeVisibleAsync();
        await Expect(desk.Locator("[data-testid=status-InProgress]")).ToHaveCountAsync(0);
        await desk.ScreenshotAsync("agenda-appointment-dialog");
        await desk.ClickAsync("[data-testid=status-Confirmed]");
        await Expect(Snackbar(desk, "Agendamento de Paçoca confirmado.")).ToBeVisibleAsync();

        // Moving it to 11:00 moves it on the vet's screen as well.
        await Column(desk, vet.Id).Locator("[data-testid=appointment]").ClickAsync();
        await desk.ClickAsync("[data-testid=appointment-move]");
        await desk.ClickAsync("[data-testid=move-time]");
        await desk.Locator(".mud-popover-open .mud-list-item", new() { HasText = "11:00" }).ClickAsync();
        await desk.ClickAsync("[data-testid=move-save]");
        await Expect(Snackbar(desk, "Agendamento de Paçoca remarcado.")).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("11:00", new() { Timeout = 5_000 });

        await desk.Context.CloseAsync();
        await watcher.Context.CloseAsync();
    }

    [Fact]
    public async Task Booking_over_a_taken_time_shows_who_holds_it_and_keeps_the_form()
    {
        var vet = await _data.VeterinarianAsync();
        var (_, rexId, _) = await _data.TutorWithPetAsync("Joana Prado", "Rex");
        var (_, _, phone) = await _data.TutorWithPetAsync("Otávio Lins", "Mel", Species.Dog);
        var day = await _data.FutureWorkingDayAsync();
        await _data.BookAsync(rexId, vet.Id, day.ToDateTime(new TimeOnly(10, 30)), 30);

        var desk = await OpenAgendaAsync("reception@aurora.vet", day);
        await Expect(Column(desk, vet.Id).Locator("[data-testid=appointment]")).ToContainTextAsync("Rex");
        await Cell(desk, vet.Id, day, "10:15").ClickAsync();
        await PickTutorAsync(desk, phone, "Otávio Lins");
        await desk.ClickAsync("[data-testid=booking-save]");

        await Expect(desk.Locator("[data-testid=booking-error]"))
            .ToHaveTextAsync($"{vet.Name} já tem um agendamento às 10:30–11:00 (Rex). Escolha outro horário ou veterinário.");
        await Expect(desk.Locator("[data-testid=booking-dialog]")).ToBeVisibleAsync();
        await Expect(desk.Locator("[data-testid=booking-tutor]")).ToHaveValueAsync("Otávio Lins");
        await Expect(desk.Locator("[data-testid=booking-dialog]")).ToContainTextAsync("Mel");
        await desk.ScreenshotAsync("agenda-booking-conflict");
        await desk.Context.CloseAsync();
    }

    [Fact]
    public async Task From_a_pet_the_free_slot_books_that_pet_and_the_week_shows_it()
    {
        var vet = await _data.VeterinarianAsync();
        var (_, petId, _) = await _data.TutorWithPetAsync("Renato Siqueira", "Bolinha", Species.Rabbit);
        var day = await _data.FutureWorkingDayAsync();
        var otherVet = await _data.VeterinarianAsync();
        var (_, thorId, _) = await _data.TutorWithPetAsync("Paula Nogueira", "Thor", Species.Dog, PetAlerts.Aggressive);
        await _data.BookAsync(thorId, otherVet.Id, day.ToDateTime(new TimeOnly(13, 45)), 45, AppointmentType.Surgery);

        var desk = await SignedInAsync("reception@aurora.vet");
        await desk.GotoAsync($"aurora/agenda?date={day:yyyy-MM-dd}&pet={petId}");
        await desk.WaitForLiveAsync();
        await Expect(desk.Locator("[data-testid=agenda-pet-banner]")).ToContainTextAsync("Escolha um horário livre para Bolinha (Renato Siqueira).");
        await Cell(desk, vet.Id, day, "14:00").ClickAsync();
        await Expect(desk.Locator("[data-testid=booking-tutor]")).ToHaveValueAsync("Renato Siqueira");
        await Expect(desk.Locator("[data-testid=booking-dialog]")).ToContainTextAsync("Bolinha");
        await desk.ClickAsync("[data-testid=booking-save]");
        await Expect(Snackbar(desk, "Agendamento marcado.")).ToBeVisibleAsync();
        await Expect(desk.Locator("[data-testid=agenda-pet-banner]")).ToHaveCountAsync(0);
        await Expect(desk).Not.ToHaveURLAsync(new Regex("pet="));

        await desk.ClickAsync("[data-testid=agenda-view-week]");
        await Expect(desk).ToHaveURLAsync(new Regex("view=week"));
        var dayColumn = desk.Locator($"[data-column='{day:yyyy-MM-dd}']");
        await Expect(dayColumn.Locator("[data-testid=appointment]", new() { HasText = "Bolinha" })).ToBeVisibleAsync();
        // Two vets at the same time share the day's width.
        var thor = dayColumn.Locator("[data-testid=appointment]", new() { HasText = "Thor" });
        await Expect(thor).ToHaveAttributeAsync("style", new Regex(@"left:calc\(0% \+ 2px\);width:calc\(50% - 4px\)"));
        await desk.ScreenshotAsync("agenda-week");
        await desk.Context.CloseAsync();
    }

    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(FrontDeskData.Slug, email);
        return page;
    }

    private async Task<IPage> OpenAgendaAsync(string email, DateOnly day)
    {
        var page = await SignedInAsync(email);
        await page.GotoAsync($"aurora/agenda?date={day:yyyy-MM-dd}");
        await page.WaitForLiveAsync();
        await Expect(page.Locator("[data-testid=agenda-grid]")).ToBeVisibleAsync();
        return page;
    }

    private static ILocator Snackbar(IPage page, string text) => page.Locator(".mud-snackbar", new() { HasText = text });

    private static ILocator Column(IPage page, Guid vetId) => page.Locator($"[data-column='{vetId}']");

    private static ILocator Cell(IPage page, Guid vetId, DateOnly day, string time) =>
        Column(page, vetId).Locator($"[data-start='{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}T{time}']");

    /// <summary>Types the tutor's phone into the booking dialog and picks them from the suggestions.</summary>
    private static async Task PickTutorAsync(IPage page, string phone, string name)
    {
        await Expect(page.Locator("[data-testid=booking-dialog]")).ToBeVisibleAsync();
        var input = page.Locator("[data-testid=booking-tutor]");
        await input.ClickAsync();
        await input.PressSequentiallyAsync(phone, new() { Delay = 20 });
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = name }).ClickAsync();
        await Expect(page.Locator("[data-testid=booking-tutor]")).ToHaveValueAsync(name);
    }
}
