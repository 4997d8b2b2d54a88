using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Features.Pets;

namespace ClinicApp.Features.Consultations;

/// <summary>The SOAP fields of a consultation as the form holds them (the whole draft is saved each time).</summary>
public sealed class ConsultationInput
{
    public static readonly int LongTextMax = TextLimits.Of<Consultation>(c => c.Anamnesis);
    public static readonly int DiagnosisMax = TextLimits.Of<Consultation>(c => c.Diagnosis);

    public const int TemperatureMin = 30;
    public const int TemperatureMax = 45;
    public const int HeartRateMin = 10;
    public const int HeartRateMax = 600;
    public const int RespiratoryRateMin = 2;
    public const int RespiratoryRateMax = 200;
    public const int CapillaryRefillMax = 10;
    public const int PainMax = 10;

    /// <summary>S: the history the tutor tells.</summary>
    public string? Anamnesis { get; set; }

    public decimal? WeightKg { get; set; }

    public decimal? TemperatureC { get; set; }

    public int? HeartRate { get; set; }

    public int? RespiratoryRate { get; set; }

    public Mucosa? Mucosa { get; set; }

    public Hydration? Hydration { get; set; }

    public decimal? CapillaryRefillSeconds { get; set; }

    public int? PainScore { get; set; }

    public string? PhysicalExamNotes { get; set; }

    public string? Diagnosis { get; set; }

    public string? Plan { get; set; }

    public static ConsultationInput From(Consultation c) => new()
    {
        Anamnesis = c.Anamnesis,
        WeightKg = c.WeightKg,
        TemperatureC = c.TemperatureC,
        HeartRate = c.HeartRate,
        RespiratoryRate = c.RespiratoryRate,
        Mucosa = c.Mucosa,
        Hydration = c.Hydration,
        CapillaryRefillSeconds = c.CapillaryRefillSeconds,
        PainScore = c.PainScore,
        PhysicalExamNotes = c.PhysicalExamNotes,
        Diagnosis = c.Diagnosis,
        Plan = c.Plan,
    };

    public ConsultationInput Copy() => (ConsultationInput)MemberwiseClone();

    /// <summary>Refuses values no living patient has (a typo such as 385 °C), naming the field and its range.
    /// Pure: unit-tested without a database.</summary>
    public void Validate()
    {
        if (WeightKg is { } kg && (kg <= 0 || kg > PetService.MaxWeightKg))
        {
            throw new DomainRuleException("Consultation.Error.Weight", (int)PetService.MaxWeightKg);
        }

        Range("Consultation.Temperature", TemperatureC, TemperatureMin, TemperatureMax);
        Range("Consultation.HeartRate", HeartRate, HeartRateMin, HeartRateMax);
        Range("Consultation.RespiratoryRate", RespiratoryRate, RespiratoryRateMin, RespiratoryRateMax);
        Range("Consultation.CapillaryRefill", CapillaryRefillSeconds, 0, CapillaryRefillMax);
        Range("Consultation.Pain", PainScore, 0, PainMax);
        if (Mucosa is { } mucosa && !Enum.IsDefined(mucosa))
        {
            throw new DomainRuleException("Consultation.Error.Choice", "Consultation.Mucosa");
        }

        if (Hydration is { } hydration && !Enum.IsDefined(hydration))
        {
            throw new DomainRuleException("Consultation.Error.Choice", "Consultation.Hydration");
        }

        Length("Consultation.Anamnesis", Anamnesis, LongTextMax);
        Length("Consultation.ExamNotes", PhysicalExamNotes, LongTextMax);
        Length("Consultation.Diagnosis", Diagnosis, DiagnosisMax);
        Length("Consultation.Plan", Plan, LongTextMax);
    }

    /// <summary>Copies the (validated) fields onto the consultation, trimming text and storing blanks as null.</summary>
    public void ApplyTo(Consultation c)
    {
        c.Anamnesis = TypedText.Clean(Anamnesis);
        c.WeightKg = WeightKg is { } kg ? decimal.Round(kg, 3) : null;
        c.TemperatureC = TemperatureC is { } t ? decimal.Round(t, 1) : null;
        c.HeartRate = HeartRate;
        c.RespiratoryRate = RespiratoryRate;
        c.Mucosa = Mucosa;
        c.Hydration = Hydration;
        c.CapillaryRefillSeconds = CapillaryRefillSeconds is { } crt ? decimal.Round(crt, 1) : null;
        c.PainScore = PainScore;
        c.PhysicalExamNotes = TypedText.Clean(PhysicalExamNotes);
        c.Diagnosis = TypedText.Clean(Diagnosis);
        c.Plan = TypedText.Clean(Plan);
    }

    // Bounds are passed as whole numbers: decimal arguments would be shown as money.
    private static void Range(string field, decimal? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            throw new DomainRuleException("Consultation.Error.Range", field, min, max);
        }
    }

    private static void Range(string field, int? value, int min, int max) => Range(field, (decimal?)value, min, max);

    private static void Length(string field, string? text, int max)
    {
        if (text is not null && text.Trim().Length > max)
        {
            throw new DomainRuleException("Consultation.Error.TooLong", field, max);
        }
    }
}
