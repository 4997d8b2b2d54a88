namespace ClinicApp.Data.Common;

/// <summary>Base of every hospital-database entity: a version 7 Guid key, UTC timestamps and a
/// version token the save interceptor renews on every change (SQLite has no rowversion).</summary>
public abstract class Entity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public Guid Version { get; set; }
}
