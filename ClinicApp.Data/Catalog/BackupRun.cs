namespace ClinicApp.Data.Catalog;

public enum BackupTrigger
{
    /// <summary>The nightly recurring job.</summary>
    Nightly,

    /// <summary>An admin pressed "back up now".</summary>
    Manual,

    /// <summary>The operator's command line (<c>backup aurora</c>).</summary>
    Command,

    /// <summary>Taken automatically just before a restore overwrites the live data, so the restore can be undone.</summary>
    BeforeRestore,
}

public enum BackupStatus
{
    /// <summary>Being written or verified. A run found Running at start-up was interrupted (the process died).</summary>
    Running,

    /// <summary>Written, then decrypted, opened and checked against its manifest: restorable.</summary>
    Verified,

    /// <summary>Writing or verification failed; its archive (if any) must never be restored.</summary>
    Failed,

    /// <summary>A good backup the retention policy removed (its row stays as history).</summary>
    Pruned,
}

/// <summary>One backup of one hospital's data (or of the catalog when <see cref="HospitalId"/> is null).
/// Kept in the catalog, not in the hospital database: a restore replaces that database, and the history of
/// its backups must survive it.</summary>
public class BackupRun
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Null for a backup of the catalog itself.</summary>
    public Guid? HospitalId { get; set; }

    /// <summary>The hospital's slug at the time ("_catalog" for the catalog).</summary>
    public string Scope { get; set; } = "";

    public BackupTrigger Trigger { get; set; }

    public BackupStatus Status { get; set; } = BackupStatus.Running;

    /// <summary>Who asked for it: a user's name, "nightly", "operator".</summary>
    public string RequestedBy { get; set; } = "";

    public DateTime StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public long DurationMs { get; set; }

    /// <summary>Full path of the archive (under Backups:Directory), set once it was renamed into place.</summary>
    public string? ArchivePath { get; set; }

    /// <summary>Full path of the second copy (Backups:CopyDirectory), when one was written.</summary>
    public string? CopyPath { get; set; }

    public long SizeBytes { get; set; }

    /// <summary>SHA-256 (hex) of the encrypted archive file.</summary>
    public string? ArchiveSha256 { get; set; }

    /// <summary>The hospital database's last applied migration in the archive.</summary>
    public string? MigrationId { get; set; }

    public DateTime? VerifiedAt { get; set; }

    /// <summary>A resource key (Backups.*) or the exception's message: why it failed.</summary>
    public string? Error { get; set; }
}
