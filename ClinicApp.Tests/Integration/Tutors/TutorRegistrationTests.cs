using ClinicApp.Common;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Pets;
using ClinicApp.Features.Tutors;
using ClinicApp.Features.Vaccinations;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicApp.Tests.Support.Desk;

namespace ClinicApp.Tests.Integration.Tutors;

[Collection(AppCollection.Name)]
public sealed class TutorRegistrationTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task A_tutor_is_stored_normalized_and_found_by_part_of_cpf_phone_accentless_name_or_pet()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var cpf = NewCpf();
        var surname = $"Conceição{Guid.NewGuid():N}"[..16];
        var id = await desk.Tutors.SaveAsync(null, new TutorInput
        {
            Name = $"  José {surname} ",
            Cpf = Cpf.Format(cpf),
            Phone = "(11) 98765-4321",
            WhatsAppOptIn = true,
            Email = "jose@exemplo.com.br",
            State = "sp",
            PostalCode = "01310-100",
            RemindersConsent = true,
        });
        var chip = $"985{Random.Shared.NextInt64(100_000_000_000, 999_999_999_999)}";
        await desk.Pets.SaveAsync(null, new PetInput { TutorId = id, Name = "Paçoca", Species = Species.Dog, Microchip = chip });

        var tutor = (await desk.Tutors.GetAsync(id))!;
        Assert.Equal(($"José {surname}", cpf, "+5511987654321", "SP", "01310100"), (tutor.Name, tutor.Cpf, tutor.Phone, tutor.State, tutor.PostalCode));
        Assert.NotNull(tutor.RemindersConsentAt);
        Assert.Null(tutor.MarketingConsentAt);

        var accentless = SearchText.Normalize(surname).ToUpperInvariant();
        foreach (var search in new[] { cpf[2..8], Cpf.Format(cpf)[..7], "98765-4321", $"jose {accentless}", $"{accentless} paçoca", chip[^6..] })
        {
            var found = await desk.Tutors.SearchAsync(new TutorQuery(search));
            Assert.True(found.Items.Any(t => t.Id == id), $"'{search}' should find the tutor");
        }

        Assert.DoesNotContain((await desk.Tutors.SearchAsync(new TutorQuery($"{accentless} rex"))).Items, t => t.Id == id);
    }

    [Theory]
    [InlineData("Cpf", "123.456.789-00", "Tutors.Error.CpfInvalid")]
    [InlineData("Cpf", "111.111.111-11", "Tutors.Error.CpfInvalid")]
    [InlineData("Phone", "1234", "Tutors.Error.PhoneInvalid")]
    [InlineData("Email", "jose@", "Tutors.Error.EmailInvalid")]
    [InlineData("State", "São", "Tutors.Error.StateInvalid")]
    [InlineData("PostalCode", "0131", "Tutors.Error.PostalCodeInvalid")]
    [InlineData("Name", " ", "Tutors.Error.NameRequired")]
    public async Task Bad_input_is_refused_with_its_message_and_nothing_is_written(string field, string value, string message)
    {
        await using var desk = await AsAsync(_app, "aurora");
        var name = $"Bad {Guid.NewGuid():N}";
        var input = new TutorInput { Name = name };
        typeof(TutorInput).GetProperty(field)!.SetValue(input, value);

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Tutors.SaveAsync(null, input));

        Assert.Equal(message, refusal.Message);
        Assert.Equal(0, (await desk.Tutors.SearchAsync(new TutorQuery(name))).Total);
    }

    [Fact]
    public async Task A_cpf_belongs_to_one_tutor_even_when_two_desks_register_it_at_once()
    {
        var cpf = NewCpf();
        await using var one = await AsAsync(_app, "aurora");
        await using var two = await AsAsync(_app, "aurora");

        var results = await Task.WhenAll(
            Refusals.CaptureAsync(one.Tutors.SaveAsync(null, new TutorInput { Name = "Primeira", Cpf = cpf })),
            Refusals.CaptureAsync(two.Tutors.SaveAsync(null, new TutorInput { Name = "Segunda", Cpf = cpf })));

        Assert.Single(results, r => r is null);
        Assert.Equal("Tutors.Error.CpfTaken", results.Single(r => r is not null)!.Message);
        Assert.Equal(1, (await one.Tutors.SearchAsync(new TutorQuery(cpf))).Total);

        // The same person may be a tutor at another hospital.
        await using var boavista = await AsAsync(_app, "boavista");
        await boavista.Tutors.SaveAsync(null, new TutorInput { Name = "Outra clínica", Cpf = cpf });
    }

    [Fact]
    public async Task A_stale_edit_is_refused_and_keeps_the_first_change()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var id = await desk.NewTutorAsync();
        var first = TutorInput.From((await desk.Tutors.GetAsync(id))!);
        var second = TutorInput.From((await desk.Tutors.GetAsync(id))!);
        first.City = "Campinas";
        second.City = "Recife";

        await desk.Tutors.SaveAsync(id, first);
        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Tutors.SaveAsync(id, second));

        Assert.Equal("Common.Error.Concurrency", refusal.Message);
        Assert.Equal("Campinas", (await desk.Tutors.GetAsync(id))!.City);
    }

    [Fact]
    public async Task Only_an_admin_deletes_and_the_record_stays_hidden_and_audited()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var id = await desk.NewTutorAsync();
        var pet = await desk.NewPetAsync(id);

        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => desk.Tutors.DeleteAsync(id))).Message);
        await desk.AsAdminAsync(() => desk.Tutors.DeleteAsync(id));

        Assert.Null(await desk.Tutors.GetAsync(id));
        Assert.Null(await desk.Pets.GetAsync(pet));
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var stored = await db.Tutors.IgnoreQueryFilters().SingleAsync(t => t.Id == id);
        Assert.True(stored.IsDeleted);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == nameof(Tutor) && a.EntityId == id.ToString() && a.Action == Data.Audit.AuditAction.Deleted));

        // Its CPF may be registered again.
        await desk.Tutors.SaveAsync(null, new TutorInput { Name = "De volta", Cpf = stored.Cpf });
    }

    [Fact]
    public async Task Pets_are_validated_and_clinical_fields_are_the_vets_to_change()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var tutor = await desk.NewTutorAsync();
        var today = desk.Time.Today;

        foreach (var (input, message) in new (PetInput, string)[]
        {
            (new PetInput { TutorId = tutor, Name = "" }, "Pets.Error.NameRequired"),
            (new PetInput { TutorId = tutor, Name = "Rex", BirthDate = today.AddDays(1) }, "Pets.Error.BirthDate"),
            (new PetInput { TutorId = tutor, Name = "Rex", Microchip = "12345" }, "Pets.Error.Microchip"),
            (new PetInput { TutorId = tutor, Name = "Rex", Weight = 0 }, "Pets.Error.Weight"),
        })
        {
            Assert.Equal(message, (await Assert.ThrowsAsync<DomainRuleException>(() => desk.Pets.SaveAsync(null, input))).Message);
        }

        Assert.Empty(await desk.Pets.OfTutorAsync(tutor));
        var id = await desk.Pets.SaveAsync(null, new PetInput { TutorId = tutor, Name = "Mel", Weight = 12.4m, Allergies = "Dipirona" });
        var edit = PetInput.From((await desk.Pets.GetAsync(id))!.Pet);
        edit.Alerts = PetAlerts.Aggressive;
        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => desk.Pets.SaveAsync(id, edit))).Message);

        await using var vet = await AsAsync(_app, "aurora", Roles.Veterinarian);
        await vet.Pets.SaveAsync(id, edit);
        await vet.Pets.AddWeightAsync(id, 12.9m);
        var saved = (await desk.Pets.GetAsync(id))!;
        Assert.Equal(PetAlerts.Aggressive, saved.Pet.Alerts);
        Assert.Equal([12.4m, 12.9m], saved.Weights.Select(w => w.Kilograms));
    }

    [Fact]
    public async Task A_vaccine_coming_due_is_listed_until_the_next_dose_is_given()
    {
        await using var nurse = await AsAsync(_app, "aurora", Roles.Nurse);
        await using var desk = await AsAsync(_app, "aurora");
        var name = $"Vacinado{Guid.NewGuid():N}"[..16];
        var pet = await desk.NewPetAsync(name: name);
        var vaccinations = nurse.Services.GetRequiredService<VaccinationService>();
        var today = nurse.Time.Today;
        await vaccinations.RecordAsync(pet, new VaccinationInput { Vaccine = "V10", AppliedOn = today.AddDays(-360), NextDueOn = today.AddDays(5) });

        Assert.Equal("Vaccinations.Error.NextDue", (await Assert.ThrowsAsync<DomainRuleException>(() =>
            vaccinations.RecordAsync(pet, new VaccinationInput { Vaccine = "V10", AppliedOn = today, NextDueOn = today }))).Message);
        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() =>
            desk.Services.GetRequiredService<VaccinationService>().RecordAsync(pet, new VaccinationInput { Vaccine = "V10" }))).Message);

        var due = await vaccinations.DueAsync(today.AddDays(30), overdueOnly: false, name, 0, 25);
        Assert.Equal(today.AddDays(5), Assert.Single(due.Items).DueOn);
        Assert.Empty((await vaccinations.DueAsync(today.AddDays(30), overdueOnly: true, name, 0, 25)).Items);

        await vaccinations.RecordAsync(pet, new VaccinationInput { Vaccine = "V10", NextDueOn = today.AddYears(1) });
        Assert.Empty((await vaccinations.DueAsync(today.AddDays(30), overdueOnly: false, name, 0, 25)).Items);
    }
}
