using System.Collections.Concurrent;
using System.Net;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Care;
using ClinicApp.Features.Hospitalizations;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicApp.Tests.Support.Desk;

namespace ClinicApp.Tests.Integration.Hospitalizations;

/// <summary>Admissions, beds, notes and the end of a stay against the real services and SQLite files.</summary>
[Collection(AppCollection.Name)]
public sealed class HospitalizationTests(AppFixture fixture)
{
    // BedTaken: the winner's row was not visible yet when the loser asked who holds the bed.
    private static readonly string[] BedConflicts = ["Hospitalization.Error.BedOccupied", "Hospitalization.Error.BedTaken"];

    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task Admitting_without_a_bed_waits_and_with_a_bed_is_in_care_under_the_admitting_vet()
    {
        await using var vet = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var (waiting, inBed, bed) = (await vet.NewPetAsync(), await vet.NewPetAsync(), await vet.NewBedAsync());
        using var events = Collect(vet);

        var first = await Stays(vet).AdmitAsync(new AdmitInput { PetId = waiting, Reason = "Observação", Priority = HospitalizationPriority.Low });
        var second = await Stays(vet).AdmitAsync(new AdmitInput { PetId = inBed, BedId = bed, Reason = "Parvovirose", Priority = HospitalizationPriority.Critical });

        var a = (await Stays(vet).GetAsync(first))!;
        var b = (await Stays(vet).GetAsync(second))!;
        Assert.Equal((HospitalizationStatus.Waiting, (Guid?)null), (a.Status, a.BedId));
        Assert.Equal((HospitalizationStatus.InCare, (Guid?)bed, HospitalizationPriority.Critical), (b.Status, b.BedId, b.Priority));
        Assert.Equal(b.AdmittingVetId, b.ResponsibleVetId);
        Assert.Equal(1, b.DaysIn(vet.Time.UtcNow, vet.Time.Zone));
        Assert.Equal(new[] { new CareChanged(first, waiting, CareChange.Admitted), new CareChanged(second, inBed, CareChange.Admitted) }, events.Events);
        Assert.Equal(second, (await Stays(vet).ActiveForPetAsync(inBed))!.Id);
        Assert.Contains(await Stays(vet).ActiveForVetAsync(b.ResponsibleVetId), s => s.Id == first);
    }

