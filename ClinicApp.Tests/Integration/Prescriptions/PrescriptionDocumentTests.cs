using ClinicApp.Common;
using System.Net;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Pets;
using ClinicApp.Features.Prescriptions;
using ClinicApp.Features.Tutors;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Prescriptions;

[Collection(AppCollection.Name)]
public sealed class PrescriptionDocumentTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    private async Task<Http> SignedInAsync(string slug, string role)
    {
        var http = new Http(_app.BaseUrl);
        var email = await new TestUsers(_app).CreateAsync(slug, role);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync(slug, email, TestUsers.Password)).StatusCode);
        return http;
    }

    private static async Task<Guid> OutpatientAsync(Desk desk, string tutor, string cpf, string medicine)
    {
        var tutorId = await desk.NewTutorAsync(tutor, cpf);
        var petId = await desk.Pets.SaveAsync(null, new PetInput { TutorId = tutorId, Name = "Pipoca", Species = Species.Dog, Breed = "Shih-tzu" });
        await desk.Pets.AddWeightAsync(petId, 12.4m);
        var medicationId = await desk.NewMedicationAsync(name: medicine);
        var item = PrescribingData.Item(medicationId, desk.NextHour(), amount: 25m, everyHours: 12, days: 5);
        item.Route = DoseRoute.SC;
        item.Instructions = "Aplicar com o animal em jejum.";
        return await desk.Prescriptions().CreateAsync(new PrescriptionInput { PetId = petId, Kind = PrescriptionKind.Outpatient, Items = [item] });
    }

    [Fact]
    public async Task A_prescription_whose_items_were_all_suspended_is_refused_not_printed_empty()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var id = await OutpatientAsync(desk, "Tutor Suspenso", Desk.NewCpf(), $"Dipirona {Guid.NewGuid():N}"[..16]);
        var item = (await desk.Prescriptions().GetAsync(id))!.Items.Single().Id;
        await desk.Prescriptions().SuspendItemAsync(item, "Vômitos");
        using var http = await SignedInAsync("aurora", Roles.Receptionist);

        var response = await http.GetAsync($"aurora/prescriptions/{id}/pdf");
        var refused = await Refusals.CaptureAsync(desk.Services.GetRequiredService<PrescriptionDocuments>().ReceituarioAsync(id));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.NotEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("não há o que imprimir", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Prescriptions.Error.NothingToPrint", refused?.Message);
    }

    [Fact]
    public async Task The_receituario_names_hospital_vet_tutor_pet_and_each_dose_with_its_volume()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var cpf = Desk.NewCpf();
        var medicine = $"Dipirona {Guid.NewGuid():N}"[..16];
        var id = await OutpatientAsync(desk, "Roberta Falcão", cpf, medicine);
        var vetName = (await desk.Services.GetRequiredService<UserManager<ApplicationUser>>()
            .FindByIdAsync(desk.Services.GetRequiredService<ClinicApp.Tenancy.CurrentActor>().UserId!.Value.ToString()))!.DisplayName;
        using var http = await SignedInAsync("aurora", Roles.Receptionist);

        var response = await http.GetAsync($"aurora/prescriptions/{id}/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("receita-", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var text = string.Join(" ", PdfText.Pages(await response.Content.ReadAsByteArrayAsync()));
        Assert.True(PdfText.Has(text, desk.Hospital.Name), text);
        Assert.True(PdfText.Has(text, vetName), text);
        Assert.True(PdfText.Has(text, "Roberta Falcão"), text);
        Assert.True(PdfText.Has(text, Cpf.Format(cpf)), text);
        Assert.True(PdfText.Has(text, "Pipoca"), text);
        Assert.True(PdfText.Has(text, "Shih-tzu"), text);
        Assert.True(PdfText.Has(text, "12.4 kg") || PdfText.Has(text, "12,4 kg"), text);
        Assert.True(PdfText.Has(text, $"1. {medicine}"), text);
        Assert.True(PdfText.Has(text, "310 mg = 0.62 mL") || PdfText.Has(text, "310 mg = 0,62 mL"), text);
        Assert.True(PdfText.Has(text, "SC"), text);
        Assert.True(PdfText.Has(text, "12 h"), text);
        Assert.True(PdfText.Has(text, "5 d"), text);
        Assert.True(PdfText.Has(text, "Aplicar com o animal em jejum."), text);
    }

    [Fact]
    public async Task Another_hospitals_prescription_is_not_found_and_anonymous_is_sent_to_sign_in()
    {
        await using var boavista = await Desk.AsAsync(_app, "boavista", Roles.Veterinarian);
        var foreign = await OutpatientAsync(boavista, "Caio Lemos", Desk.NewCpf(), $"Amoxi {Guid.NewGuid():N}"[..14]);
        using var http = await SignedInAsync("aurora", Roles.Veterinarian);

        var response = await http.GetAsync($"aurora/prescriptions/{foreign}/pdf");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        using var anonymous = new Http(_app.BaseUrl);
        var redirect = await anonymous.GetAsync($"boavista/prescriptions/{foreign}/pdf");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Contains("/account/login", Http.Location(redirect), StringComparison.Ordinal);
    }
}
