namespace ClinicApp.Data.Catalog;

public enum HospitalStatus
{
    Active,
    Suspended,
}

/// <summary>A hospital (tenant) as the catalog knows it. The slug is its address: /{slug}/….</summary>
public class Hospital
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Slug { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Explicit connection string; null means "derived from the provider's settings"
    /// (a file under the data directory for SQLite, the template for SQL Server).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Host names that reach this hospital directly (e.g. app.aurora.vet.br).</summary>
    public List<string> Hosts { get; set; } = [];

    public string Culture { get; set; } = "pt-BR";

    public string TimeZone { get; set; } = "America/Sao_Paulo";

    public string Currency { get; set; } = "BRL";

    public HospitalStatus Status { get; private set; } = HospitalStatus.Active;

    public DateTime CreatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    /// <summary>The hour (0–23, in the hospital's time zone) of its nightly backup.</summary>
    public int BackupHour { get; set; } = 2;

    /// <summary>Set while the operator restores the hospital's data: its addresses answer a "back in a few
    /// minutes" page, open screens show a banner and writes are refused. Null = open as usual.</summary>
    public DateTime? MaintenanceSince { get; private set; }

    /// <summary>Why it is in maintenance (shown to the operator: "restore of archive X").</summary>
    public string? MaintenanceReason { get; private set; }

    public bool InMaintenance => MaintenanceSince is not null;

    public void EnterMaintenance(string reason, DateTime at)
    {
        MaintenanceSince = at;
        MaintenanceReason = reason.Length > 500 ? reason[..500] : reason;
        Version = Guid.NewGuid();
    }

    public void LeaveMaintenance()
    {
        MaintenanceSince = null;
        MaintenanceReason = null;
        Version = Guid.NewGuid();
    }

    /// <summary>Closes the hospital's addresses (403 page) and its jobs; its data stays as it is.</summary>
    public void Suspend() => MoveTo(HospitalStatus.Suspended);

    /// <summary>Opens a suspended hospital again.</summary>
    public void Activate() => MoveTo(HospitalStatus.Active);

    private void MoveTo(HospitalStatus status)
    {
        Status = status;
        Version = Guid.NewGuid();
    }
}
