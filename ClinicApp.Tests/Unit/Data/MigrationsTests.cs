using ClinicApp.Data;
using ClinicApp.Data.Catalog;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ClinicApp.Tests.Unit.Data;

/// <summary>Each provider keeps its own migrations; a model change without a migration for every
/// provider would only show up when a hospital's database is migrated in production.</summary>
public sealed class MigrationsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "clinicapp-unit", Guid.NewGuid().ToString("N"));

    public MigrationsTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(nameof(SqliteClinicDbContext))]
    [InlineData(nameof(SqlServerClinicDbContext))]
    [InlineData(nameof(SqliteCatalogDbContext))]
    [InlineData(nameof(SqlServerCatalogDbContext))]
    public void The_migrations_match_the_model(string context)
    {
        using var db = Create(context, Path.Combine(_directory, "never-opened.db"));

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"{context} has model changes without a migration: run scripts/add-migration.sh");
    }

    [Theory]
    [InlineData(nameof(SqliteClinicDbContext))]
    [InlineData(nameof(SqlServerClinicDbContext))]
    [InlineData(nameof(SqliteCatalogDbContext))]
    [InlineData(nameof(SqlServerCatalogDbContext))]
    public void Each_provider_has_its_own_migrations(string context)
    {
        using var db = Create(context, Path.Combine(_directory, "never-opened.db"));
        var migrations = db.GetService<IMigrationsAssembly>().Migrations;

        Assert.NotEmpty(migrations);
        var provider = context.StartsWith("Sqlite", StringComparison.Ordinal) ? ".Sqlite." : ".SqlServer.";
        Assert.All(migrations.Values, m => Assert.Contains(provider, m.Namespace, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_hospital_database_migrates_to_the_current_model()
    {
        await using var db = Create(nameof(SqliteClinicDbContext), Path.Combine(_directory, "aurora.db"));

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var tables = await TablesAsync(db);
        Assert.Contains("AspNetUsers", tables);
        Assert.Contains("AspNetRoles", tables);
        Assert.Contains("AuditEntries", tables);
        Assert.DoesNotContain("Hospitals", tables);
        var clinic = (ClinicDbContext)db;
        Assert.Equal(0, await clinic.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task A_new_catalog_database_migrates_to_the_current_model()
    {
        await using var db = Create(nameof(SqliteCatalogDbContext), Path.Combine(_directory, "catalog.db"));

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var tables = await TablesAsync(db);
        Assert.Contains("Hospitals", tables);
        Assert.Contains("DataProtectionKeys", tables);
        Assert.DoesNotContain("AspNetUsers", tables);
        var catalog = (CatalogDbContext)db;
        catalog.Hospitals.Add(new Hospital { Slug = "aurora", Name = "Hospital Aurora", Hosts = ["app.aurora.vet.br"] });
        await catalog.SaveChangesAsync();
        Assert.Equal(["app.aurora.vet.br"], (await catalog.Hospitals.AsNoTracking().SingleAsync()).Hosts);
    }

    private static async Task<List<string>> TablesAsync(DbContext db) =>
        await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync();

    private static DbContext Create(string context, string sqliteFile)
    {
        var sqlite = new SqliteConnectionStringBuilder { DataSource = sqliteFile }.ToString();
        const string SqlServer = "Server=none;Database=none";
        return context switch
        {
            nameof(SqliteClinicDbContext) => new SqliteClinicDbContext(new DbContextOptionsBuilder<SqliteClinicDbContext>().UseSqlite(sqlite).Options),
            nameof(SqlServerClinicDbContext) => new SqlServerClinicDbContext(new DbContextOptionsBuilder<SqlServerClinicDbContext>().UseSqlServer(SqlServer).Options),
            nameof(SqliteCatalogDbContext) => new SqliteCatalogDbContext(new DbContextOptionsBuilder<SqliteCatalogDbContext>().UseSqlite(sqlite).Options),
            nameof(SqlServerCatalogDbContext) => new SqlServerCatalogDbContext(new DbContextOptionsBuilder<SqlServerCatalogDbContext>().UseSqlServer(SqlServer).Options),
            _ => throw new ArgumentOutOfRangeException(nameof(context), context, null),
        };
    }
}
