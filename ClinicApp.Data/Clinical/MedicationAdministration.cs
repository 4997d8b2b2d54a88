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
/// "Late" is not stored: it is a Scheduled dose whose due time plus the hospital's tolerance has passed.
/// A dose is recorded once: only a Scheduled dose may be given, not given, cancelled or moved.</summary>
public sealed class MedicationAdministration : Entity
{
    /// <summary>A Scheduled dose of <paramref name="prescriptionItemId"/> due at <paramref name="dueAt"/> (UTC).</summary>
    public MedicationAdministration(Guid prescriptionItemId, Guid hospitalizationId, Guid petId, DateTime dueAt)
    {
        PrescriptionItemId = prescriptionItemId;
        HospitalizationId = hospitalizationId;
        PetId = petId;
        DueAt = dueAt;
    }

    // EF Core materializes rows through this one and sets the private setters itself.
    private MedicationAdministration()
    {
    }

    public Guid PrescriptionItemId { get; private set; }

    public Guid HospitalizationId { get; private set; }

    public Guid PetId { get; private set; }

    /// <summary>UTC.</summary>
    public DateTime DueAt { get; private set; }

    /// <summary>The due time before it was moved, UTC.</summary>
    public DateTime? OriginalDueAt { get; private set; }

    public string? RescheduleReason { get; private set; }

    public AdministrationStatus Status { get; private set; }

    /// <summary>When the dose was given or recorded as not given, UTC.</summary>
    public DateTime? RecordedAt { get; private set; }

    public Guid? RecordedById { get; private set; }

    public string? RecordedByName { get; private set; }

    /// <summary>mg actually given (defaults to the prescribed dose).</summary>
    public decimal? DoseGivenMg { get; private set; }

    public NotGivenReason? Reason { get; private set; }

    public string? Note { get; private set; }

    public bool IsOpen => Status == AdministrationStatus.Scheduled;

    /// <summary>Records the dose as given: <paramref name="doseMg"/> mg at <paramref name="atUtc"/> by the person named.</summary>
    public void Give(decimal doseMg, DateTime atUtc, Guid? byId, string? byName)
    {
        EnsureOpen(AdministrationStatus.Given);
        Status = AdministrationStatus.Given;
        Recorded(atUtc, byId, byName);
        DoseGivenMg = doseMg;
        Reason = null;
        Note = null;
    }

    /// <summary>Records the dose as not given: held (by decision), refused (by the patient) or missed,
    /// with a coded reason and the nurse's note.</summary>
    public void MarkNotGiven(AdministrationStatus outcome, NotGivenReason reason, string note, DateTime atUtc, Guid? byId, string? byName)
    {
        if (outcome is not (AdministrationStatus.Held or AdministrationStatus.Refused or AdministrationStatus.Missed))
        {
            throw new DomainRuleException("Ram.Error.NotGivenStatus");
        }

        EnsureOpen(outcome);
        Status = outcome;
        Recorded(atUtc, byId, byName);
        DoseGivenMg = null;
        Reason = reason;
        Note = note;
    }

    /// <summary>Takes back a "given" recorded by mistake (the service limits who and how soon): the dose
    /// is open again, as if never recorded. The audit keeps both changes.</summary>
    public void UndoGiven()
    {
        if (Status != AdministrationStatus.Given)
        {
            throw new DomainRuleException("Ram.Error.Transition", $"AdministrationStatus.{Status}", $"AdministrationStatus.{AdministrationStatus.Scheduled}");
        }

        Status = AdministrationStatus.Scheduled;
        RecordedAt = null;
        RecordedById = null;
        RecordedByName = null;
        DoseGivenMg = null;
    }

    /// <summary>The item was suspended or changed before this dose came: it is not due any more.</summary>
    public void Cancel()
    {
        EnsureOpen(AdministrationStatus.Cancelled);
        Status = AdministrationStatus.Cancelled;
    }

    /// <summary>Moves the open dose to <paramref name="dueAt"/> (UTC); the first due time is kept in
    /// <see cref="OriginalDueAt"/> however often it moves.</summary>
    public void Reschedule(DateTime dueAt, string reason)
    {
        if (!IsOpen)
        {
            throw new DomainRuleException("Ram.Error.NotOpen", $"AdministrationStatus.{Status}");
        }

        OriginalDueAt ??= DueAt;
        DueAt = dueAt;
        RescheduleReason = reason;
    }

    private void EnsureOpen(AdministrationStatus to)
    {
        if (Status == AdministrationStatus.Cancelled && to != AdministrationStatus.Cancelled)
        {
            throw new DomainRuleException("Ram.Error.Cancelled");
        }

        if (!IsOpen)
        {
            throw new DomainRuleException("Ram.Error.Transition", $"AdministrationStatus.{Status}", $"AdministrationStatus.{to}");
        }
    }

    private void Recorded(DateTime atUtc, Guid? byId, string? byName)
    {
        RecordedAt = atUtc;
        RecordedById = byId;
        RecordedByName = byName;
    }
}
