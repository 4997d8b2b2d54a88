using ClinicApp.Data.Common;

namespace ClinicApp.Data.Clinical;

public enum AdministrationStatus
{
    Scheduled,
    Given,
    Held,
    Refused,
    Missed,

    /// <summary>The item was suspended or changed before this dose came: not due any more.</summary>
    Cancelled,
}

/// <summary>Why a dose was not given (the nurse adds free text too).</summary>
public enum NotGivenReason
{
    PatientNpo,
    Vomiting,
    PatientRefused,
    PatientAsleep,
    PatientAway,
    NoVenousAccess,
    ClinicalParameters,
    VetOrder,
    OutOfStock,
    Other,
}

/// <summary>One scheduled dose of a hospital prescription item and what became of it (the RAM).
/// "Late" is not stored: it is a Scheduled dose whose due time plus the hospital's tolerance has passed.</summary>
public sealed class MedicationAdministration : Entity
{
    public Guid PrescriptionItemId { get; set; }

    public Guid HospitalizationId { get; set; }

    public Guid PetId { get; set; }

    /// <summary>UTC.</summary>
    public DateTime DueAt { get; set; }

    /// <summary>The due time before it was moved, UTC.</summary>
    public DateTime? OriginalDueAt { get; set; }

    public string? RescheduleReason { get; set; }

    public AdministrationStatus Status { get; set; }

    /// <summary>When the dose was given or recorded as not given, UTC.</summary>
    public DateTime? RecordedAt { get; set; }

    public Guid? RecordedById { get; set; }

    public string? RecordedByName { get; set; }

    /// <summary>mg actually given (defaults to the prescribed dose).</summary>
    public decimal? DoseGivenMg { get; set; }

    public NotGivenReason? Reason { get; set; }

    public string? Note { get; set; }

    public bool IsOpen => Status == AdministrationStatus.Scheduled;
}
