using System.Globalization;
using ClinicApp.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Pets;
using ClinicApp.Infrastructure.Pdf;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Portal;

/// <summary>Where a pet stands with its vaccines: one due within <see cref="PortalPets.DueWindowDays"/>
/// days, or one already overdue.</summary>
public enum VaccinesDue
{
    None,
    Due,
    Overdue,
}

/// <summary>A pet as the portal's home card lists it.</summary>
public sealed record PortalPetCard(
    Guid Id,
    string Name,
    Species Species,
    string? Breed,
    DateOnly? BirthDate,
    bool BirthDateEstimated,
    bool Deceased,
    DateOnly? DeceasedOn,
    decimal? LatestWeightKg,
    VaccinesDue Vaccines);

/// <summary>A vaccine given, as the tutor's vaccination card shows it.</summary>
public sealed record PortalVaccination(string Vaccine, string? Dose, DateOnly AppliedOn, string? Batch, DateOnly? NextDueOn);

/// <summary>The next dose of a vaccine (its latest dose's next date), due soon or overdue.</summary>
public sealed record PortalDueVaccine(string Vaccine, DateOnly DueOn, bool Overdue);

/// <summary>A pet's page in the portal: its facts, weights, the alerts the vet shares with the tutor
/// (never the others), allergies and the vaccination card.</summary>
public sealed record PortalPetDetails(
    Guid Id,
    string Name,
    Species Species,
    string? Breed,
    PetSex Sex,
    bool Neutered,
    DateOnly? BirthDate,
    bool BirthDateEstimated,
    string? Colour,
    string? Microchip,
    bool Deceased,
    DateOnly? DeceasedOn,
    string? Allergies,
    PetAlerts SharedAlerts,
    IReadOnlyList<PetWeight> Weights,
    IReadOnlyList<PortalVaccination> Vaccinations,
    IReadOnlyList<PortalDueVaccine> Due);

/// <summary>The signed-in tutor's pets, for the portal. The tutor comes from <see cref="PortalAccess"/>;
/// a pet of another tutor, a deleted one or an unknown id is answered with
/// <see cref="PortalNotFoundException"/>, exactly alike. Not sealed: a component test holds
/// <see cref="MyPetsAsync"/> to see the card while it loads.</summary>
public class PortalPets(ClinicDbFactory dbFactory, PortalAccess access, HospitalTime hospitalTime, TenantContext tenant, IStringLocalizer<SharedResource> localizer)
{
    /// <summary>How far ahead a next dose counts as "due" for the tutor.</summary>
    public const int DueWindowDays = 30;

