using System.Net;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Hospitalizations;
using ClinicApp.Features.Portal;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Portal;

/// <summary>A hospitalized pet in its tutor's portal: the bulletins and, after discharge, the home-care
/// instructions and the tutor's copy of the discharge document; never the notes, doses or reason.</summary>
[Collection(AppCollection.Name)]
public sealed class PortalStaysTests(AppFixture fixture)
{
    private const string Note = "Evolução interna: suspeita de corpo estranho, avaliar laparotomia.";

    private readonly ClinicAppFactory _app = fixture.App;

    /// <summary>The tutor's pet admitted by a vet, with a progress note (internal) and a bulletin.</summary>
    private async Task<(Guid Stay, Desk Vet)> AdmittedAsync(PortalTutor tutor, string bulletin = "Passou bem a noite e comeu sozinho.")
    {
        var vet = await Desk.AsAsync(_app, tutor.Slug, Roles.Veterinarian);
        var vetId = vet.Services.GetRequiredService<CurrentActor>().UserId!.Value;
        var stay = await vet.NewStayAsync(tutor.PetId, vetId, await vet.NewBedAsync());
        await vet.Services.GetRequiredService<HospitalizationService>().AddNoteAsync(stay, Note);
        await vet.Services.GetRequiredService<StayBulletins>().PublishAsync(stay, bulletin);
        return (stay, vet);
    }

    [Fact]
    public async Task A_pet_in_hospital_shows_on_the_home_card_and_its_page_with_the_bulletins_only()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var (stay, vet) = await AdmittedAsync(tutor, "Chegou abatido, já está no soro.");
        await using var _ = vet;
        await vet.Services.GetRequiredService<StayBulletins>().PublishAsync(stay, "Passou bem a noite, alimentou-se sozinho e está mais ativo.");
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var portal = scope.ServiceProvider.GetRequiredService<PortalStays>();

        var now = Assert.Single(await portal.CurrentAsync());
        var page = await portal.GetAsync(stay);

        Assert.Equal((stay, "Passou bem a noite, alimentou-se sozinho e está mais ativo."), (now.Id, now.Latest?.Text));
        Assert.Equal(PortalStayStatus.InCare, page.Status);
        Assert.Equal(["Passou bem a noite, alimentou-se sozinho e está mais ativo.", "Chegou abatido, já está no soro."], page.Bulletins.Select(b => b.Text));
        Assert.Null(page.DischargeInstructions);
        // Nothing of the stay's inside reaches the model: not the note, not the reason.
        var shown = System.Text.Json.JsonSerializer.Serialize(page);
        Assert.DoesNotContain("corpo estranho", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Gastroenterite", shown, StringComparison.Ordinal);
        Assert.Null(await portal.DischargePdfAsync(stay));
    }

    [Fact]
    public async Task After_discharge_the_tutor_reads_the_home_care_instructions_and_gets_a_discharge_document_without_the_notes()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var (stay, vet) = await AdmittedAsync(tutor);
        await using (vet)
        {
            await vet.Services.GetRequiredService<HospitalizationService>().DischargeAsync(stay, HospitalizationStatus.Discharged, "Alta com melhora clínica.",
                "  Ração úmida 4 vezes ao dia; retorno em 10 dias.  ");
        }

        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var portal = scope.ServiceProvider.GetRequiredService<PortalStays>();

        var page = await portal.GetAsync(stay);
        var pdf = PdfText.Pages((await portal.DischargePdfAsync(stay))!.Content);

