using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Features.Care;

namespace ClinicApp.Tests.Unit.Care;

public sealed class DoseCalculatorTests
{
    private static readonly Medication Dipyrone = new()
    {
        Name = "Dipirona 500 mg/mL",
        Presentation = Presentation.Injectable,
        ConcentrationMgPerUnit = 500m,
        MinDoseMgPerKg = 12.5m,
        MaxDoseMgPerKg = 25m,
    };

    private static readonly Medication Tablet = new()
    {
        Name = "Meloxicam 2 mg",
        Presentation = Presentation.Tablet,
        ConcentrationMgPerUnit = 2m,
        MaxDoseMgPerKg = 0.2m,
    };

    [Fact]
    public void Mg_per_kg_times_weight_gives_mg_and_the_volume_for_the_concentration()
    {
        var dose = DoseCalculator.Compute(DoseMode.PerKg, 25m, 12.4m, Dipyrone);

        Assert.Equal(310m, dose.DoseMg);
        Assert.Equal(0.62m, dose.Volume);
        Assert.True(dose.IsLiquid);
        Assert.False(dose.AboveSafeRange);
        Assert.False(dose.BelowSafeRange);
    }

    [Fact]
    public void A_dose_above_the_safe_range_is_flagged()
    {
        var dose = DoseCalculator.Compute(DoseMode.PerKg, 30m, 10m, Dipyrone);

        Assert.True(dose.AboveSafeRange);
        Assert.Equal(300m, dose.DoseMg);
    }

    [Fact]
    public void A_fixed_dose_is_checked_per_kg_against_the_weight()
    {
        var dose = DoseCalculator.Compute(DoseMode.Fixed, 4m, 10m, Tablet);

        Assert.Equal(4m, dose.DoseMg);
        Assert.Equal(2m, dose.Volume);
        Assert.False(dose.IsLiquid);
        Assert.Equal(0.4m, dose.MgPerKg);
        Assert.True(dose.AboveSafeRange);
    }

    [Fact]
    public void A_dose_per_kg_without_a_weight_is_refused()
    {
        var refused = Assert.Throws<DomainRuleException>(() => DoseCalculator.Compute(DoseMode.PerKg, 25m, null, Dipyrone));

        Assert.Equal("Prescription.Error.NoWeight", refused.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_dose_that_is_not_positive_is_refused(int amount)
    {
        Assert.Throws<DomainRuleException>(() => DoseCalculator.Compute(DoseMode.Fixed, amount, 10m, Dipyrone));
    }

    [Fact]
    public void Without_a_catalogue_entry_there_is_no_volume_and_no_warning()
    {
        var dose = DoseCalculator.Compute(DoseMode.Fixed, 50m, 5m, null);

        Assert.Null(dose.Volume);
        Assert.False(dose.AboveSafeRange);
    }
}
