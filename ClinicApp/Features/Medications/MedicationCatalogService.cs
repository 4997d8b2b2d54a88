using System.Globalization;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Medications;

/// <summary>What the medication dialog edits.</summary>
public sealed class MedicationInput
{
    public static readonly int NameMax = TextLimits.Of<Medication>(m => m.Name);
    public const decimal MaxAmount = 1_000_000m;

    public string Name { get; set; } = "";

    public string? ActiveIngredient { get; set; }

    public Presentation Presentation { get; set; } = Presentation.Injectable;

    /// <summary>mg per mL (liquids) or per tablet/capsule.</summary>
    public decimal? ConcentrationMgPerUnit { get; set; }

    public DoseRoute DefaultRoute { get; set; } = DoseRoute.IV;

    public decimal? MinDoseMgPerKg { get; set; }

    public decimal? MaxDoseMgPerKg { get; set; }

    public decimal? PricePerDose { get; set; }

    public bool IsActive { get; set; } = true;

    public Guid? Version { get; set; }

    public static MedicationInput From(Medication m) => new()
    {
        Name = m.Name,
        ActiveIngredient = m.ActiveIngredient,
        Presentation = m.Presentation,
        ConcentrationMgPerUnit = m.ConcentrationMgPerUnit,
        DefaultRoute = m.DefaultRoute,
        MinDoseMgPerKg = m.MinDoseMgPerKg,
        MaxDoseMgPerKg = m.MaxDoseMgPerKg,
        PricePerDose = m.PricePerDose,
        IsActive = m.IsActive,
        Version = m.Version,
    };

    /// <summary>Name required; concentration above zero; the safe range in order; price not negative. Pure.</summary>
    public void Validate()
    {
        var name = TypedText.Clean(Name) ?? throw new DomainRuleException("Medications.Error.NameRequired");
        if (name.Length > NameMax || (TypedText.Clean(ActiveIngredient)?.Length ?? 0) > NameMax)
        {
            throw new DomainRuleException("Medications.Error.NameLength", NameMax);
        }

        if (!Enum.IsDefined(Presentation) || !Enum.IsDefined(DefaultRoute))
        {
            throw new DomainRuleException("Medications.Error.Choice");
        }

        if (ConcentrationMgPerUnit is { } concentration && (concentration <= 0 || concentration > MaxAmount))
        {
            throw new DomainRuleException("Medications.Error.Concentration");
        }

        if (MinDoseMgPerKg is < 0 || MaxDoseMgPerKg is <= 0 || MinDoseMgPerKg > MaxAmount || MaxDoseMgPerKg > MaxAmount)
        {
            throw new DomainRuleException("Medications.Error.DoseRange");
        }

        if (MinDoseMgPerKg is { } min && MaxDoseMgPerKg is { } max && min > max)
        {
            throw new DomainRuleException("Medications.Error.MinAboveMax");
        }

        if (PricePerDose is { } price && !Amounts.IsMoneyOrZero(price))
        {
            throw new DomainRuleException("Medications.Error.Price");
        }
    }
}

/// <summary>The hospital's medication catalogue: the whole staff reads it (prescribing picks from it),
/// the Admin keeps it. Catalogues are a few hundred rows: searching folds accents in memory.</summary>
public sealed class MedicationCatalogService(ClinicDbFactory dbFactory, CurrentActor actor)
{
    public async Task<IReadOnlyList<Medication>> ListAsync(bool includeInactive = true, CancellationToken ct = default)
    {
        actor.Require(Roles.Staff);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Medications.AsNoTracking().Where(m => includeInactive || m.IsActive).OrderBy(m => m.Name).ToListAsync(ct);
    }

    /// <summary>Active medicines whose name or active ingredient holds every word typed ("amox sus").</summary>
    public async Task<IReadOnlyList<Medication>> SearchAsync(string? text, int take = 20, CancellationToken ct = default)
    {
        var all = await ListAsync(includeInactive: false, ct);
        return all.Where(m => Matches(m, text)).Take(take).ToList();
    }

    public async Task<Medication?> GetAsync(Guid id, CancellationToken ct = default)
    {
        actor.Require(Roles.Staff);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Medications.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
    }

    /// <summary>Adds (id null) or changes a medicine (Admin). Prescriptions already written keep their doses.</summary>
    public async Task<Guid> SaveAsync(Guid? id, MedicationInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        input.Validate();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Medication medication;
        if (id is { } existing)
        {
            medication = await db.Medications.FirstOrDefaultAsync(m => m.Id == existing, ct) ?? throw new DomainRuleException("Common.Error.NotFound");
            if (input.Version is { } version && version != medication.Version)
            {
                throw new DomainRuleException("Common.Error.Concurrency");
            }

            medication.Name = TypedText.Clean(input.Name)!;
        }
        else
        {
            medication = new Medication { Name = TypedText.Clean(input.Name)! };
            db.Medications.Add(medication);
        }

        medication.ActiveIngredient = TypedText.Clean(input.ActiveIngredient);
        medication.Presentation = input.Presentation;
        medication.ConcentrationMgPerUnit = input.ConcentrationMgPerUnit;
        medication.DefaultRoute = input.DefaultRoute;
        medication.MinDoseMgPerKg = input.MinDoseMgPerKg;
        medication.MaxDoseMgPerKg = input.MaxDoseMgPerKg;
        medication.PricePerDose = input.PricePerDose;
        medication.IsActive = input.IsActive;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("Common.Error.Concurrency");
        }

        return medication.Id;
    }

    /// <summary>The active switch of the list (Admin).</summary>
    public async Task SetActiveAsync(Guid id, bool active, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var medication = await db.Medications.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new DomainRuleException("Common.Error.NotFound");
        medication.IsActive = active;
        await db.SaveChangesAsync(ct);
    }

    public static bool Matches(Medication medication, string? text)
    {
        var words = SearchText.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return true;
        }

        var haystack = SearchText.Of(medication.Name, medication.ActiveIngredient);
        return words.All(w => haystack.Contains(w, StringComparison.Ordinal));
    }

    /// <summary>"250 mg/mL" for liquids, "500 mg/unit" style for solids (the unit word comes from the caller).</summary>
    public static string Concentration(Medication medication, string perUnit) =>
        medication.ConcentrationMgPerUnit is { } c
            ? $"{c.ToString("0.####", CultureInfo.CurrentCulture)} mg/{(medication.IsLiquid ? "mL" : perUnit)}"
            : "";
}
