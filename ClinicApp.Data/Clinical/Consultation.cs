using ClinicApp.Data.Common;

namespace ClinicApp.Data.Clinical;

public enum ConsultationStatus
{
    InProgress,
    Completed,
}

public enum Mucosa
{
    Normal,
    Pale,
    Congested,
    Cyanotic,
    Icteric,
}

public enum Hydration
{
    Normal,
    Mild,
    Moderate,
    Severe,
}

/// <summary>A SOAP consultation: started from an appointment (which moves to InProgress) or as a walk-in;
/// saved as the vet types (autosave), completed once. Completing it completes its appointment.</summary>
public sealed class Consultation : Entity
{
    public Guid PetId { get; set; }

    public Guid TutorId { get; set; }

    public Guid VeterinarianId { get; set; }

    public Guid? AppointmentId { get; set; }

    public ConsultationStatus Status { get; private set; }

    public DateTime StartedAt { get; set; }

    public DateTime? CompletedAt { get; private set; }

    /// <summary>S: history told by the tutor.</summary>
    public string? Anamnesis { get; set; }

    /// <summary>O: physical exam.</summary>
    public decimal? WeightKg { get; set; }

    public decimal? TemperatureC { get; set; }

    public int? HeartRate { get; set; }

    public int? RespiratoryRate { get; set; }

    public Mucosa? Mucosa { get; set; }

    public Hydration? Hydration { get; set; }

    /// <summary>Capillary refill time, seconds.</summary>
    public decimal? CapillaryRefillSeconds { get; set; }

    /// <summary>0–10.</summary>
    public int? PainScore { get; set; }

    public string? PhysicalExamNotes { get; set; }

    /// <summary>A: assessment.</summary>
    public string? Diagnosis { get; set; }

    /// <summary>P: plan.</summary>
    public string? Plan { get; set; }

    /// <summary>Completes the consultation at <paramref name="atUtc"/>; it is completed once.</summary>
    public void Complete(DateTime atUtc)
    {
        if (Status == ConsultationStatus.Completed)
        {
            throw new DomainRuleException("Consultation.Error.Completed");
        }

        Status = ConsultationStatus.Completed;
        CompletedAt = atUtc;
    }
}
