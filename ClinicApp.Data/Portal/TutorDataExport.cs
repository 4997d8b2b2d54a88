using ClinicApp.Data.Common;

namespace ClinicApp.Data.Portal;

public enum TutorDataExportStatus
{
    Queued,
    Running,
    Ready,
    Failed,
    Expired,
}

/// <summary>A tutor's "download my data" (LGPD access and portability): a ZIP of JSON and a readable
/// PDF, made by a background job and downloadable for 24 hours.</summary>
public sealed class TutorDataExport : Entity
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public Guid TutorId { get; set; }

    public TutorDataExportStatus Status { get; set; } = TutorDataExportStatus.Queued;

    /// <summary>UTC.</summary>
    public DateTime RequestedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    /// <summary>The file's name in the hospital's own export folder.</summary>
    public string? FileName { get; set; }

    public long SizeBytes { get; set; }

    public int DownloadCount { get; set; }

    public string? Error { get; set; }
}
