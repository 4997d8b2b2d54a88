using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Tutors;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Pets;

/// <summary>What the pet dialog edits.</summary>
public sealed class PetInput
{
    public Guid TutorId { get; set; }

    public string Name { get; set; } = "";

    public Species Species { get; set; } = Species.Dog;

    public string? Breed { get; set; }

    public PetSex Sex { get; set; }

    public bool Neutered { get; set; }

    public DateOnly? BirthDate { get; set; }

    public bool BirthDateEstimated { get; set; }

    public string? Colour { get; set; }

    public string? Microchip { get; set; }

    public string? Allergies { get; set; }

    public PetAlerts Alerts { get; set; }

    /// <summary>The alerts shown to the tutor in the portal; a subset of <see cref="Alerts"/>.</summary>
    public PetAlerts SharedAlerts { get; set; }

    public bool Deceased { get; set; }

    public DateOnly? DeceasedOn { get; set; }

    /// <summary>A first weight, kg (new pets only).</summary>
    public decimal? Weight { get; set; }

    public Guid? Version { get; set; }

    public static PetInput From(Pet pet) => new()
    {
        TutorId = pet.TutorId,
        Name = pet.Name,
        Species = pet.Species,
        Breed = pet.Breed,
        Sex = pet.Sex,
        Neutered = pet.Neutered,
        BirthDate = pet.BirthDate,
        BirthDateEstimated = pet.BirthDateEstimated,
        Colour = pet.Colour,
        Microchip = pet.Microchip,
        Allergies = pet.Allergies,
        Alerts = pet.Alerts,
        SharedAlerts = pet.SharedAlerts,
        Deceased = pet.Deceased,
        DeceasedOn = pet.DeceasedOn,
        Version = pet.Version,
    };
}

public sealed record PetSummary(Pet Pet, Tutor Tutor, IReadOnlyList<PetWeight> Weights);

/// <summary>Pets of the current hospital: registration, edits, weights.</summary>
public sealed class PetService(ClinicDbFactory dbFactory, CurrentActor actor, HospitalTime hospitalTime, HospitalEvents events)
{
    public const decimal MaxWeightKg = 1000m;

    public async Task<PetSummary?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pet = await db.Pets.AsNoTracking().Include(p => p.Tutor).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (pet?.Tutor is null)
        {
            return null;
        }

