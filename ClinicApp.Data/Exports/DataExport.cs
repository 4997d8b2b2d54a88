using ClinicApp.Data.Common;

namespace ClinicApp.Data.Exports;

public enum DataExportStatus
{
    Queued,
    Running,
    Ready,
    Failed,
}

/// <summary>A full export of the hospital's data (every table as CSV plus the stored files, in one ZIP)
/// asked for by an admin: built by a background job, downloadable for 24 hours, then deleted. Not audited
/// row by row (the job rewrites its progress often): the request and each download write their own entries.</summary>
public class DataExport : INotAudited
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RequestedById { get; set; }

    public string RequestedByName { get; set; } = "";

    public DateTime RequestedAt { get; set; }

    public DataExportStatus Status { get; set; } = DataExportStatus.Queued;

    /// <summary>0–100, written by the job as it goes.</summary>
    public int Progress { get; set; }

    public DateTime? CompletedAt { get; set; }

    /// <summary>When the file is deleted and the download refused (CompletedAt + 24 h).</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>The ZIP's file name inside the hospital's export folder.</summary>
    public string? FileName { get; set; }

    public long SizeBytes { get; set; }

    public int DownloadCount { get; set; }

    /// <summary>A resource key (Export.*): why it failed.</summary>
    public string? Error { get; set; }
}
