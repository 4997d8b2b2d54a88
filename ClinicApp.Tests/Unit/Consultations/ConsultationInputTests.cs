using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Features.Consultations;

namespace ClinicApp.Tests.Unit.Consultations;

public sealed class ConsultationInputTests
{
    [Fact]
    public void A_plausible_chart_passes_and_is_stored_trimmed_with_blanks_as_null()
    {
        var input = new ConsultationInput
        {
            Anamnesis = "  Vômitos há 2 dias.  ",
            WeightKg = 12.3456m,
            TemperatureC = 39.25m,
            HeartRate = 120,
            RespiratoryRate = 28,
            Mucosa = Mucosa.Pale,
            Hydration = Hydration.Mild,
            CapillaryRefillSeconds = 2m,
            PainScore = 3,
            PhysicalExamNotes = "   ",
            Diagnosis = "Gastroenterite",
        };

        input.Validate();
        var consultation = new Consultation();
        input.ApplyTo(consultation);

        Assert.Equal("Vômitos há 2 dias.", consultation.Anamnesis);
        Assert.Null(consultation.PhysicalExamNotes);
        Assert.Null(consultation.Plan);
        Assert.Equal(12.346m, consultation.WeightKg);
        Assert.Equal(39.2m, consultation.TemperatureC);
        Assert.Equal(Mucosa.Pale, consultation.Mucosa);
    }

    [Theory]
    [InlineData(29.9, null, null, null, "Consultation.Temperature")]
    [InlineData(45.1, null, null, null, "Consultation.Temperature")]
    [InlineData(null, 5, null, null, "Consultation.HeartRate")]
    [InlineData(null, 601, null, null, "Consultation.HeartRate")]
    [InlineData(null, null, 1, null, "Consultation.RespiratoryRate")]
    [InlineData(null, null, null, 11, "Consultation.Pain")]
    [InlineData(null, null, null, -1, "Consultation.Pain")]
    public void A_value_outside_its_plausible_range_is_refused_naming_the_field(double? temperature, int? heartRate, int? respiratoryRate, int? pain, string field)
    {
        var input = new ConsultationInput
        {
            TemperatureC = (decimal?)temperature,
            HeartRate = heartRate,
            RespiratoryRate = respiratoryRate,
            PainScore = pain,
        };

        var refusal = Assert.Throws<DomainRuleException>(input.Validate);

        Assert.Equal("Consultation.Error.Range", refusal.Message);
        Assert.Equal(field, refusal.Arguments[0]);
        Assert.All(refusal.Arguments.Skip(1), a => Assert.IsType<int>(a)); // never decimals: they would print as money
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(1000.5)]
    public void A_weight_of_nothing_or_of_a_ton_is_refused(double kg)
    {
        var refusal = Assert.Throws<DomainRuleException>(new ConsultationInput { WeightKg = (decimal)kg }.Validate);

        Assert.Equal("Consultation.Error.Weight", refusal.Message);
    }

    [Fact]
    public void Text_longer_than_the_chart_holds_is_refused()
    {
        var refusal = Assert.Throws<DomainRuleException>(new ConsultationInput { Diagnosis = new string('x', ConsultationInput.DiagnosisMax + 1) }.Validate);

        Assert.Equal("Consultation.Error.TooLong", refusal.Message);
        Assert.Equal("Consultation.Diagnosis", refusal.Arguments[0]);
    }

    [Fact]
    public void A_choice_that_is_not_in_the_list_is_refused()
    {
        var refusal = Assert.Throws<DomainRuleException>(new ConsultationInput { Mucosa = (Mucosa)42 }.Validate);

        Assert.Equal("Consultation.Error.Choice", refusal.Message);
    }

    [Fact]
    public void An_empty_chart_is_a_valid_draft()
    {
        new ConsultationInput().Validate();
    }
}
