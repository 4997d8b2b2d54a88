using ClinicApp.Data.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ClinicApp.Data;

// Used only by `dotnet ef` (scripts/add-migration.sh): the connection strings are placeholders,
// migrations are generated from the model without touching a database.

internal sealed class SqliteClinicDesignFactory : IDesignTimeDbContextFactory<SqliteClinicDbContext>
{
    public SqliteClinicDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteClinicDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class SqlServerClinicDesignFactory : IDesignTimeDbContextFactory<SqlServerClinicDbContext>
{
    public SqlServerClinicDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerClinicDbContext>().UseSqlServer("Server=design;Database=design").Options);
}

internal sealed class SqliteCatalogDesignFactory : IDesignTimeDbContextFactory<SqliteCatalogDbContext>
{
    public SqliteCatalogDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCatalogDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class SqlServerCatalogDesignFactory : IDesignTimeDbContextFactory<SqlServerCatalogDbContext>
{
    public SqlServerCatalogDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerCatalogDbContext>().UseSqlServer("Server=design;Database=design").Options);
}
