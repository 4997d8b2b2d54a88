using System.Globalization;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Features.Prescriptions;
using ClinicApp.Tests.Support;

namespace ClinicApp.Tests.Unit.Prescriptions;

public sealed class PrescriptionInputTests
{
    private static readonly TimeZoneInfo SaoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");

    private static readonly Medication Dipyrone = new()
    {
        Name = "Dipirona 500 mg/mL",
        Presentation = Presentation.Injectable,
        ConcentrationMgPerUnit = 500m,
        MinDoseMgPerKg = 12.5m,
        MaxDoseMgPerKg = 25m,
    };

    private static PrescriptionItemInput Valid() => new()
    {
        MedicationId = Dipyrone.Id,
        DoseMode = DoseMode.PerKg,
        Amount = 25m,
        Route = DoseRoute.IV,
        EveryHours = 8,
        DurationDays = 3,
        FirstDose = new DateTime(2026, 5, 4, 8, 0, 0),
    };

    [Fact]
    public void A_complete_item_is_valid_for_either_kind()
    {
        Valid().Validate(PrescriptionKind.Hospital);
        Valid().Validate(PrescriptionKind.Outpatient);
    }

    [Fact]
    public void A_free_name_is_for_outpatient_use_only()
    {
        var item = Valid();
        item.MedicationId = null;
        item.MedicationName = "Fórmula manipulada";

        item.Validate(PrescriptionKind.Outpatient);
        Assert.Equal("Prescription.Error.CatalogueRequired", Assert.Throws<DomainRuleException>(() => item.Validate(PrescriptionKind.Hospital)).Message);

        item.MedicationName = "  ";
        Assert.Equal("Prescription.Error.MedicationRequired", Assert.Throws<DomainRuleException>(() => item.Validate(PrescriptionKind.Outpatient)).Message);
    }

    [Theory]
    [InlineData(null, 8, 3, true, "Prescription.Error.DosePositive")]
    [InlineData(0, 8, 3, true, "Prescription.Error.DosePositive")]
    [InlineData(10, 0, 3, true, "Prescription.Error.Frequency")]
    [InlineData(10, 73, 3, true, "Prescription.Error.Frequency")]
    [InlineData(10, 8, 0, true, "Prescription.Error.Duration")]
    [InlineData(10, 8, 61, true, "Prescription.Error.Duration")]
    [InlineData(10, 8, 3, false, "Prescription.Error.FirstDoseRequired")]
    public void Dose_schedule_and_first_dose_are_checked(int? amount, int everyHours, int days, bool hasFirstDose, string expected)
    {
        var item = Valid();
        item.Amount = amount;
        item.EveryHours = everyHours;
        item.DurationDays = days;
        item.FirstDose = hasFirstDose ? item.FirstDose : null;

        Assert.Equal(expected, Assert.Throws<DomainRuleException>(() => item.Validate(PrescriptionKind.Hospital)).Message);
    }

    [Fact]
    public void Instructions_too_long_and_unknown_routes_are_refused()
    {
        var item = Valid();
        item.Instructions = new string('a', PrescriptionItemInput.InstructionsMax + 1);
        Assert.Equal("Prescription.Error.InstructionsLength", Assert.Throws<DomainRuleException>(() => item.Validate(PrescriptionKind.Outpatient)).Message);

        item = Valid();
        item.Route = (DoseRoute)99;
        Assert.Equal("Prescription.Error.Choice", Assert.Throws<DomainRuleException>(() => item.Validate(PrescriptionKind.Outpatient)).Message);
    }

    [Fact]
    public void The_item_keeps_mg_and_volume_computed_at_prescribing()
    {
        var item = PrescriptionService.Prescribe(Guid.NewGuid(), Valid(), Dipyrone, 12.4m, new DateTime(2026, 5, 4, 11, 0, 0, DateTimeKind.Utc));

        Assert.Equal(310m, item.DoseMg);
        Assert.Equal(0.62m, item.DoseVolume);
        Assert.Equal(25m, item.DoseMgPerKg);
        Assert.Equal("Dipirona 500 mg/mL", item.MedicationName);
        Assert.False(item.AboveSafeRange);
        Assert.Equal(PrescriptionItemStatus.Active, item.Status);
    }

    [Fact]
    public void Above_the_safe_range_needs_the_vets_confirmation()
    {
        var input = Valid();
        input.Amount = 30m;
        var first = new DateTime(2026, 5, 4, 11, 0, 0, DateTimeKind.Utc);

        var refusal = Assert.Throws<DomainRuleException>(() => PrescriptionService.Prescribe(Guid.NewGuid(), input, Dipyrone, 10m, first));
        Assert.Equal("Prescription.Error.AboveSafeRange", refusal.Message);
        Assert.All(refusal.Arguments, a => Assert.IsType<string>(a));

        input.ConfirmAboveSafeRange = true;
        Assert.True(PrescriptionService.Prescribe(Guid.NewGuid(), input, Dipyrone, 10m, first).AboveSafeRange);
    }

    [Fact]
    public void The_preview_counts_the_hospital_doses_and_tells_why_a_dose_cannot_be_computed()
    {
        var preview = PrescriptionService.PreviewDose(Valid(), 12.4m, Dipyrone, PrescriptionKind.Hospital, SaoPaulo);
        Assert.Equal(9, preview.DoseCount);
        Assert.Equal(310m, preview.Dose!.DoseMg);
        Assert.False(preview.NeedsConfirmation);

        var noWeight = PrescriptionService.PreviewDose(Valid(), null, Dipyrone, PrescriptionKind.Outpatient, SaoPaulo);
        Assert.Null(noWeight.Dose);
        Assert.Null(noWeight.DoseCount);
        Assert.Equal("Prescription.Error.NoWeight", noWeight.Refusal!.Message);
    }

    [Theory]
    [InlineData("pt-BR", 310, 0.62, Presentation.Injectable, "310 mg = 0,62 mL")]
    [InlineData("pt-BR", 500, 2.0, Presentation.Tablet, "500 mg = 2 comprimidos")]
    [InlineData("pt-BR", 250, 1.0, Presentation.Tablet, "250 mg = 1 comprimido")]
    [InlineData("pt-BR", 125, 0.5, Presentation.Capsule, "125 mg = 0,5 cápsulas")]
    [InlineData("en", 310, 0.62, Presentation.OralSuspension, "310 mg = 0.62 mL")]
    [InlineData("en", 20, null, Presentation.Topical, "20 mg")]
    public void A_dose_reads_as_mg_and_what_holds_it(string culture, double mg, double? volume, Presentation presentation, string expected)
    {
        using var _ = new CultureScope(culture);
        var localizer = AreaResourceLocalizer.Shared;

        Assert.Equal(expected, DoseText.Of(localizer, (decimal)mg, (decimal?)volume, presentation));
    }
}
