using ClinicApp.Data;
using ClinicApp.Data.Catalog;
using ClinicApp.Data.Common;
using ClinicApp.Data.Interceptors;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ClinicApp.Tenancy;

/// <summary>The one place that knows where databases live and how to open them.</summary>
public sealed class TenantConnections(IOptions<DatabaseOptions> options, IHostEnvironment environment)
{
    private readonly DatabaseOptions _options = options.Value;

    public DatabaseProvider Provider => _options.Provider;

    public string DataDirectory => Path.GetFullPath(_options.DataDirectory, environment.ContentRootPath);

    /// <summary>A hospital's stored files (exam results…): one folder per hospital beside the databases.
    /// The exam store writes there; backups, restores and exports read it.</summary>
    public string FilesDirectory(string slug) => Path.Combine(DataDirectory, "files", slug);

    public string CatalogConnectionString() => _options.Provider switch
    {
        DatabaseProvider.Sqlite => Sqlite(Path.Combine(DataDirectory, "catalog.db"), SqliteOpenMode.ReadWriteCreate),
        _ => _options.CatalogConnectionString
             ?? throw new InvalidOperationException("Database:CatalogConnectionString is required with the SqlServer provider."),
    };

    /// <summary>A hospital's database is opened, never created (SQLite Mode=ReadWrite): a missing file
    /// fails loudly instead of becoming an empty database. Only <paramref name="create"/> (adding the
    /// hospital) may create it.</summary>
    public string HospitalConnectionString(Hospital hospital, bool create = false) =>
        hospital.ConnectionString ?? DefaultHospitalConnectionString(hospital.Slug, create);

    internal string DefaultHospitalConnectionString(string slug, bool create = false) => _options.Provider switch
    {
        DatabaseProvider.Sqlite => Sqlite(Path.Combine(DataDirectory, $"{slug}.db"), create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite),
        _ => (_options.TenantConnectionTemplate
              ?? throw new InvalidOperationException("Database:TenantConnectionTemplate is required with the SqlServer provider."))
             .Replace("{tenant}", slug, StringComparison.Ordinal),
    };

    public CatalogDbContext CreateCatalog()
    {
        var connection = CatalogConnectionString();
        if (_options.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(DataDirectory);
            return new SqliteCatalogDbContext(new DbContextOptionsBuilder<SqliteCatalogDbContext>()
                .UseSqlite(connection).Options);
        }

        return new SqlServerCatalogDbContext(new DbContextOptionsBuilder<SqlServerCatalogDbContext>()
            .UseSqlServer(connection, sql => sql.EnableRetryOnFailure()).Options);
    }

    /// <summary>Opens a hospital's database; <paramref name="guard"/> (the maintenance guard of the app's own
    /// contexts) runs before the others so that a refused write is not audited or checked first.</summary>
    /// <param name="zone">The hospital's time zone, for the days of analytics a save marks stale; null where no
    /// hospital's scope opens the context (the marks then cover the days either side).</param>
    public ClinicDbContext CreateHospital(string connectionString, ICurrentActor actor, TimeProvider time, IInterceptor? guard = null, TimeZoneInfo? zone = null)
    {
        var interceptor = new AuditingInterceptor(actor, time);
        var staleDays = new AnalyticsStaleDaysInterceptor(zone, time);
        IInterceptor[] interceptors = guard is null
            ? [TextLimitsInterceptor.Instance, interceptor, staleDays]
            : [guard, TextLimitsInterceptor.Instance, interceptor, staleDays];
        if (_options.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(DataDirectory);
            return new SqliteClinicDbContext(new DbContextOptionsBuilder<SqliteClinicDbContext>()
                .UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(30))
                .AddInterceptors([.. interceptors, SqlitePragmas.Instance])
                .Options);
        }

        return new SqlServerClinicDbContext(new DbContextOptionsBuilder<SqlServerClinicDbContext>()
            .UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure())
            .AddInterceptors(interceptors)
            .Options);
    }

    // Shared cache is off by default; WAL lets readers work while one writer commits, and the busy
    // timeout makes concurrent writers wait instead of failing with "database is locked".
    private static string Sqlite(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();
}
