using ClinicApp.Data.Common;

namespace ClinicApp.Data.Clinical;

public enum Vital
{
    HeartRate,
    RespiratoryRate,
    TemperatureC,
    SpO2,
    Systolic,
    Diastolic,
    MeanArterial,
    Glucose,
    PainScore,
    WeightKg,
}

/// <summary>One set of vital signs taken of a pet (in hospital or at a consultation); any may be missing.</summary>
public sealed class VitalSigns : Entity
{
    public Guid PetId { get; set; }

    public Guid? HospitalizationId { get; set; }

    public DateTime TakenAt { get; set; }

    public Guid? TakenById { get; set; }

    public required string TakenByName { get; set; }

    /// <summary>bpm.</summary>
    public int? HeartRate { get; set; }

    /// <summary>breaths/min.</summary>
    public int? RespiratoryRate { get; set; }

    public decimal? TemperatureC { get; set; }

    /// <summary>%.</summary>
    public int? SpO2 { get; set; }

    /// <summary>mmHg.</summary>
    public int? Systolic { get; set; }

    public int? Diastolic { get; set; }

    public int? MeanArterial { get; set; }

    /// <summary>mg/dL.</summary>
    public int? Glucose { get; set; }

    /// <summary>0–10.</summary>
    public int? PainScore { get; set; }

    public decimal? WeightKg { get; set; }

    public string? Notes { get; set; }

    public decimal? Value(Vital vital) => vital switch
    {
        Vital.HeartRate => HeartRate,
        Vital.RespiratoryRate => RespiratoryRate,
        Vital.TemperatureC => TemperatureC,
        Vital.SpO2 => SpO2,
        Vital.Systolic => Systolic,
        Vital.Diastolic => Diastolic,
        Vital.MeanArterial => MeanArterial,
        Vital.Glucose => Glucose,
        Vital.PainScore => PainScore,
        Vital.WeightKg => WeightKg,
        _ => null,
    };
}
