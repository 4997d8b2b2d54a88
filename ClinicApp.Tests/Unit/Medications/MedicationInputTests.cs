using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Features.Medications;

namespace ClinicApp.Tests.Unit.Medications;

public sealed class MedicationInputTests
{
    private static MedicationInput Valid() => new()
    {
        Name = "Amoxicilina 50 mg/mL",
        ActiveIngredient = "Amoxicilina",
        Presentation = Presentation.OralSuspension,
        ConcentrationMgPerUnit = 50m,
        DefaultRoute = DoseRoute.PO,
        MinDoseMgPerKg = 10m,
        MaxDoseMgPerKg = 22m,
        PricePerDose = 3.5m,
    };

    [Fact]
    public void A_complete_medicine_is_valid_and_topicals_need_no_concentration_or_range()
    {
        Valid().Validate();
        new MedicationInput { Name = "Pomada cicatrizante", Presentation = Presentation.Topical, DefaultRoute = DoseRoute.Topical }.Validate();
    }

    [Theory]
    [InlineData("", 50, 10, 22, 3.5, "Medications.Error.NameRequired")]
    [InlineData("X", 0, 10, 22, 3.5, "Medications.Error.Concentration")]
    [InlineData("X", -1, 10, 22, 3.5, "Medications.Error.Concentration")]
    [InlineData("X", 50, 30, 22, 3.5, "Medications.Error.MinAboveMax")]
    [InlineData("X", 50, -1, 22, 3.5, "Medications.Error.DoseRange")]
    [InlineData("X", 50, 10, 22, -0.01, "Medications.Error.Price")]
    [InlineData("X", 50, 10, 22, 1.005, "Medications.Error.Price")]
    public void Invalid_catalogue_entries_are_refused(string name, double concentration, double min, double max, double price, string expected)
    {
        var input = Valid();
        input.Name = name;
        input.ConcentrationMgPerUnit = (decimal)concentration;
        input.MinDoseMgPerKg = (decimal)min;
        input.MaxDoseMgPerKg = (decimal)max;
        input.PricePerDose = (decimal)price;

        Assert.Equal(expected, Assert.Throws<DomainRuleException>(input.Validate).Message);
    }

    [Theory]
    [InlineData("amox", true)]
    [InlineData("AMOXICILINA susp", false)]
    [InlineData("cilina", true)]
    [InlineData("", true)]
    [InlineData("dipirona", false)]
    public void Search_matches_every_word_of_name_or_ingredient_without_accents(string text, bool matches)
    {
        var medication = new Medication { Name = "Amoxicilina + Clavulanato", ActiveIngredient = "Amoxicilina triidratada" };

        Assert.Equal(matches, MedicationCatalogService.Matches(medication, text));
    }

    [Fact]
    public void Accents_are_folded_when_searching()
    {
        Assert.True(MedicationCatalogService.Matches(new Medication { Name = "Cefalexina Suspensão" }, "suspensao"));
    }
}
