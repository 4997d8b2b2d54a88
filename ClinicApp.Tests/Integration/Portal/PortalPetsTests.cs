using System.Net;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Pets;
using ClinicApp.Features.Portal;
using ClinicApp.Features.Vaccinations;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Portal;

[Collection(AppCollection.Name)]
public sealed class PortalPetsTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    private static PortalPets Pets(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<PortalPets>();

    /// <summary>A vet's record of the tutor's pet: two weights, a V10 overdue and a rabies vaccine not due,
    /// alerts Fearful (shared with the tutor) and Bites (the team's only), an allergy.</summary>
    private async Task<string> RecordAsync(PortalTutor tutor)
    {
        await using var vet = await Desk.AsAsync(_app, tutor.Slug, Roles.Veterinarian);
        var today = vet.Time.Today;
        await vet.Pets.AddWeightAsync(tutor.PetId, 11.2m);
        await vet.Pets.AddWeightAsync(tutor.PetId, 12.45m);
        var vaccinations = vet.Services.GetRequiredService<VaccinationService>();
        var batch = $"L{Guid.NewGuid():N}"[..9];
        await vaccinations.RecordAsync(tutor.PetId, new VaccinationInput { Vaccine = "V10", Dose = "Reforço anual", Batch = batch, AppliedOn = today.AddDays(-400), NextDueOn = today.AddDays(-35) });
        await vaccinations.RecordAsync(tutor.PetId, new VaccinationInput { Vaccine = "Antirrábica", AppliedOn = today.AddDays(-10), NextDueOn = today.AddDays(355) });
        var input = PetInput.From((await vet.Pets.GetAsync(tutor.PetId))!.Pet);
        input.Alerts = PetAlerts.Fearful | PetAlerts.Bites;
        input.SharedAlerts = PetAlerts.Fearful;
        input.Allergies = "Dipirona";
        await vet.Pets.SaveAsync(tutor.PetId, input);
        return batch;
    }

    /// <summary>A pet of a tutor without a portal account: a row only staff know.</summary>
    private async Task<Guid> StaffOnlyPetAsync(string slug)
    {
        await using var desk = await Desk.AsAsync(_app, slug);
        return await desk.NewPetAsync();
    }

    private async Task<Http> SignedInAsync(PortalTutor tutor)
    {
        var http = new Http(_app.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync(tutor.Slug, tutor.Email, TestUsers.Password)).StatusCode);
        return http;
    }

    [Fact]
    public async Task The_tutor_sees_their_pets_with_latest_weight_vaccines_due_and_only_the_shared_alerts()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var other = await PortalTutors.CreateAsync(_app, "aurora");
        var batch = await RecordAsync(tutor);
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);

        var card = Assert.Single(await Pets(scope).MyPetsAsync());
        var pet = await Pets(scope).PetAsync(tutor.PetId);

        Assert.Equal(tutor.PetId, card.Id);
        Assert.Equal(12.45m, card.LatestWeightKg);
        Assert.Equal(VaccinesDue.Overdue, card.Vaccines);
        Assert.DoesNotContain(other.PetId, (await Pets(scope).MyPetsAsync()).Select(p => p.Id));
        Assert.Equal(PetAlerts.Fearful, pet.SharedAlerts);
        Assert.Equal("Dipirona", pet.Allergies);
        Assert.Equal([11.2m, 12.45m], pet.Weights.Select(w => w.Kilograms));
        Assert.Equal(["Antirrábica", "V10"], pet.Vaccinations.Select(v => v.Vaccine));
        Assert.Equal(batch, pet.Vaccinations.Single(v => v.Vaccine == "V10").Batch);
        var due = Assert.Single(pet.Due);
        Assert.Equal("V10", due.Vaccine);
        Assert.True(due.Overdue);
    }

    [Fact]
    public async Task Unsharing_an_alert_takes_it_off_the_portal_and_a_deceased_pet_stays_listed_without_vaccines_due()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        await RecordAsync(tutor);
        await using (var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian))
        {
            var input = PetInput.From((await vet.Pets.GetAsync(tutor.PetId))!.Pet);
            input.SharedAlerts = PetAlerts.None;
            input.Deceased = true;
            input.DeceasedOn = vet.Time.Today;
            await vet.Pets.SaveAsync(tutor.PetId, input);
        }

        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var card = Assert.Single(await Pets(scope).MyPetsAsync());
        var pet = await Pets(scope).PetAsync(tutor.PetId);

        Assert.Equal(PetAlerts.None, pet.SharedAlerts);
        Assert.True(card.Deceased);
        Assert.Equal(VaccinesDue.None, card.Vaccines);
        Assert.Empty(pet.Due);
    }

    [Fact]
    public async Task Another_tutors_pet_a_staff_only_pet_and_an_unknown_id_are_not_found_alike()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var other = await PortalTutors.CreateAsync(_app, "aurora");
        var staffOnly = await StaffOnlyPetAsync("aurora");
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);

        foreach (var id in new[] { other.PetId, staffOnly, Guid.NewGuid() })
        {
            await Assert.ThrowsAsync<PortalNotFoundException>(() => Pets(scope).PetAsync(id));
            await Assert.ThrowsAsync<PortalNotFoundException>(() => Pets(scope).VaccinationCardAsync(id));
        }

        Assert.Equal([tutor.PetId], (await Pets(scope).MyPetsAsync()).Select(p => p.Id));
    }

    [Fact]
    public async Task A_deleted_pet_is_not_found_in_the_portal()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        await using (var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin))
        {
            await admin.Pets.DeleteAsync(tutor.PetId);
        }

        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        Assert.Empty(await Pets(scope).MyPetsAsync());
        await Assert.ThrowsAsync<PortalNotFoundException>(() => Pets(scope).PetAsync(tutor.PetId));
    }

    [Theory]
    [InlineData(Roles.Veterinarian)]
    [InlineData(Roles.Receptionist)]
    [InlineData(Roles.Admin)]
    public async Task Staff_calling_the_portal_services_get_not_found(string role)
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        await using var staff = await Desk.AsAsync(_app, "aurora", role);
        var pets = staff.Services.GetRequiredService<PortalPets>();
        var documents = staff.Services.GetRequiredService<PortalDocuments>();

        await Assert.ThrowsAsync<PortalNotFoundException>(() => pets.MyPetsAsync());
        await Assert.ThrowsAsync<PortalNotFoundException>(() => pets.PetAsync(tutor.PetId));
        await Assert.ThrowsAsync<PortalNotFoundException>(() => pets.VaccinationCardAsync(tutor.PetId));
        await Assert.ThrowsAsync<PortalNotFoundException>(() => documents.ListAsync());
        await Assert.ThrowsAsync<PortalNotFoundException>(() => documents.PrescriptionPdfAsync(Guid.NewGuid()));
        await Assert.ThrowsAsync<PortalNotFoundException>(() => documents.OpenExamFileAsync(Guid.NewGuid(), Guid.NewGuid()));
        Assert.Empty(await documents.PetIdsAsync());
    }

    [Fact]
    public async Task Shared_alerts_must_be_alerts_of_the_pet_and_only_a_vet_changes_them()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        await RecordAsync(tutor);
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Receptionist);

        var notAnAlert = PetInput.From((await vet.Pets.GetAsync(tutor.PetId))!.Pet);
        notAnAlert.SharedAlerts = PetAlerts.Fearful | PetAlerts.Diabetic;
        var byDesk = PetInput.From((await desk.Pets.GetAsync(tutor.PetId))!.Pet);
        byDesk.SharedAlerts = PetAlerts.Fearful | PetAlerts.Bites;

        Assert.Equal("Pets.Error.SharedAlerts", (await Refusals.CaptureAsync(vet.Pets.SaveAsync(tutor.PetId, notAnAlert)))?.Message);
        Assert.Equal("Common.Error.NotAllowed", (await Refusals.CaptureAsync(desk.Pets.SaveAsync(tutor.PetId, byDesk)))?.Message);
        var pet = (await vet.Pets.GetAsync(tutor.PetId))!.Pet;
        Assert.Equal(PetAlerts.Fearful, pet.SharedAlerts);
        Assert.Equal(PetAlerts.Fearful | PetAlerts.Bites, pet.Alerts);
    }

    [Fact]
    public async Task The_vaccination_card_pdf_lists_the_vaccines_and_is_404_for_any_pet_not_the_tutors()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var other = await PortalTutors.CreateAsync(_app, "aurora");
        var batch = await RecordAsync(tutor);
        var staffOnly = await StaffOnlyPetAsync("aurora");
        using var http = await SignedInAsync(tutor);

        var response = await http.GetAsync($"aurora/portal/pets/{tutor.PetId}/vaccination-card.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var text = string.Join(" ", PdfText.Pages(await response.Content.ReadAsByteArrayAsync()));
        Assert.True(PdfText.Has(text, "V10"), text);
        Assert.True(PdfText.Has(text, "Reforço anual"), text);
        Assert.True(PdfText.Has(text, batch), text);
        Assert.True(PdfText.Has(text, "Antirrábica"), text);
        Assert.True(PdfText.Has(text, (await _app.HospitalAsync("aurora")).Name), text);
        foreach (var id in new[] { other.PetId, staffOnly, Guid.NewGuid() })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"aurora/portal/pets/{id}/vaccination-card.pdf")).StatusCode);
        }
    }

    [Fact]
    public async Task A_staff_member_gets_no_vaccination_card_from_the_portal()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        using var http = new Http(_app.BaseUrl);
        var email = await new TestUsers(_app).CreateAsync("aurora", Roles.Veterinarian);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", email, TestUsers.Password)).StatusCode);

        var response = await http.GetAsync($"aurora/portal/pets/{tutor.PetId}/vaccination-card.pdf");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
    }
}
