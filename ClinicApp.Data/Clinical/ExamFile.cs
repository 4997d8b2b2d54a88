using ClinicApp.Data.Common;

namespace ClinicApp.Data.Clinical;

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
