using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;

namespace ClinicApp.Features.Care;

/// <summary>A dose as the vet sees it while prescribing: mg, the volume (or units) that holds it, and
/// where it stands against the catalogue's safe range.</summary>
public sealed record DoseResult(decimal DoseMg, decimal? Volume, bool IsLiquid, bool AboveSafeRange, bool BelowSafeRange, decimal? MgPerKg);

/// <summary>mg/kg × the pet's latest weight (or a fixed dose) → mg and volume for the concentration. Pure.</summary>
public static class DoseCalculator
{
    public const decimal MaxDoseMg = 100_000m;

    /// <param name="amount">mg/kg when <paramref name="mode"/> is PerKg; mg when Fixed.</param>
    /// <param name="weightKg">The pet's latest weight; required for PerKg.</param>
    public static DoseResult Compute(DoseMode mode, decimal amount, decimal? weightKg, Medication? medication)
    {
        if (amount <= 0)
        {
            throw new DomainRuleException("Prescription.Error.DosePositive");
        }

        decimal doseMg;
        if (mode == DoseMode.PerKg)
        {
            if (weightKg is not > 0)
            {
                throw new DomainRuleException("Prescription.Error.NoWeight");
            }

            doseMg = Math.Round(amount * weightKg.Value, 2, MidpointRounding.AwayFromZero);
        }
        else
        {
            doseMg = Math.Round(amount, 2, MidpointRounding.AwayFromZero);
        }

        if (doseMg <= 0 || doseMg > MaxDoseMg)
        {
            throw new DomainRuleException("Prescription.Error.DoseRange");
        }

        decimal? mgPerKg = mode == DoseMode.PerKg ? amount
            : weightKg is > 0 ? Math.Round(doseMg / weightKg.Value, 4) : null;

        decimal? volume = null;
        var isLiquid = medication?.IsLiquid == true;
        if (medication?.ConcentrationMgPerUnit is > 0 and var concentration)
        {
            volume = Math.Round(doseMg / concentration, 2, MidpointRounding.AwayFromZero);
        }

        var above = mgPerKg is { } perKg && medication?.MaxDoseMgPerKg is { } max && perKg > max;
        var below = mgPerKg is { } perKg2 && medication?.MinDoseMgPerKg is { } min && perKg2 < min;
        return new DoseResult(doseMg, volume, isLiquid, above, below, mgPerKg);
    }
}
