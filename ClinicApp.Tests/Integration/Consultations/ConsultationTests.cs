using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Consultations;
using ClinicApp.Features.Pets;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Integration.Prescriptions;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Consultations;

/// <summary>The consultation's promises against the real services and SQLite files.</summary>
[Collection(AppCollection.Name)]
public sealed class ConsultationTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task Starting_from_an_arrived_appointment_puts_it_in_progress_and_starting_again_returns_the_same_consultation()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var appointmentVet = await desk.NewVetAsync();
        var petId = await desk.NewPetAsync();
        var appointmentId = await desk.NewArrivedAppointmentAsync(petId, appointmentVet);

        var id = await desk.Consultations().StartFromAppointmentAsync(appointmentId);
        var again = await desk.Consultations().StartFromAppointmentAsync(appointmentId);

        Assert.Equal(id, again);
        Assert.Equal(AppointmentStatus.InProgress, (await desk.Agenda.GetAsync(appointmentId))!.Status);
        var view = (await desk.Consultations().GetAsync(id))!;
        Assert.Equal(ConsultationStatus.InProgress, view.Status);
        Assert.Equal(appointmentVet, view.VeterinarianId);
        Assert.Equal(petId, view.Pet.Id);
        Assert.Equal(appointmentId, view.AppointmentId);
        Assert.Equal(id, await desk.Consultations().ForAppointmentAsync(appointmentId));
    }

    [Fact]
    public async Task Two_tabs_starting_the_same_appointment_at_once_get_one_consultation()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var appointmentId = await desk.NewArrivedAppointmentAsync(await desk.NewPetAsync(), await desk.NewVetAsync());
        var tabs = new List<Desk>();
        for (var i = 0; i < 4; i++)
        {
            tabs.Add(await Desk.AsAsync(_app, "aurora", Roles.Veterinarian));
        }

        using var gate = new ManualResetEventSlim();
        var starts = tabs.Select(tab => Task.Run(async () =>
        {
            gate.Wait();
            return await tab.Consultations().StartFromAppointmentAsync(appointmentId);
        })).ToList();
        gate.Set();
        var ids = await Task.WhenAll(starts);

        Assert.Single(ids.Distinct());
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        Assert.Equal(1, await db.Consultations.CountAsync(c => c.AppointmentId == appointmentId));
        foreach (var tab in tabs)
        {
            await tab.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_consultation_does_not_start_before_the_patient_arrives()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var appointmentId = await desk.Agenda.BookAsync(Desk.Booking(await desk.NewPetAsync(), await desk.NewVetAsync(), desk.FutureSlot(3)));

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Consultations().StartFromAppointmentAsync(appointmentId));

        Assert.Equal("Consultation.Error.NotArrived", refusal.Message);
        Assert.Equal(AppointmentStatus.Scheduled, (await desk.Agenda.GetAsync(appointmentId))!.Status);
        Assert.Null(await desk.Consultations().ForAppointmentAsync(appointmentId));
    }

    [Fact]
    public async Task Autosave_returns_a_new_version_and_a_stale_version_from_another_tab_is_refused_without_overwriting()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var id = await desk.Consultations().StartWalkInAsync(await desk.NewPetAsync());
        var opened = (await desk.Consultations().GetAsync(id))!.Version;

        var tabA = await desk.Consultations().SaveDraftAsync(id, new ConsultationInput { Anamnesis = "Tosse há 3 dias.", TemperatureC = 39.4m, Mucosa = Mucosa.Normal }, opened);
        var tabAAgain = await desk.Consultations().SaveDraftAsync(id, new ConsultationInput { Anamnesis = "Tosse há 3 dias, seca.", TemperatureC = 39.4m, Mucosa = Mucosa.Normal }, tabA);
        var stale = await Assert.ThrowsAsync<DomainRuleException>(() =>
            desk.Consultations().SaveDraftAsync(id, new ConsultationInput { Anamnesis = "Texto da outra aba" }, opened));

        Assert.NotEqual(opened, tabA);
        Assert.NotEqual(tabA, tabAAgain);
        Assert.Equal("Consultation.Error.Stale", stale.Message);
        var view = (await desk.Consultations().GetAsync(id))!;
        Assert.Equal("Tosse há 3 dias, seca.", view.Soap.Anamnesis);
        Assert.Equal(39.4m, view.Soap.TemperatureC);
        Assert.Equal(Mucosa.Normal, view.Soap.Mucosa);
        Assert.Equal(tabAAgain, view.Version);
    }

    [Fact]
    public async Task An_implausible_value_is_refused_naming_the_field()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var id = await desk.Consultations().StartWalkInAsync(await desk.NewPetAsync());
        var version = (await desk.Consultations().GetAsync(id))!.Version;

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Consultations().SaveDraftAsync(id, new ConsultationInput { TemperatureC = 385m }, version));

        Assert.Equal("Consultation.Error.Range", refusal.Message);
        Assert.Equal(new object[] { "Consultation.Temperature", 30, 45 }, refusal.Arguments);
        Assert.Null((await desk.Consultations().GetAsync(id))!.Soap.TemperatureC);
    }

    [Fact]
    public async Task Completing_records_the_weight_typed_and_completes_the_appointment_and_the_chart_is_closed_after()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var petId = await desk.NewWeighedPetAsync(10m);
        var appointmentId = await desk.NewArrivedAppointmentAsync(petId, await desk.NewVetAsync());
        var id = await desk.Consultations().StartFromAppointmentAsync(appointmentId);
        await desk.Consultations().SaveDraftAsync(id, new ConsultationInput { WeightKg = 11.35m, Diagnosis = "Gastrite" }, (await desk.Consultations().GetAsync(id))!.Version);

        await desk.Consultations().CompleteAsync(id);
        await desk.Consultations().CompleteAsync(id); // a double click changes nothing

        var view = (await desk.Consultations().GetAsync(id))!;
        Assert.Equal(ConsultationStatus.Completed, view.Status);
        Assert.NotNull(view.CompletedAt);
        Assert.Equal(11.35m, view.LatestWeightKg);
        Assert.Equal(AppointmentStatus.Completed, (await desk.Agenda.GetAsync(appointmentId))!.Status);
        var weights = (await desk.Pets.GetAsync(petId))!.Weights;
        Assert.Equal([10m, 11.35m], weights.Select(w => w.Kilograms));
        var closed = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Consultations().SaveDraftAsync(id, new ConsultationInput { Diagnosis = "Outra" }, view.Version));
        Assert.Equal("Consultation.Error.Completed", closed.Message);
    }

    [Fact]
    public async Task A_walk_in_is_the_acting_vets_and_appears_on_the_pets_timeline()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var petId = await desk.NewPetAsync();
        var me = desk.Services.GetRequiredService<CurrentActor>().UserId;

        var id = await desk.Consultations().StartWalkInAsync(petId);
        await desk.Consultations().SaveDraftAsync(id, new ConsultationInput { Diagnosis = "Otite externa" }, (await desk.Consultations().GetAsync(id))!.Version);

        var view = (await desk.Consultations().GetAsync(id))!;
        Assert.Equal(me, view.VeterinarianId);
        Assert.Null(view.AppointmentId);
        var entry = Assert.Single(await desk.Services.GetRequiredService<PetTimeline>().ForAsync(petId), e => e.Kind == "Consultation");
        Assert.Equal($"consultations/{id}", entry.Href);
        Assert.Contains("Otite externa", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_walk_in_is_for_the_vet_chosen_and_only_a_vet_of_the_hospital_can_be_chosen()
    {
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        var vet = await admin.NewVetAsync();
        var nurse = await admin.NewUserAsync(Roles.Nurse);
        var petId = await admin.NewPetAsync();

        var id = await admin.Consultations().StartWalkInAsync(petId, vet);
        var refused = await Refusals.CaptureAsync(admin.Consultations().StartWalkInAsync(petId, nurse));

        Assert.Equal(vet, (await admin.Consultations().GetAsync(id))!.VeterinarianId);
        Assert.Equal("Consultation.Error.NotAVet", refused?.Message);
    }

    [Theory]
    [InlineData(Roles.Nurse)]
    [InlineData(Roles.Receptionist)]
    public async Task Only_vets_and_admins_chart_and_the_front_desk_does_not_read_the_chart(string role)
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var petId = await vet.NewPetAsync();
        var id = await vet.Consultations().StartWalkInAsync(petId);
        var version = (await vet.Consultations().GetAsync(id))!.Version;
        await using var other = await Desk.AsAsync(_app, "aurora", role);

        var write = await Assert.ThrowsAsync<DomainRuleException>(() => other.Consultations().SaveDraftAsync(id, new ConsultationInput { Anamnesis = "x" }, version));
        var start = await Assert.ThrowsAsync<DomainRuleException>(() => other.Consultations().StartWalkInAsync(petId));
        var complete = await Assert.ThrowsAsync<DomainRuleException>(() => other.Consultations().CompleteAsync(id));

        Assert.All(new[] { write, start, complete }, r => Assert.Equal("Common.Error.NotAllowed", r.Message));
        if (role == Roles.Nurse)
        {
            Assert.NotNull(await other.Consultations().GetAsync(id));
        }
        else
        {
            Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => other.Consultations().GetAsync(id))).Message);
        }
    }

    [Fact]
    public async Task Another_hospital_does_not_find_the_consultation()
    {
        await using var aurora = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var id = await aurora.Consultations().StartWalkInAsync(await aurora.NewPetAsync());
        await using var boavista = await Desk.AsAsync(_app, "boavista", Roles.Veterinarian);

        Assert.Null(await boavista.Consultations().GetAsync(id));
        Assert.Equal("Common.Error.NotFound", (await Assert.ThrowsAsync<DomainRuleException>(() => boavista.Consultations().CompleteAsync(id))).Message);
    }
}
