namespace ClinicApp.Infrastructure.Health;

public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>How often every database's <c>PRAGMA quick_check</c> runs (it reads the whole file,
    /// so it is a periodic job whose result /health/ready reads, never run per probe).</summary>
    public double QuickCheckMinutes { get; set; } = 15;

    /// <summary>Below this much free space on the data directory's drive the app is not ready: SQLite
    /// fails its writes (sign-in, every save) long before the disk is completely full.</summary>
    public long MinFreeDiskMegabytes { get; set; } = 512;
}
