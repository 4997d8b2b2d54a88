using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Agenda;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Consultations;

[Collection(BrowserCollection.Name)]
public sealed class ConsultationFlowTests(BrowserFixture fixture)
{
    private readonly FrontDeskData _data = new(fixture.App);

    [Fact]
    public async Task The_vet_starts_the_consultation_from_the_agenda_and_what_is_typed_survives_a_reload()
    {
        var users = new TestUsers(fixture.App);
        var email = await users.CreateAsync(FrontDeskData.Slug, Roles.Veterinarian, "Dra. Paula Nogueira");
        var vetId = (await users.FindAsync(FrontDeskData.Slug, email)).Id;
        var (tutorId, petId, _) = await _data.TutorWithPetAsync("Marcos Vieira", "Biscoito", Species.Dog, PetAlerts.Fearful);
        var now = await _data.NowAsync();
        var start = new DateTime(Math.Max(now.Date.Ticks, now.AddMinutes(-10).Ticks) / TimeSpan.TicksPerMinute / 5 * 5 * TimeSpan.TicksPerMinute);
        var appointmentId = await _data.PlaceTodayAsync(tutorId, petId, vetId, start, 30);
        await using (var desk = await _data.ScopeAsync(Roles.Receptionist))
        {
            await desk.ServiceProvider.GetRequiredService<AgendaService>().ChangeStatusAsync(appointmentId, AppointmentStatus.CheckedIn);
        }

        var vet = await fixture.NewPageAsync();
        await vet.SignInAsync(FrontDeskData.Slug, email, TestUsers.Password);
        await vet.GotoAsync($"aurora/agenda?date={DateOnly.FromDateTime(start):yyyy-MM-dd}");
        await vet.WaitForLiveAsync();
        await vet.Locator($"[data-column='{vetId}'] [data-testid=appointment]", new() { HasText = "Biscoito" }).ClickAsync();
        await Expect(vet.Locator("[data-testid=appointment-status]")).ToContainTextAsync("Chegou");
        await vet.ClickAsync("[data-testid=appointment-start-consultation]");

        // The dialog navigates inside the circuit (no new document): poll the address rather than wait for a
        // "load" that may never be reported for it.
        await Expect(vet).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/aurora/consultations/[0-9a-f-]{36}$"));
        await vet.WaitForLiveAsync();
        await Expect(vet.Locator("[data-testid=consultation-header]")).ToContainTextAsync("Biscoito");
        await Expect(vet.Locator("[data-testid=consultation-alerts]")).ToContainTextAsync("Medroso");
        var anamnesis = vet.Locator("textarea[data-testid=soap-anamnesis]");
        await anamnesis.FillAsync("Vômitos há dois dias, apetite reduzido.");

        // Saved by itself about a second after typing stops, without leaving the field.
        await Expect(vet.Locator("[data-testid=autosave-saved]")).ToBeVisibleAsync();
        await vet.ScreenshotAsync("consultation-autosaved");
        await vet.ReloadAsync();
        await vet.WaitForLiveAsync();
        await Expect(anamnesis).ToHaveValueAsync("Vômitos há dois dias, apetite reduzido.");

        await vet.ClickAsync("[data-testid=consultation-complete]");
        await vet.Locator(".mud-dialog .mud-button", new() { HasText = "Concluir consulta" }).ClickAsync();
        await Expect(vet.Locator("[data-testid=consultation-completed]")).ToBeVisibleAsync();
        await Expect(vet.Locator("[data-testid=consultation-status]")).ToHaveTextAsync("Concluída");
        await Expect(vet.Locator("[data-testid=consultation-complete]")).ToHaveCountAsync(0);
        await Expect(anamnesis).ToHaveAttributeAsync("readonly", "");
        await vet.ScreenshotAsync("consultation-completed");

        await using var check = await _data.ScopeAsync();
        await using var db = await check.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        Assert.Equal(AppointmentStatus.Completed, (await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == appointmentId)).Status);
        Assert.Equal(ConsultationStatus.Completed, (await db.Consultations.AsNoTracking().SingleAsync(c => c.AppointmentId == appointmentId)).Status);
        await vet.Context.CloseAsync();
    }
}
