using System.Text.RegularExpressions;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Exams;
using ClinicApp.Features.Vaccinations;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Portal;

[Collection(BrowserCollection.Name)]
public sealed class PortalPetsFlowTests(BrowserFixture fixture)
{
    /// <summary>Whether the page is wider than the phone's screen (a sideways scroll).</summary>
    private static Task<bool> OverflowsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");

    [Fact]
    public async Task On_a_360px_phone_the_tutor_opens_a_pet_its_vaccination_card_pdf_and_a_released_exam()
    {
        var tutor = await PortalTutors.CreateAsync(fixture.App, "aurora", $"Marta Sá {Guid.NewGuid():N}"[..15]);
        await using (var vet = await Desk.AsAsync(fixture.App, "aurora", Roles.Veterinarian))
        {
            await vet.Pets.AddWeightAsync(tutor.PetId, 10.4m);
            await vet.Services.GetRequiredService<VaccinationService>().RecordAsync(tutor.PetId, new VaccinationInput
            {
                Vaccine = "V10 (déctupla canina)", Dose = "Reforço anual", Batch = "LOTE-2026-0042", AppliedOn = vet.Time.Today.AddDays(-380), NextDueOn = vet.Time.Today.AddDays(-15),
            });
            var exams = vet.Services.GetRequiredService<ExamService>();
            var examId = await exams.RequestAsync(new ExamRequestInput { PetId = tutor.PetId, ExamType = "Hemograma completo" });
            await exams.CompleteAsync(examId, "Hematócrito 45%, leucócitos 11.200/µL: dentro da normalidade para a espécie.");
            await exams.ReleaseToTutorAsync(examId);
        }

        var page = await fixture.NewPageAsync();
        await page.SetViewportSizeAsync(360, 780);
        await page.SignInAsync("aurora", tutor.Email, TestUsers.Password);
        await page.GotoAsync("aurora/portal");
        await page.WaitForLiveAsync();

        await Expect(page.Locator("[data-testid=portal-pet]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=portal-pet-vaccines]")).ToHaveTextAsync("Vacina atrasada");
        Assert.False(await OverflowsAsync(page));
        await page.ScreenshotAsync("portal-home-360");

        await page.ClickAsync("[data-testid=portal-pet]");
        await Expect(page).ToHaveURLAsync(new Regex($"/aurora/portal/pets/{tutor.PetId}$"));
        await Expect(page.Locator("[data-testid=portal-vaccination]")).ToContainTextAsync("LOTE-2026-0042");
        await Expect(page.Locator("[data-testid=portal-vaccine-due]")).ToContainTextAsync("atrasada");
        Assert.False(await OverflowsAsync(page));
        await page.ScreenshotAsync("portal-pet-360");

        // The link as the browser resolves it (against the hospital's base href), fetched with the tutor's cookie.
        var href = await page.Locator("[data-testid=portal-vaccination-pdf]").EvaluateAsync<string>("a => a.href");
        var pdf = await page.Context.APIRequest.GetAsync(href);
        Assert.Equal(200, pdf.Status);
        Assert.StartsWith("application/pdf", pdf.Headers["content-type"], StringComparison.Ordinal);
        Assert.True(PdfText.Has(string.Join(" ", PdfText.Pages(await pdf.BodyAsync())), "LOTE-2026-0042"));

        await page.ClickAsync("[data-testid=portal-nav-documents]");
        await Expect(page.Locator("[data-testid=portal-exam-result]")).ToContainTextAsync("Hematócrito 45%");
        Assert.False(await OverflowsAsync(page));
        await page.ScreenshotAsync("portal-documents-360");
    }
}