        Assert.Empty(await portal.CurrentAsync());
        Assert.Equal((PortalStayStatus.Discharged, "Ração úmida 4 vezes ao dia; retorno em 10 dias."), (page.Status, page.DischargeInstructions));
        Assert.Contains(pdf, p => PdfText.Has(p, "Ração úmida 4 vezes ao dia; retorno em 10 dias."));
        Assert.Contains(pdf, p => PdfText.Has(p, "Alta com melhora clínica."));
        Assert.DoesNotContain(pdf, p => PdfText.Has(p, "corpo estranho"));
        Assert.DoesNotContain(pdf, p => PdfText.Has(p, "Gastroenterite"));
        Assert.Equal([stay], (await portal.ListAsync()).Select(s => s.Id));
    }

    [Fact]
    public async Task The_staff_discharge_document_prints_the_instructions_under_their_own_heading()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var (stay, vet) = await AdmittedAsync(tutor);
        await using var _ = vet;
        await vet.Services.GetRequiredService<HospitalizationService>().DischargeAsync(stay, HospitalizationStatus.Discharged, "Alta.", "Colar elizabetano por 10 dias.");

        var pdf = string.Join(" ", PdfText.Pages((await vet.Services.GetRequiredService<HospitalizationDocuments>().DischargeAsync(stay))!.Content));

        Assert.True(PdfText.Has(pdf, "Orientações para casa") || PdfText.Has(pdf, "Home-care instructions"));
        Assert.True(PdfText.Has(pdf, "Colar elizabetano por 10 dias."));
        Assert.True(PdfText.Has(pdf, "corpo estranho"), "the staff's copy keeps the progress notes");
    }

    [Fact]
    public async Task Another_tutors_stay_a_staff_only_stay_and_a_staff_member_get_not_found()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var other = await PortalTutors.CreateAsync(_app, "aurora");
        var (theirs, vet) = await AdmittedAsync(other);
        await using var _ = vet;
        await vet.Services.GetRequiredService<HospitalizationService>().DischargeAsync(theirs, HospitalizationStatus.Discharged, "Alta.", "Repouso.");
        var staffOnlyPet = await vet.NewPetAsync();
        var staffOnly = await vet.NewStayAsync(staffOnlyPet, vet.Services.GetRequiredService<CurrentActor>().UserId!.Value, await vet.NewBedAsync());

        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var portal = scope.ServiceProvider.GetRequiredService<PortalStays>();
        var staffPortal = vet.Services.GetRequiredService<PortalStays>();

        Assert.Empty(await portal.CurrentAsync());
        Assert.Empty(await portal.ListAsync());
        foreach (var id in new[] { theirs, staffOnly, Guid.NewGuid() })
        {
            await Assert.ThrowsAsync<PortalNotFoundException>(() => portal.GetAsync(id));
            Assert.Null(await portal.DischargePdfAsync(id));
        }

        Assert.Empty(await staffPortal.CurrentAsync());
        await Assert.ThrowsAsync<PortalNotFoundException>(() => staffPortal.ListAsync());
        await Assert.ThrowsAsync<PortalNotFoundException>(() => staffPortal.GetAsync(theirs));
        Assert.Null(await staffPortal.DischargePdfAsync(theirs));
    }

    [Fact]
    public async Task The_discharge_download_answers_the_tutor_and_404_for_others_and_for_a_stay_not_ended()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var other = await PortalTutors.CreateAsync(_app, "aurora");
        var (mine, vet) = await AdmittedAsync(tutor);
        var (theirs, otherVet) = await AdmittedAsync(other);
        await using var _ = vet;
        await using var __ = otherVet;
        var stays = vet.Services.GetRequiredService<HospitalizationService>();
        await stays.DischargeAsync(mine, HospitalizationStatus.Discharged, "Alta.", "Repouso por 7 dias.");
        await stays.DischargeAsync(theirs, HospitalizationStatus.Discharged, "Alta.");
        var secondPet = await vet.NewPetAsync(tutor.TutorId);
        var stillIn = await vet.NewStayAsync(secondPet, vet.Services.GetRequiredService<CurrentActor>().UserId!.Value, await vet.NewBedAsync());
        var staffOnly = await vet.NewStayAsync(await vet.NewPetAsync(), vet.Services.GetRequiredService<CurrentActor>().UserId!.Value, null);
        using var http = new Http(fixture.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", tutor.Email, TestUsers.Password)).StatusCode);

        var pdf = await http.GetAsync($"aurora/portal/stays/{mine}/discharge.pdf");

        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Contains(PdfText.Pages(await pdf.Content.ReadAsByteArrayAsync()), p => PdfText.Has(p, "Repouso por 7 dias."));
        foreach (var id in new[] { theirs, stillIn, staffOnly, Guid.NewGuid() })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"aurora/portal/stays/{id}/discharge.pdf")).StatusCode);
        }
    }
}