    [Fact]
    public async Task Admitting_from_a_consultation_carries_its_pet_diagnosis_and_vet_in_one_click()
    {
        await using var vet = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var consultingVet = await vet.NewVetAsync();
        var pet = await vet.NewPetAsync();
        var withDiagnosis = await NewConsultationAsync(vet, pet, consultingVet, "Gastroenterite hemorrágica");
        var bed = await vet.NewBedAsync();

        var id = await Stays(vet).AdmitFromConsultationAsync(withDiagnosis, bed, HospitalizationPriority.High);

        var stay = (await Stays(vet).GetAsync(id))!;
        Assert.Equal((pet, "Gastroenterite hemorrágica", consultingVet, (Guid?)withDiagnosis, (Guid?)bed),
            (stay.PetId, stay.Reason, stay.ResponsibleVetId, stay.ConsultationId, stay.BedId));

        // No diagnosis: a reason is required, and nothing is admitted without it.
        var other = await vet.NewPetAsync();
        var blank = await NewConsultationAsync(vet, other, consultingVet, null);
        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => Stays(vet).AdmitFromConsultationAsync(blank, null, HospitalizationPriority.Medium));
        Assert.Equal("Hospitalization.Error.ReasonRequired", refusal.Message);
        Assert.Null(await Stays(vet).ActiveForPetAsync(other));
        Assert.NotEqual(Guid.Empty, await Stays(vet).AdmitFromConsultationAsync(blank, null, HospitalizationPriority.Medium, reason: "Desidratação"));
    }

    [Fact]
    public async Task An_occupied_bed_is_refused_naming_its_patient_and_a_pet_in_hospital_is_refused_naming_its_bed()
    {
        await using var vet = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var bed = await vet.NewBedAsync();
        var thor = await vet.NewPetAsync(name: "Thor");
        var mel = await vet.NewPetAsync(name: "Mel");
        await Stays(vet).AdmitAsync(new AdmitInput { PetId = thor, BedId = bed, Reason = "Cinomose" });
        var bedName = (await Stays(vet).ActiveForPetAsync(thor))!.BedName;

        var occupied = await Assert.ThrowsAsync<DomainRuleException>(() => Stays(vet).AdmitAsync(new AdmitInput { PetId = mel, BedId = bed, Reason = "Trauma" }));
        var twice = await Assert.ThrowsAsync<DomainRuleException>(() => Stays(vet).AdmitAsync(new AdmitInput { PetId = thor, Reason = "Outra" }));

        Assert.Equal(("Hospitalization.Error.BedOccupied", bedName, "Thor"), (occupied.Message, occupied.Arguments[0], occupied.Arguments[1]));
        Assert.Equal(("Hospitalization.Error.AlreadyAdmitted", "Thor", bedName), (twice.Message, twice.Arguments[0], twice.Arguments[1]));
        Assert.Null(await Stays(vet).ActiveForPetAsync(mel));
        await using var db = await Db(vet);
        Assert.Equal(1, await db.Hospitalizations.CountAsync(h => h.PetId == thor));
    }

    [Fact]
    public async Task A_biohazard_patient_is_refused_outside_an_isolation_ward_and_accepted_in_one()
    {
        await using var vet = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var (pet, common, isolation) = (await vet.NewPetAsync(), await vet.NewBedAsync(), await vet.NewBedAsync(isolation: true));

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() =>
            Stays(vet).AdmitAsync(new AdmitInput { PetId = pet, BedId = common, Reason = "Parvovirose", Biohazard = true }));
        var id = await Stays(vet).AdmitAsync(new AdmitInput { PetId = pet, BedId = isolation, Reason = "Parvovirose", Biohazard = true });

        Assert.Equal("Hospitalization.Error.IsolationRequired", refusal.Message);
        Assert.True((await Stays(vet).GetAsync(id))!.IsolationWard);
        Assert.Equal("Hospitalization.Error.IsolationRequired",
            (await Assert.ThrowsAsync<DomainRuleException>(() => Stays(vet).MoveBedAsync(id, common))).Message);
    }

    [Fact]
    public async Task Two_admissions_to_one_bed_at_the_same_moment_let_exactly_one_win()
    {
        await using var setup = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var bed = await setup.NewBedAsync();
        var desks = new List<Desk>();
        var pets = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            desks.Add(await AsAsync(_app, "aurora", Roles.Veterinarian));
            pets.Add(await setup.NewPetAsync());
        }

        using var gate = new ManualResetEventSlim();
        var attempts = desks.Select((desk, i) => Task.Run(async () =>
        {
            gate.Wait();
            return await Refusals.CaptureAsync(Stays(desk).AdmitAsync(new AdmitInput { PetId = pets[i], BedId = bed, Reason = "Emergência" }));
        })).ToList();
        gate.Set();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r is null);
        Assert.All(results.Where(r => r is not null), r => Assert.Contains(r!.Message, BedConflicts));
        await using var db = await Db(setup);
        Assert.Equal(1, await db.Hospitalizations.CountAsync(h => h.BedId == bed));
        foreach (var desk in desks)
        {
            await desk.DisposeAsync();
        }
    }

    [Fact]
    public async Task Moving_brings_a_waiting_patient_into_care_and_frees_the_old_bed()
    {
        await using var vet = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var (pet, first, second) = (await vet.NewPetAsync(), await vet.NewBedAsync(), await vet.NewBedAsync());
        var id = await Stays(vet).AdmitAsync(new AdmitInput { PetId = pet, Reason = "Observação" });
        using var events = Collect(vet);

        await Stays(vet).MoveBedAsync(id, first);
        Assert.Equal(HospitalizationStatus.InCare, (await Stays(vet).GetAsync(id))!.Status);
        await Stays(vet).MoveBedAsync(id, second);

        Assert.Equal(second, (await Stays(vet).GetAsync(id))!.BedId);
        Assert.Contains(await Stays(vet).FreeBedsAsync(), b => b.BedId == first);
        Assert.DoesNotContain(await Stays(vet).FreeBedsAsync(), b => b.BedId == second);
        Assert.Equal(2, events.Events.Count(e => e.Change == CareChange.BedMoved && e.HospitalizationId == id));
    }

    [Fact]
    public async Task Discharge_needs_a_summary_frees_the_bed_and_cancels_the_doses_still_to_come()
    {
        await using var vet = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var (pet, bed) = (await vet.NewPetAsync(), await vet.NewBedAsync());
        var id = await Stays(vet).AdmitAsync(new AdmitInput { PetId = pet, BedId = bed, Reason = "Pancreatite" });
        await vet.NewHospitalItemAsync(id, vet.Time.UtcNow.AddHours(-9), everyHours: 8, days: 2);

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => Stays(vet).DischargeAsync(id, HospitalizationStatus.Discharged, "   "));
        Assert.Equal("Hospitalization.Error.SummaryRequired", refusal.Message);
        Assert.True((await Stays(vet).GetAsync(id))!.IsActive);

        await Stays(vet).DischargeAsync(id, HospitalizationStatus.Discharged, "Alta com melhora clínica.");

        var stay = (await Stays(vet).GetAsync(id))!;
        Assert.Equal((HospitalizationStatus.Discharged, "Alta com melhora clínica."), (stay.Status, stay.DischargeSummary));
        Assert.Contains(await Stays(vet).FreeBedsAsync(), b => b.BedId == bed);
        await using var db = await Db(vet);
        var doses = await db.MedicationAdministrations.Where(a => a.HospitalizationId == id).ToListAsync();
        var now = vet.Time.UtcNow;
        Assert.All(doses.Where(d => d.DueAt > now), d => Assert.Equal(AdministrationStatus.Cancelled, d.Status));
        Assert.Contains(doses, d => d.DueAt < now && d.Status == AdministrationStatus.Scheduled); // the past stays as it was
        Assert.All(await db.PrescriptionItems.Where(i => db.Prescriptions.Any(p => p.Id == i.PrescriptionId && p.HospitalizationId == id)).ToListAsync(),
            i => Assert.Equal(PrescriptionItemStatus.Suspended, i.Status)); // no medicine runs on a discharged patient
        Assert.Equal("Hospitalization.Error.Transition",
            (await Assert.ThrowsAsync<DomainRuleException>(() => Stays(vet).DischargeAsync(id, HospitalizationStatus.Deceased, "x"))).Message);

        // The pet may be admitted again.
        Assert.NotEqual(Guid.Empty, await Stays(vet).AdmitAsync(new AdmitInput { PetId = pet, BedId = bed, Reason = "Retorno" }));
    }

    [Fact]
    public async Task A_death_records_the_pet_as_deceased()
    {
        await using var vet = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var pet = await vet.NewPetAsync();
        var id = await Stays(vet).AdmitAsync(new AdmitInput { PetId = pet, Reason = "Politrauma" });

        await Stays(vet).DischargeAsync(id, HospitalizationStatus.Deceased, "Óbito às 03:10 após parada cardiorrespiratória.");

        var summary = (await vet.Pets.GetAsync(pet))!;
        Assert.True(summary.Pet.Deceased);
        Assert.Equal(vet.Time.Today, summary.Pet.DeceasedOn);
        Assert.Equal("Hospitalization.Error.PetDeceased",
            (await Assert.ThrowsAsync<DomainRuleException>(() => Stays(vet).AdmitAsync(new AdmitInput { PetId = pet, Reason = "x" }))).Message);
    }

    [Fact]
    public async Task A_nurse_cannot_admit_discharge_or_change_priority_but_writes_notes_and_moves_beds()
    {
        await using var vet = await AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var nurse = await AsAsync(_app, "aurora", Roles.Nurse);
        var (pet, other, bed) = (await vet.NewPetAsync(), await vet.NewPetAsync(), await vet.NewBedAsync());
        var id = await Stays(vet).AdmitAsync(new AdmitInput { PetId = pet, Reason = "Insuficiência renal" });

        foreach (var refused in new[]
        {
            Stays(nurse).AdmitAsync(new AdmitInput { PetId = other, Reason = "x" }),
            Stays(nurse).DischargeAsync(id, HospitalizationStatus.Discharged, "x"),
            Stays(nurse).SetPriorityAsync(id, HospitalizationPriority.Critical),
        })
        {
            Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => refused)).Message);
        }

        await Stays(nurse).AddNoteAsync(id, "Alimentou-se bem, sem vômitos.");
        await Stays(vet).AddNoteAsync(id, "Manter fluidoterapia.");
        await Stays(nurse).MoveBedAsync(id, bed);

        var stay = (await Stays(vet).GetAsync(id))!;
        Assert.Equal(HospitalizationPriority.Medium, stay.Priority);
        Assert.Equal(bed, stay.BedId);
        Assert.Equal(["Manter fluidoterapia.", "Alimentou-se bem, sem vômitos."], stay.Notes.Select(n => n.Text));
        Assert.Equal([Roles.Veterinarian, Roles.Nurse], stay.Notes.Select(n => n.AuthorRole));
        Assert.StartsWith("Test Nurse", stay.Notes[1].AuthorName, StringComparison.Ordinal);
        Assert.Equal("Hospitalization.Error.NoteRequired", (await Assert.ThrowsAsync<DomainRuleException>(() => Stays(nurse).AddNoteAsync(id, "  "))).Message);
    }

    [Fact]
    public async Task A_note_names_its_author_by_their_form_of_address()
    {
        await using var vet = await AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var nurse = await AsAsync(_app, "aurora", Roles.Nurse);
        var nurseId = nurse.Services.GetRequiredService<CurrentActor>().UserId!.Value;
        await using (var scope = await new TestUsers(_app).ScopeAsync("aurora"))
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
            var user = (await users.FindByIdAsync(nurseId.ToString()))!;
            user.Gender = UserGender.Female;
            await users.UpdateAsync(user);
        }

        var id = await Stays(vet).AdmitAsync(new AdmitInput { PetId = await vet.NewPetAsync(), Reason = "Pós-operatório" });
        await Stays(nurse).AddNoteAsync(id, "Curativo trocado.");
        await Stays(vet).AddNoteAsync(id, "Retirar dreno amanhã.");

        // The stay page and the discharge PDF label the role from this (Enfermeira, not Enfermeiro).
        var notes = (await Stays(vet).GetAsync(id))!.Notes;
        Assert.Equal([UserGender.Unspecified, UserGender.Female], notes.Select(n => n.AuthorGender));
    }

    [Fact]
    public async Task Another_hospital_neither_sees_nor_changes_a_stay()
    {
        await using var aurora = await AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var boavista = await AsAsync(_app, "boavista", Roles.Veterinarian);
        var (pet, bed) = (await aurora.NewPetAsync(), await aurora.NewBedAsync());
        var id = await Stays(aurora).AdmitAsync(new AdmitInput { PetId = pet, BedId = bed, Reason = "Sepse" });
        using var boavistaEvents = Collect(boavista);

        Assert.Null(await Stays(boavista).GetAsync(id));
        Assert.DoesNotContain(await Stays(boavista).FreeBedsAsync(), b => b.BedId == bed);
        foreach (var refused in new[]
        {
            Stays(boavista).AddNoteAsync(id, "x"),
            Stays(boavista).SetPriorityAsync(id, HospitalizationPriority.Low),
            Stays(boavista).DischargeAsync(id, HospitalizationStatus.Discharged, "x"),
            Stays(boavista).AdmitAsync(new AdmitInput { PetId = pet, Reason = "x" }),
        })
        {
            await Assert.ThrowsAsync<DomainRuleException>(() => refused);
        }

        await Stays(aurora).AddNoteAsync(id, "Estável.");
        Assert.Empty(boavistaEvents.Events);
        Assert.True((await Stays(aurora).GetAsync(id))!.IsActive);
    }

    [Fact]
    public async Task The_discharge_summary_pdf_has_patient_tutor_reason_summary_and_notes_for_the_care_staff_only()
    {
        await using var vet = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var tutorName = $"Helena Prado {Guid.NewGuid():N}"[..18];
        var pet = await vet.NewPetAsync(await vet.NewTutorAsync(tutorName), name: "Bolinha");
        var id = await Stays(vet).AdmitAsync(new AdmitInput { PetId = pet, Reason = "Obstrução uretral" });
        await Stays(vet).AddNoteAsync(id, "Sondagem uretral realizada.");
        using var http = new Http(_app.BaseUrl);
        await http.SignInAsync("aurora", "vet@aurora.vet");
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"aurora/hospitalizations/{id}/discharge.pdf")).StatusCode); // not ended yet

        await Stays(vet).DischargeAsync(id, HospitalizationStatus.Discharged, "Alta com dieta urinária e retorno em 7 dias.");
        var response = await http.GetAsync($"aurora/hospitalizations/{id}/discharge.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var text = string.Join(" ", PdfText.Pages(await response.Content.ReadAsByteArrayAsync()));
        foreach (var expected in new[] { "Bolinha", tutorName, "Obstrução uretral", "Alta com dieta urinária e retorno em 7 dias.", "Sondagem uretral realizada." })
        {
            Assert.True(PdfText.Has(text, expected), $"the PDF shows {expected}");
        }

        using var reception = new Http(_app.BaseUrl);
        await reception.SignInAsync("aurora", "reception@aurora.vet");
        Assert.NotEqual(HttpStatusCode.OK, (await reception.GetAsync($"aurora/hospitalizations/{id}/discharge.pdf")).StatusCode);
        using var other = new Http(_app.BaseUrl);
        await other.SignInAsync("boavista", "vet@boavista.vet");
        Assert.NotEqual(HttpStatusCode.OK, (await other.GetAsync($"boavista/hospitalizations/{id}/discharge.pdf")).StatusCode);
    }

    internal static HospitalizationService Stays(Desk desk) => desk.Services.GetRequiredService<HospitalizationService>();

    private static Task<Data.ClinicDbContext> Db(Desk desk) => desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();

    private static CareEventLog Collect(Desk desk) => new(desk.Services.GetRequiredService<HospitalEvents>());

    private static async Task<Guid> NewConsultationAsync(Desk desk, Guid petId, Guid vetId, string? diagnosis)
    {
        await using var db = await Db(desk);
        var pet = await db.Pets.AsNoTracking().SingleAsync(p => p.Id == petId);
        var consultation = new Consultation
        {
            PetId = petId,
            TutorId = pet.TutorId,
            VeterinarianId = vetId,
            StartedAt = desk.Time.UtcNow,
            Diagnosis = diagnosis,
        };
        db.Consultations.Add(consultation);
        await db.SaveChangesAsync();
        return consultation.Id;
    }
}

/// <summary>The care changes a hospital announces while it is alive.</summary>
internal sealed class CareEventLog : IDisposable
{
    private readonly ConcurrentQueue<CareChanged> _events = new();
    private readonly IDisposable _subscription;

    public CareEventLog(HospitalEvents events) => _subscription = events.Subscribe<CareChanged>(e =>
    {
        _events.Enqueue(e);
        return Task.CompletedTask;
    });

    public IReadOnlyList<CareChanged> Events => _events.ToList();

    public void Dispose() => _subscription.Dispose();
}
