using System.ComponentModel.DataAnnotations;

namespace ClinicApp.Tenancy;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>The "Database" section: which provider, and where the catalog and hospital databases live.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>SQLite: the folder holding catalog.db and one {hospital}.db per hospital.</summary>
    [Required]
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>SQL Server: connection string of the catalog database.</summary>
    public string? CatalogConnectionString { get; set; }

    /// <summary>SQL Server: connection string of a hospital database, with {tenant} standing for its id
    /// (e.g. "Server=.;Database=ClinicApp_{tenant};Trusted_Connection=True;TrustServerCertificate=True").</summary>
    public string? TenantConnectionTemplate { get; set; }

    /// <summary>Apply pending migrations on start. Unset: yes in Development with SQLite; otherwise the app
    /// refuses to start with pending migrations.</summary>
    public bool? MigrateOnStart { get; set; }
}
