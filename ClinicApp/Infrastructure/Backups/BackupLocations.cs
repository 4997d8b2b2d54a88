using ClinicApp.Tenancy;
using Microsoft.Extensions.Options;

namespace ClinicApp.Infrastructure.Backups;

/// <summary>Where archives, copies and a hospital's stored files are.</summary>
public sealed class BackupLocations(IOptions<BackupOptions> options, TenantConnections connections)
{
    public const string CatalogScope = "_catalog";

    /// <summary><c>Backups:Directory</c>, relative to the data directory; default <c>&lt;data&gt;/backups</c>.</summary>
    public string Root => Path.GetFullPath(options.Value.Directory ?? "backups", connections.DataDirectory);

    public string? CopyRoot => string.IsNullOrWhiteSpace(options.Value.CopyDirectory)
        ? null
        : Path.GetFullPath(options.Value.CopyDirectory, connections.DataDirectory);

    /// <summary>The archives of one hospital (its slug) or of the catalog (<see cref="CatalogScope"/>).</summary>
    public string For(string scope) => Path.Combine(Root, scope);

    public string? CopyFor(string scope) => CopyRoot is { } root ? Path.Combine(root, scope) : null;

    /// <summary>A hospital's stored files (exam results): the same folder the exam store writes to.</summary>
    public string FilesOf(string slug) => connections.FilesDirectory(slug);

    /// <summary>The SQLite file of a hospital's database, from its connection string.</summary>
    public static string SqliteFile(string connectionString) =>
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
}
