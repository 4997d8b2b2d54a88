using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;

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

/// <summary>The reference range of one vital for one species (per hospital, editable by admins):
/// outside Normal is shown in red; outside Critical raises an emergency alert. A null bound is open.</summary>
public sealed class VitalRange : Entity
{
    public Species Species { get; set; }

    public Vital Vital { get; set; }

    public decimal? NormalMin { get; set; }

    public decimal? NormalMax { get; set; }

    public decimal? CriticalMin { get; set; }

    public decimal? CriticalMax { get; set; }

    public bool IsAbnormal(decimal value) => value < NormalMin || value > NormalMax;

    public bool IsCritical(decimal value) => value < CriticalMin || value > CriticalMax;
}

/// <summary>An emergency raised by critical vitals, shown to every vet and nurse of the hospital until
/// someone acknowledges it.</summary>
public sealed class VitalAlert : Entity
{
    public Guid VitalSignsId { get; set; }

    public Guid PetId { get; set; }

    public Guid? HospitalizationId { get; set; }

    public DateTime RaisedAt { get; set; }

    /// <summary>The critical values, e.g. "TemperatureC=41.2;HeartRate=220" (invariant culture).</summary>
    public required string Values { get; set; }

    public DateTime? AcknowledgedAt { get; set; }

    public Guid? AcknowledgedById { get; set; }

    public string? AcknowledgedByName { get; set; }
}
