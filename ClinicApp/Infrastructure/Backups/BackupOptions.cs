namespace ClinicApp.Infrastructure.Backups;

/// <summary>The "Backups" section: where archives go, the key that encrypts them, how many are kept.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backups";

    /// <summary>Archives, one folder per hospital (<c>&lt;Directory&gt;/&lt;hospital&gt;/</c>); relative paths
    /// are under the data directory. Default: <c>App_Data/backups</c>.</summary>
    public string? Directory { get; set; }

    /// <summary>A second folder (an off-site mount) that receives a copy of every good archive.</summary>
    public string? CopyDirectory { get; set; }

    /// <summary>Base64 of the 32-byte AES-256 key (<c>openssl rand -base64 32</c>).</summary>
    public string? Key { get; set; }

    /// <summary>A file holding the same base64 text, for secret stores mounted as files.</summary>
    public string? KeyFile { get; set; }

    public int KeepDaily { get; set; } = 7;

    public int KeepWeekly { get; set; } = 4;

    public int KeepMonthly { get; set; } = 12;

    /// <summary>The catalog's nightly backup, in the server's UTC hour.</summary>
    public int CatalogHourUtc { get; set; } = 5;

    /// <summary>/health/ready reports degraded when a hospital's last good backup is older than this.</summary>
    public int MaxAgeHours { get; set; } = 26;

    /// <summary>How long a restore waits, once the hospital is in maintenance, before it overwrites the data:
    /// long enough for every running instance to see the maintenance and for writes in flight to end.</summary>
    public int MaintenanceGraceSeconds { get; set; } = 10;
}