    /// <summary>The tutor's pets (living first, then by name) with their latest weight and vaccine state.</summary>
    public virtual async Task<IReadOnlyList<PortalPetCard>> MyPetsAsync(CancellationToken ct = default)
    {
        var tutorId = await access.RequireTutorIdAsync(ct);
        await using var db = dbFactory.CreateDbContext();
        var pets = await db.Pets.AsNoTracking().Where(p => p.TutorId == tutorId)
            .OrderBy(p => p.Deceased).ThenBy(p => p.Name)
            .Select(p => new
            {
                p.Id,
                p.Name,
                p.Species,
                p.Breed,
                p.BirthDate,
                p.BirthDateEstimated,
                p.Deceased,
                p.DeceasedOn,
                Weight = db.PetWeights.Where(w => w.PetId == p.Id).OrderByDescending(w => w.MeasuredAt).Select(w => (decimal?)w.Kilograms).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var ids = pets.Select(p => p.Id).ToList();
        var doses = await db.Vaccinations.AsNoTracking().Where(v => ids.Contains(v.PetId))
            .Select(v => new { v.PetId, v.Vaccine, v.AppliedOn, v.NextDueOn }).ToListAsync(ct);
        var today = hospitalTime.Today;
        return pets.Select(p => new PortalPetCard(p.Id, p.Name, p.Species, p.Breed, p.BirthDate, p.BirthDateEstimated, p.Deceased, p.DeceasedOn, p.Weight,
                p.Deceased ? VaccinesDue.None : StateOf(Due(doses.Where(d => d.PetId == p.Id).Select(d => (d.Vaccine, d.AppliedOn, d.NextDueOn)), today))))
            .ToList();
    }

    /// <summary>One of the tutor's pets; <see cref="PortalNotFoundException"/> for anything else.</summary>
    public async Task<PortalPetDetails> PetAsync(Guid petId, CancellationToken ct = default)
    {
        var tutorId = await access.RequireTutorIdAsync(ct);
        await using var db = dbFactory.CreateDbContext();
        var pet = await db.Pets.AsNoTracking().FirstOrDefaultAsync(p => p.Id == petId && p.TutorId == tutorId, ct)
            ?? throw new PortalNotFoundException();
        var weights = await db.PetWeights.AsNoTracking().Where(w => w.PetId == pet.Id).OrderBy(w => w.MeasuredAt).ToListAsync(ct);
        var vaccinations = await db.Vaccinations.AsNoTracking().Where(v => v.PetId == pet.Id)
            .OrderByDescending(v => v.AppliedOn).ThenBy(v => v.Vaccine)
            .Select(v => new PortalVaccination(v.Vaccine, v.Dose, v.AppliedOn, v.Batch, v.NextDueOn))
            .ToListAsync(ct);
        var due = pet.Deceased ? [] : Due(vaccinations.Select(v => (v.Vaccine, v.AppliedOn, v.NextDueOn)), hospitalTime.Today);
        return new PortalPetDetails(pet.Id, pet.Name, pet.Species, pet.Breed, pet.Sex, pet.Neutered, pet.BirthDate, pet.BirthDateEstimated, pet.Colour,
            pet.Microchip, pet.Deceased, pet.DeceasedOn, pet.Allergies, pet.Alerts & pet.SharedAlerts, weights, vaccinations, due);
    }

    /// <summary>The pet's vaccination card as PDF; <see cref="PortalNotFoundException"/> when the pet is not the tutor's.</summary>
    public async Task<PdfFile> VaccinationCardAsync(Guid petId, CancellationToken ct = default) =>
        RenderVaccinationCard(await PetAsync(petId, ct), tenant.Tenant, hospitalTime.Today, localizer);

    public static PdfFile RenderVaccinationCard(PortalPetDetails pet, TenantInfo hospital, DateOnly today, IStringLocalizer l)
    {
        var species = l[$"Species.{pet.Species}"].Value;
        List<(string, string)> facts = [(l["Pdf.Pet"], pet.Breed is { } breed ? $"{pet.Name} · {species} · {breed}" : $"{pet.Name} · {species}")];
        if (AgeText(l, pet.BirthDate, pet.BirthDateEstimated, pet.Deceased ? pet.DeceasedOn : null, today) is { } age)
        {
            facts.Add((l["Portal.Pets.Age"], age));
        }

        if (pet.Microchip is { } chip)
        {
            facts.Add((l["Portal.Pets.Microchip"], chip));
        }

        var composer = new PdfComposer(new PdfPageFrame(hospital.Name, null, (page, pages) => l["Pdf.PageOf", page, pages]))
            .Text(l["Portal.Pets.CardTitle"], 16f, bold: true, spaceAfter: 10f)
            .KeyValues(facts);
        if (pet.Vaccinations.Count == 0)
        {
            composer.Text(l["Vaccinations.NoneForPet"], spaceAfter: 10f);
        }
        else
        {
            composer.Table(
                [
                    new PdfColumn(l["Vaccinations.Vaccine"], 3.5f),
                    new PdfColumn(l["Vaccinations.Dose"], 2f),
                    new PdfColumn(l["Vaccinations.AppliedOn"], 2f),
                    new PdfColumn(l["Vaccinations.Batch"], 2f),
                    new PdfColumn(l["Vaccinations.NextDueOn"], 2f),
                ],
                pet.Vaccinations.Select(v => (IReadOnlyList<string>)[
                    v.Vaccine,
                    v.Dose ?? "",
                    v.AppliedOn.ToString("d", CultureInfo.CurrentCulture),
                    v.Batch ?? "",
                    v.NextDueOn?.ToString("d", CultureInfo.CurrentCulture) ?? "",
                ]));
        }

        if (pet.Due.Count > 0)
        {
            composer.Text(l["Portal.Pets.DueTitle"], bold: true, spaceAfter: 2f);
            foreach (var due in pet.Due)
            {
                composer.Text(l[due.Overdue ? "Portal.Pets.OverdueSince" : "Portal.Pets.DueOn", due.Vaccine, due.DueOn.ToString("d", CultureInfo.CurrentCulture)], spaceAfter: 2f);
            }
        }

        composer.Space(12f).Text(l["Portal.Pets.CardIssued", today.ToString("d", CultureInfo.CurrentCulture)], 8f);
        return new PdfFile($"vacinas-{pet.Id.ToString("N")[..8]}-{today:yyyy-MM-dd}.pdf", composer.ToPdf());
    }

    /// <summary>"3 years", or "about 3 years" when the birth date was estimated; at death for a pet that died.</summary>
    public static string? AgeText(IStringLocalizer l, DateOnly? birth, bool estimated, DateOnly? died, DateOnly today)
    {
        if (birth is not { } born)
        {
            return null;
        }

        var age = PetFacts.Age(l, born, false, died ?? today);
        return estimated ? l["Portal.Pets.AboutAge", age] : age;
    }

    /// <summary>Each vaccine's latest dose whose next dose falls within the window or has passed, soonest first.</summary>
    public static IReadOnlyList<PortalDueVaccine> Due(IEnumerable<(string Vaccine, DateOnly AppliedOn, DateOnly? NextDueOn)> doses, DateOnly today) =>
        doses.GroupBy(d => d.Vaccine)
            .Select(g => g.MaxBy(d => d.AppliedOn))
            .Where(d => d.NextDueOn is { } next && next <= today.AddDays(DueWindowDays))
            .Select(d => new PortalDueVaccine(d.Vaccine, d.NextDueOn!.Value, d.NextDueOn < today))
            .OrderBy(d => d.DueOn)
            .ToList();

    private static VaccinesDue StateOf(IReadOnlyList<PortalDueVaccine> due) =>
        due.Any(d => d.Overdue) ? VaccinesDue.Overdue : due.Count > 0 ? VaccinesDue.Due : VaccinesDue.None;
}
