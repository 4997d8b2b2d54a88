using ClinicApp.Data.Common;

namespace ClinicApp.Data.Clinical;

public enum HospitalizationPriority
{
    Low,
    Medium,
    High,
    Critical,
}

public enum HospitalizationStatus
{
    Waiting,
    InCare,
    Discharged,
    Deceased,
}

/// <summary>A stay of a pet. While it is Waiting or InCare it holds its bed and its pet through
/// <see cref="OccupiedBedId"/> and <see cref="ActivePetId"/>, both unique: the database itself refuses
/// two patients in one bed or one patient admitted twice.</summary>
public sealed class Hospitalization : Entity
{
    public Guid PetId { get; set; }

    public Guid TutorId { get; set; }

    public Guid? BedId { get; set; }

    public Bed? Bed { get; set; }

    public Guid? OccupiedBedId { get; private set; }

    public Guid? ActivePetId { get; private set; }

    public Guid? ConsultationId { get; set; }

    public Guid AdmittingVetId { get; set; }

    public Guid ResponsibleVetId { get; set; }

    public required string Reason { get; set; }

    public HospitalizationPriority Priority { get; set; }

    public HospitalizationStatus Status { get; private set; }

    /// <summary>Infectious: isolation and biohazard precautions.</summary>
    public bool Biohazard { get; set; }

    public DateTime AdmittedAt { get; set; }

    public DateTime? EndedAt { get; private set; }

    public string? DischargeSummary { get; private set; }

    /// <summary>Home care for the tutor (feeding, rest, medication at home, when to come back): shown
    /// in the portal and printed on the discharge document.</summary>
    public string? DischargeInstructions { get; set; }

    public bool IsActive => Status is HospitalizationStatus.Waiting or HospitalizationStatus.InCare;

    public static bool CanChange(HospitalizationStatus from, HospitalizationStatus to) => (from, to) switch
    {
        (HospitalizationStatus.Waiting, HospitalizationStatus.InCare) => true,
        (HospitalizationStatus.Waiting or HospitalizationStatus.InCare, HospitalizationStatus.Discharged) => true,
        (HospitalizationStatus.Waiting or HospitalizationStatus.InCare, HospitalizationStatus.Deceased) => true,
        _ => false,
    };

    /// <summary>Opens the stay in <paramref name="bedId"/> (none: waiting for a bed).</summary>
    public void Admit(Guid? bedId, DateTime atUtc)
    {
        AdmittedAt = atUtc;
        Status = bedId is null ? HospitalizationStatus.Waiting : HospitalizationStatus.InCare;
        ActivePetId = PetId;
        MoveTo(bedId);
    }

    public void MoveTo(Guid? bedId)
    {
        if (!IsActive)
        {
            throw new DomainRuleException("Hospitalization.Error.Closed");
        }

        BedId = bedId;
        OccupiedBedId = bedId;
        if (bedId is not null && Status == HospitalizationStatus.Waiting)
        {
            Status = HospitalizationStatus.InCare;
        }
    }

    /// <summary>Ends the stay (discharge or death) with its summary; frees the bed.</summary>
    public void End(HospitalizationStatus outcome, string summary, DateTime atUtc)
    {
        if (!CanChange(Status, outcome))
        {
            throw new DomainRuleException("Hospitalization.Error.Transition", $"Hospitalization.Status.{Status}", $"Hospitalization.Status.{outcome}");
        }

        if (string.IsNullOrWhiteSpace(summary))
        {
            throw new DomainRuleException("Hospitalization.Error.SummaryRequired");
        }

        Status = outcome;
        DischargeSummary = summary.Trim();
        EndedAt = atUtc;
        OccupiedBedId = null;
        ActivePetId = null;
    }
}