        var weights = await db.PetWeights.AsNoTracking().Where(w => w.PetId == id).OrderBy(w => w.MeasuredAt).ToListAsync(ct);
        return new PetSummary(pet, pet.Tutor, weights);
    }

    public async Task<IReadOnlyList<Pet>> OfTutorAsync(Guid tutorId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Pets.AsNoTracking().Where(p => p.TutorId == tutorId).OrderBy(p => p.Name).ToListAsync(ct);
    }

    /// <summary>Registers (id null) or updates a pet. Front desk may register a pet with everything
    /// the tutor tells; afterwards clinical data (allergies, alerts, deceased) is the vets' to change.</summary>
    public async Task<Guid> SaveAsync(Guid? id, PetInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.FrontDesk);
        var name = TypedText.Clean(input.Name) ?? throw new DomainRuleException("Pets.Error.NameRequired");
        var today = hospitalTime.Today;
        if (input.BirthDate is { } birth && (birth > today || birth < today.AddYears(-60)))
        {
            throw new DomainRuleException("Pets.Error.BirthDate");
        }

        string? microchip = null;
        if (!string.IsNullOrWhiteSpace(input.Microchip))
        {
            microchip = SearchText.Digits(input.Microchip);
            if (microchip.Length != 15 || microchip.Length != input.Microchip.Count(c => !char.IsWhiteSpace(c) && c != '-' && c != '.'))
            {
                throw new DomainRuleException("Pets.Error.Microchip");
            }
        }

        if (input.Deceased && input.DeceasedOn is { } died && (died > today || (input.BirthDate is { } born && died < born)))
        {
            throw new DomainRuleException("Pets.Error.DeceasedOn");
        }

        // Only an alert the pet has can be shown to the tutor: the portal must never tell of one the team removed.
        if ((input.SharedAlerts & ~input.Alerts) != PetAlerts.None)
        {
            throw new DomainRuleException("Pets.Error.SharedAlerts");
        }

        if (input.Weight is { } kg && (kg <= 0 || kg > MaxWeightKg))
        {
            throw new DomainRuleException("Pets.Error.Weight", MaxWeightKg);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Tutors.AnyAsync(t => t.Id == input.TutorId, ct))
        {
            throw new DomainRuleException("Common.Error.NotFound");
        }

        Pet pet;
        Guid? previousTutor = null;
        if (id is { } existingId)
        {
            pet = await db.Pets.FirstOrDefaultAsync(p => p.Id == existingId, ct) ?? throw new DomainRuleException("Common.Error.NotFound");
            if (input.Version is { } version && version != pet.Version)
            {
                throw new DomainRuleException("Common.Error.Concurrency");
            }

            var clinicalChanged = pet.Allergies != TypedText.Clean(input.Allergies) || pet.Alerts != input.Alerts || pet.SharedAlerts != input.SharedAlerts || pet.Deceased != input.Deceased
                || pet.DeceasedOn != (input.Deceased ? input.DeceasedOn : null);
            if (clinicalChanged)
            {
                actor.Require(Roles.Clinical);
            }

            pet.Name = name;
            previousTutor = pet.TutorId;
        }
        else
        {
            pet = new Pet { Name = name };
            db.Pets.Add(pet);
            if (input.Weight is { } first)
            {
                db.PetWeights.Add(new PetWeight { PetId = pet.Id, Kilograms = first, MeasuredAt = hospitalTime.UtcNow, RecordedById = actor.UserId });
            }
        }

        if (microchip is not null && await db.Pets.AnyAsync(p => p.Microchip == microchip && p.Id != pet.Id, ct))
        {
            throw new DomainRuleException("Pets.Error.MicrochipTaken");
        }

        pet.TutorId = input.TutorId;
        pet.Species = input.Species;
        pet.Breed = TypedText.Clean(input.Breed);
        pet.Sex = input.Sex;
        pet.Neutered = input.Neutered;
        pet.BirthDate = input.BirthDate;
        pet.BirthDateEstimated = input.BirthDate is not null && input.BirthDateEstimated;
        pet.Colour = TypedText.Clean(input.Colour);
        pet.Microchip = microchip;
        pet.Allergies = TypedText.Clean(input.Allergies);
        pet.Alerts = input.Alerts;
        pet.SharedAlerts = input.SharedAlerts;
        pet.Deceased = input.Deceased;
        pet.DeceasedOn = input.Deceased ? input.DeceasedOn ?? today : null;
        pet.SearchText = SearchTextOf(pet);
        await TutorSearchText.RefreshAsync(db, pet.TutorId, pet, ct);
        if (previousTutor is { } moved && moved != pet.TutorId)
        {
            await TutorSearchText.RefreshAsync(db, moved, pet, ct);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("Common.Error.Concurrency");
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new DomainRuleException("Pets.Error.MicrochipTaken");
        }

        await events.PublishAsync(new PetRecordChanged(pet.Id));
        return pet.Id;
    }

    public async Task AddWeightAsync(Guid petId, decimal kilograms, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        if (kilograms <= 0 || kilograms > MaxWeightKg)
        {
            throw new DomainRuleException("Pets.Error.Weight", MaxWeightKg);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Pets.AnyAsync(p => p.Id == petId, ct))
        {
            throw new DomainRuleException("Common.Error.NotFound");
        }

        db.PetWeights.Add(new PetWeight { PetId = petId, Kilograms = decimal.Round(kilograms, 3), MeasuredAt = hospitalTime.UtcNow, RecordedById = actor.UserId });
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(new PetRecordChanged(petId));
    }

    /// <summary>Soft-deletes a pet (Admin only).</summary>
    public async Task DeleteAsync(Guid id, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pet = await db.Pets.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new DomainRuleException("Common.Error.NotFound");
        db.Pets.Remove(pet);
        pet.IsDeleted = true;
        await TutorSearchText.RefreshAsync(db, pet.TutorId, pet, ct);
        await db.SaveChangesAsync(ct);
    }

    public static string SearchTextOf(Pet pet) =>
        string.Join(" | ", new[] { SearchText.Normalize(pet.Name), pet.Microchip }.Where(p => !string.IsNullOrEmpty(p)));

    /// <summary>Age in whole years and months on a given day.</summary>
    public static (int Years, int Months) Age(DateOnly birth, DateOnly on)
    {
        var months = ((on.Year - birth.Year) * 12) + on.Month - birth.Month - (on.Day < birth.Day ? 1 : 0);
        months = Math.Max(0, months);
        return (months / 12, months % 12);
    }

    /// <summary>The birth date an estimated age points at.</summary>
    public static DateOnly BirthFromAge(int years, int months, DateOnly today) => today.AddMonths(-((years * 12) + months));
}
