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

/// <summary>A result file; the bytes live in the hospital's own folder outside wwwroot.</summary>
public sealed class ExamFile : Entity
{
    public Guid ExamRequestId { get; set; }

    public required string FileName { get; set; }

    /// <summary>application/pdf, image/png or image/jpeg, as read from the content.</summary>
    public required string ContentType { get; set; }

    public long SizeBytes { get; set; }

    /// <summary>Relative to the hospital's files folder.</summary>
    public required string StoragePath { get; set; }

    public DateTime UploadedAt { get; set; }

    public required string UploadedByName { get; set; }
}

/// <summary>An in-app message for one user ("exam result ready"), read from the bell.</summary>
public sealed class Notification : Entity, INotAudited
{
    public Guid UserId { get; set; }

    /// <summary>A resource key; <see cref="Args"/> fill it (separated by U+001F).</summary>
    public required string MessageKey { get; set; }

    public string? Args { get; set; }

    /// <summary>Relative link inside the hospital ("exams?id=…").</summary>
    public string? Link { get; set; }

    public DateTime? ReadAt { get; set; }
}
