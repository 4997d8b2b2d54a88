using ClinicApp.Data.Common;

namespace ClinicApp.Data.Clinical;

public enum ExamStatus
{
    Pending,
    Collected,
    InAnalysis,
    Completed,
    Cancelled,
}

public sealed class ExamRequest : Entity
{
    public Guid PetId { get; set; }

    public Guid TutorId { get; set; }

    public Guid? ConsultationId { get; set; }

    public Guid? HospitalizationId { get; set; }

    public Guid RequestedById { get; set; }

    /// <summary>The exam's price-list line (kind Exam), when it has one: completing charges it.</summary>
    public Guid? PriceItemId { get; set; }

    /// <summary>"Hemograma completo", "Raio-X tórax"...</summary>
    public required string ExamType { get; set; }

    public string? ClinicalNotes { get; set; }

    public ExamStatus Status { get; private set; }

    public DateTime RequestedAt { get; set; }

    public DateTime? CollectedAt { get; private set; }

    public DateTime? CompletedAt { get; private set; }

    public string? CompletedByName { get; private set; }

    public string? ResultText { get; set; }

    /// <summary>When the vet released the result to the tutor's portal (UTC); until then the tutor sees
    /// "in progress".</summary>
    public DateTime? ReleasedToTutorAt { get; set; }

    public string? ReleasedByName { get; set; }

    public List<ExamFile> Files { get; set; } = [];

    public static bool CanChange(ExamStatus from, ExamStatus to) => (from, to) switch
    {
        (ExamStatus.Pending, ExamStatus.Collected) => true,
        (ExamStatus.Collected, ExamStatus.InAnalysis) => true,
        (ExamStatus.Pending or ExamStatus.Collected or ExamStatus.InAnalysis, ExamStatus.Completed) => true,
        (ExamStatus.Pending or ExamStatus.Collected or ExamStatus.InAnalysis, ExamStatus.Cancelled) => true,
        _ => false,
    };

    public void ChangeStatus(ExamStatus to, DateTime atUtc, string actorName)
    {
        if (!CanChange(Status, to))
        {
            throw new DomainRuleException("Exam.Error.Transition", $"Exam.Status.{Status}", $"Exam.Status.{to}");
        }

        if (to == ExamStatus.Collected || (to != ExamStatus.Cancelled && CollectedAt is null))
        {
            CollectedAt ??= atUtc;
        }

        if (to == ExamStatus.Completed)
        {
            CompletedAt = atUtc;
            CompletedByName = actorName;
        }

        Status = to;
    }
}
