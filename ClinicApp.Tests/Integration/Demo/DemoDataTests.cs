using System.Text.RegularExpressions;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Demo;

/// <summary>An app of its own whose demo hospitals no test changes: what these tests read is exactly
/// what the demo seeding wrote.</summary>
[CollectionDefinition(Name)]
public sealed class DemoCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "demo";
}

/// <summary>The seeded demo hospitals as a vet and a receptionist meet them: diagnoses that fit the
/// animal's sex, weights that fit the breed, refusal notes that fit how the dose is given, and a
/// billing review of a handful of visits (it opened with 161 doses listed one by one).</summary>
[Collection(DemoCollection.Name)]
public sealed partial class DemoDataTests(AppFixture fixture)
{
    public static readonly TheoryData<string> Hospitals = new() { "aurora", "boavista" };

    [Theory]
    [MemberData(nameof(Hospitals))]
    public async Task No_diagnosis_belongs_to_the_other_sex_or_species(string slug)
    {
        await using var scope = await new TestUsers(fixture.App).ScopeAsync(slug);
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var diagnoses = await (from c in db.Consultations
                               join p in db.Pets on c.PetId equals p.Id
                               where c.Diagnosis != null
                               select new { Text = c.Diagnosis!, p.Sex, p.Species, p.Name })
            .Concat(from h in db.Hospitalizations
                    join p in db.Pets on h.PetId equals p.Id
                    select new { Text = h.Reason, p.Sex, p.Species, p.Name })
            .ToListAsync();

        Assert.NotEmpty(diagnoses);
        Assert.Contains(diagnoses, d => FemaleOnly().IsMatch(d.Text) || MaleOnly().IsMatch(d.Text));
        Assert.Empty(diagnoses.Where(d => FemaleOnly().IsMatch(d.Text) && d.Sex != PetSex.Female).Select(d => $"{d.Name} ({d.Sex}): {d.Text}"));
        Assert.Empty(diagnoses.Where(d => MaleOnly().IsMatch(d.Text) && d.Sex != PetSex.Male).Select(d => $"{d.Name} ({d.Sex}): {d.Text}"));
        Assert.Empty(diagnoses.Where(d => d.Species == Species.Cat && d.Text.Contains("Parvovirose", StringComparison.Ordinal)).Select(d => d.Name));
    }

    [Theory]
    [MemberData(nameof(Hospitals))]
    public async Task Weights_fit_the_breed_and_the_age(string slug)
    {
        await using var scope = await new TestUsers(fixture.App).ScopeAsync(slug);
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var weights = await (from w in db.PetWeights
                             join p in db.Pets on w.PetId equals p.Id
                             select new { p.Name, p.Species, p.Breed, p.BirthDate, w.MeasuredAt, w.Kilograms })
            .ToListAsync();

        Assert.NotEmpty(weights);
        var wrong = new List<string>();
        foreach (var w in weights)
        {
            var measured = DateOnly.FromDateTime(w.MeasuredAt);
            if (w.BirthDate is { } born && measured < born)
            {
                wrong.Add($"{w.Name} weighed before birth");
                continue;
            }

            if (Plausible(w.Species, w.Breed) is not { } range)
            {
                continue;
            }

            var adult = w.BirthDate is not { } birth || measured.DayNumber - birth.DayNumber >= 365;
            if (w.Kilograms > range.Max || (adult && w.Kilograms < range.Min))
            {
                wrong.Add($"{w.Name}, {w.Breed}: {w.Kilograms} kg{(adult ? "" : " (young)")}");
            }
        }

        Assert.Empty(wrong);
        Assert.Contains(weights, w => w.Breed == "Chihuahua");
    }

    [Theory]
    [MemberData(nameof(Hospitals))]
    public async Task A_refusal_note_fits_how_the_dose_is_given(string slug)
    {
        await using var scope = await new TestUsers(fixture.App).ScopeAsync(slug);
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var refusals = await (from a in db.MedicationAdministrations
                              join i in db.PrescriptionItems on a.PrescriptionItemId equals i.Id
                              where a.Status == AdministrationStatus.Refused || a.Status == AdministrationStatus.Held || a.Status == AdministrationStatus.Missed
                              select new { i.Route, i.MedicationName, a.Note })
            .ToListAsync();

        Assert.Contains(refusals, r => r.Route is DoseRoute.IV or DoseRoute.IM or DoseRoute.SC);
        Assert.Empty(refusals.Where(r => r.Route != DoseRoute.PO && OralWords().IsMatch(r.Note ?? "")).Select(r => $"{r.MedicationName} ({r.Route}): {r.Note}"));
        Assert.Empty(refusals.Where(r => r.Route == DoseRoute.PO && InjectionWords().IsMatch(r.Note ?? "")).Select(r => $"{r.MedicationName} ({r.Route}): {r.Note}"));
    }

