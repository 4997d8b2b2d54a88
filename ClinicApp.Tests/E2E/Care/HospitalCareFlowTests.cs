using System.Text.RegularExpressions;
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

namespace ClinicApp.Tests.E2E.Care;

/// <summary>The "done when", as the demo vet and nurse of Aurora would do it: the vet opens a
/// consultation from today's agenda, charts it, admits the pet and prescribes a hospital drug every 8 hours
/// for 3 days; the nurse sees the patient on the board with its 9 doses and gives the first, which the
/// vet's open board shows without a reload; a critical temperature raises the alert on the nurse's screen.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HospitalCareFlowTests(BrowserFixture fixture)
{
    private readonly FrontDeskData _data = new(fixture.App);

    [Fact]
    public async Task Consultation_admission_prescription_board_dose_and_critical_vitals()
    {
        var petName = $"Paçoca {Random.Shared.Next(100, 999)}";
        var (tutorId, petId, _) = await _data.TutorWithPetAsync("Luana Prado", petName, Species.Dog);
        Guid vetId;
        Guid appointmentId;
        await using (var clinical = await _data.ScopeAsync(Roles.Veterinarian))
        {
            await clinical.ServiceProvider.GetRequiredService<Features.Pets.PetService>().AddWeightAsync(petId, 12.4m);
        }

        await using (var scope = await _data.ScopeAsync(Roles.Receptionist))
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
            vetId = (await db.Users.SingleAsync(u => u.Email == "vet@aurora.vet")).Id;
            var freeAt = await FreeTimeTodayAsync(db, scope.ServiceProvider.GetRequiredService<HospitalTime>(), vetId);
            appointmentId = await _data.PlaceTodayAsync(tutorId, petId, vetId, freeAt);
            await scope.ServiceProvider.GetRequiredService<AgendaService>().ChangeStatusAsync(appointmentId, AppointmentStatus.CheckedIn);
        }

        var today = DateOnly.FromDateTime(await _data.NowAsync());

        // The vet: today's agenda → the appointment → start the consultation and chart it.
        var vet = await fixture.NewPageAsync();
        await vet.SignInAsync("aurora", "vet@aurora.vet");
        await vet.GotoAsync($"aurora/agenda?date={today:yyyy-MM-dd}");
        await vet.WaitForLiveAsync();
        await vet.Locator($"[data-column='{vetId}'] [data-testid=appointment]", new() { HasText = petName }).ClickAsync();
        var start = vet.Locator("[data-testid=appointment-start-consultation]");
        await Expect(start).ToBeEnabledAsync();
        await start.ClickAsync();
        // The dialog navigates inside the circuit (no page load): poll the address.
        await Expect(vet).ToHaveURLAsync(new Regex("/aurora/consultations/[0-9a-f-]{36}$"), new() { Timeout = 30_000 });
        await vet.WaitForLiveAsync();
        await vet.Locator("textarea[data-testid=soap-anamnesis]").FillAsync("Vômitos e diarreia há 2 dias, prostrado.");
        await vet.Locator("textarea[data-testid=soap-diagnosis]").FillAsync("Gastroenterite aguda");
        await Expect(vet.Locator("[data-testid=autosave-saved]")).ToBeVisibleAsync();

        // Admit in one click: the diagnosis comes along as the reason, a free bed is offered.
        await vet.ClickAsync("[data-testid=consultation-admit]");
        await Expect(vet.Locator("textarea[data-testid=admit-reason]")).ToHaveValueAsync("Gastroenterite aguda");
        await vet.ClickAsync("[data-testid=admit-save]");
        await Expect(vet.Locator("[data-testid=consultation-stay]")).ToBeVisibleAsync();

        // Prescribe a hospital drug every 8 hours for 3 days.
        await vet.ClickAsync("[data-testid=consultation-prescribe]");
        var dialog = vet.Locator("[data-testid=prescription-dialog]");
        await dialog.Locator("[data-testid=prescription-kind-choice]").GetByText("Internação").ClickAsync();
        await dialog.Locator("input[data-testid=dose-medication]").FillAsync("Dipirona");
        await vet.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Dipirona" }).First.ClickAsync();
        // Picked: the field shows the catalogue's label (name, concentration, presentation), not what was typed.
        await Expect(dialog.Locator("input[data-testid=dose-medication]")).ToHaveValueAsync(new Regex("^Dipirona .+"));
        await dialog.Locator("input[data-testid=dose-amount]").FillAsync("25");
        await dialog.Locator("input[data-testid=dose-every]").FillAsync("8");
        await dialog.Locator("input[data-testid=dose-days]").FillAsync("3");
        await dialog.Locator("input[data-testid=dose-days]").BlurAsync();
        await Expect(dialog.Locator("[data-testid=dose-display]")).ToContainTextAsync("310");
        await Expect(dialog.Locator("[data-testid=dose-count]")).ToContainTextAsync("9");
        await vet.Locator("[data-testid=prescription-save]").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        Guid stayId;
        List<Guid> doses;
        await using (var scope = await _data.ScopeAsync())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
            var stay = await db.Hospitalizations.AsNoTracking().SingleAsync(h => h.PetId == petId);
            stayId = stay.Id;
            Assert.Equal((HospitalizationStatus.InCare, "Gastroenterite aguda", vetId), (stay.Status, stay.Reason, stay.ResponsibleVetId));
            doses = await db.MedicationAdministrations.AsNoTracking().Where(a => a.HospitalizationId == stayId && a.Status == AdministrationStatus.Scheduled)
                .OrderBy(a => a.DueAt).Select(a => a.Id).ToListAsync();
        }

        Assert.Equal(9, doses.Count);

        // The vet keeps the board open.
        await vet.GotoAsync("aurora/board");
        await vet.WaitForLiveAsync();
        var vetNext = vet.Locator($"[data-testid=board-next-{stayId}]");
        await Expect(vetNext).ToBeVisibleAsync();
        var nextBefore = await vetNext.InnerTextAsync();

        // The nurse: the patient on the board, its 9 doses on the stay's page, the first given on the RAM.
        var nurse = await fixture.NewPageAsync();
        await nurse.SignInAsync("aurora", "nurse@aurora.vet");
        await nurse.GotoAsync("aurora/board");
        await nurse.WaitForLiveAsync();
        await Expect(nurse.Locator($"[data-testid=board-card-{stayId}]")).ToContainTextAsync(petName);
        await nurse.ClickAsync($"[data-testid=board-card-{stayId}]");
        await Expect(nurse).ToHaveURLAsync(new Regex($"/aurora/hospitalizations/{stayId}$"));
        await nurse.WaitForLiveAsync();
        await nurse.GetByRole(AriaRole.Tab, new() { Name = "Prescrições" }).ClickAsync();
        await Expect(nurse.Locator("[data-testid=prescriptions-panel]")).ToContainTextAsync("Dipirona");
        await nurse.GotoAsync("aurora/ram");
        await nurse.WaitForLiveAsync();
        await nurse.ClickAsync($"[data-testid=ram-given-{doses[0]}]");
        await Expect(nurse.Locator("[data-testid=ram-group-done]")).ToContainTextAsync(petName);

        // The vet's open board moved to the next dose by itself.
        await Expect(vetNext).Not.ToHaveTextAsync(nextBefore);
        await vet.ScreenshotAsync("care-board-after-dose");

        // A critical temperature, recorded by the vet, raises the alert on the nurse's screen.
        await vet.GotoAsync($"aurora/hospitalizations/{stayId}");
        await vet.WaitForLiveAsync();
        await vet.GetByRole(AriaRole.Tab, new() { Name = "Sinais vitais" }).ClickAsync();
        await vet.ClickAsync("[data-testid=vitals-record]");
        await vet.Locator("input[data-testid=vitals-TemperatureC]").FillAsync("41,6");
        await vet.ClickAsync("[data-testid=vitals-save]");
        var alert = nurse.Locator("[data-testid=emergency-alert]", new() { HasText = petName });
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert).ToContainTextAsync("41,6");
        await nurse.ScreenshotAsync("care-nurse-alert");

        await using (var scope = await _data.ScopeAsync())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
            var given = await db.MedicationAdministrations.AsNoTracking().SingleAsync(a => a.Id == doses[0]);
            Assert.Equal(AdministrationStatus.Given, given.Status);
            Assert.Equal(310m, given.DoseGivenMg);
        }

        await vet.Context.CloseAsync();
        await nurse.Context.CloseAsync();
    }

    /// <summary>The local start of 30 minutes of the demo vet's agenda today that are free, searching back from
    /// now (the demo fills the day).</summary>
    private static async Task<DateTime> FreeTimeTodayAsync(Data.ClinicDbContext db, HospitalTime time, Guid vetId)
    {
        var now = time.UtcNow;
        var dayStart = time.StartOfDayUtc(time.Today);
        var step = TimeSpan.FromMinutes(Appointment.SlotMinutes);
        var start = new DateTime(now.Ticks / step.Ticks * step.Ticks, DateTimeKind.Utc);
        var taken = await db.AppointmentSlots.AsNoTracking().Where(s => s.ResourceId == vetId && s.Start >= dayStart && s.Start < now.AddHours(1)).Select(s => s.Start).ToListAsync();
        while (start > dayStart && Enumerable.Range(0, 6).Any(i => taken.Contains(start.AddMinutes(i * Appointment.SlotMinutes))))
        {
            start -= step;
        }

        return time.ToLocal(start);
    }
}