    [Theory]
    [MemberData(nameof(Hospitals))]
    public async Task The_billing_review_after_seeding_is_a_handful_of_visits(string slug)
    {
        await using var scope = await new TestUsers(fixture.App).ScopeAsync(slug);
        var charges = scope.ServiceProvider.GetRequiredService<CareCharges>();
        var since = DateTime.UtcNow.AddDays(-30);

        var visits = await charges.UnbilledVisitsAsync(since);
        var care = await charges.UnbilledAsync(since);

        Assert.InRange(visits.Count, 1, 6);
        Assert.Equal(visits.Count, visits.Select(v => v.VisitKey).Distinct().Count());
        Assert.Equal(care.Count, visits.Sum(v => v.Items));
        Assert.InRange(care.Count, 1, 12);
        Assert.DoesNotContain(care, c => c.What == "Charge.Unbilled.Dose");
    }

    /// <summary>What a vet would believe for an animal of that breed, in kg (wider than the demo's own
    /// ranges: this is plausibility, not the generator's table).</summary>
    [Theory]
    [InlineData("aurora", "admin", UserGender.Female)]
    [InlineData("boavista", "admin", UserGender.Male)]
    [InlineData("aurora", "vet", UserGender.Male)]
    [InlineData("boavista", "vet", UserGender.Female)]
    [InlineData("aurora", "nurse", UserGender.Female)]
    [InlineData("boavista", "reception", UserGender.Female)]
    public async Task Demo_users_are_addressed_as_their_names_say(string slug, string local, UserGender expected)
    {
        var user = await new TestUsers(fixture.App).FindAsync(slug, $"{local}@{slug}.vet");

        Assert.Equal(expected, user.Gender);
    }

    [Theory]
    [MemberData(nameof(Hospitals))]
    public async Task Every_dra_is_female_and_every_dr_male(string slug)
    {
        await using var scope = await new TestUsers(fixture.App).ScopeAsync(slug);
        var users = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().Users
            .Select(u => new { u.DisplayName, u.Gender }).ToListAsync();

        Assert.Contains(users, u => u.DisplayName.StartsWith("Dra. ", StringComparison.Ordinal));
        Assert.Empty(users.Where(u => u.DisplayName.StartsWith("Dra. ", StringComparison.Ordinal) && u.Gender != UserGender.Female).Select(u => u.DisplayName));
        Assert.Empty(users.Where(u => u.DisplayName.StartsWith("Dr. ", StringComparison.Ordinal) && u.Gender != UserGender.Male).Select(u => u.DisplayName));
    }

    private static (decimal Min, decimal Max)? Plausible(Species species, string? breed) => (species, breed) switch
    {
        (Species.Dog, "Chihuahua") => (1.2m, 3.5m),
        (Species.Dog, "Yorkshire" or "Spitz Alemão") => (1.5m, 4.5m),
        (Species.Dog, "Pinscher") => (2m, 6m),
        (Species.Dog, "Shih-tzu" or "Lhasa Apso" or "Poodle" or "Pug") => (3m, 10m),
        (Species.Dog, "Bulldog Francês") => (7m, 15m),
        (Species.Dog, "Border Collie") => (12m, 25m),
        (Species.Dog, "Labrador" or "Golden Retriever") => (20m, 40m),
        (Species.Dog, _) => (3m, 35m),
        (Species.Cat, "Maine Coon") => (4.5m, 10m),
        (Species.Cat, _) => (2.5m, 7m),
        _ => null,
    };

    [GeneratedRegex("piometra|ovariohisterectomia|ovário|útero|uterin|mastite|cesariana|distocia|gestação", RegexOptions.IgnoreCase)]
    private static partial Regex FemaleOnly();

    [GeneratedRegex("orquiectomia|próstata|prostát|testícul|criptorquid", RegexOptions.IgnoreCase)]
    private static partial Regex MaleOnly();

    [GeneratedRegex("comprimido|cápsula|engol|petisco|cuspiu", RegexOptions.IgnoreCase)]
    private static partial Regex OralWords();

    [GeneratedRegex("injeç|aplicação|contenção|agulha|acesso venoso", RegexOptions.IgnoreCase)]
    private static partial Regex InjectionWords();
}
