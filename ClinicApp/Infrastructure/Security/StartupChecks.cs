using ClinicApp.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ClinicApp.Infrastructure.Security;

/// <summary>What must hold before the app serves anyone (issue 11 #4 and #15): a key-encryption key and a
/// backup key outside Development, a data folder it can write and a catalog database it can open. A failure is
/// one line naming the setting or the path and the cause — an operator reads it in a service log,
/// where a stack trace from deep inside a migration hides it.</summary>
public static class StartupChecks
{
    /// <summary>Why the app cannot start, or null.</summary>
    public static string? Problem(IConfiguration configuration, IHostEnvironment environment, DatabaseOptions database, string dataDirectory)
    {
        if (KeyEncryptionKey.MissingInProduction(configuration, environment) is { } missingKey)
        {
            return missingKey;
        }

        if (Backups.BackupKey.Problem(configuration, environment) is { } backupKey)
        {
            return backupKey;
        }

        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return null;
        }

        try
        {
            Directory.CreateDirectory(dataDirectory);
            var probe = Path.Combine(dataDirectory, $".write-check-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"ClinicApp will not start: the data folder {dataDirectory} is not writable ({OneLine(e.Message)}).";
        }

        var catalog = Path.Combine(dataDirectory, "catalog.db");
        if (!File.Exists(catalog) && !Directory.Exists(catalog))
        {
            return null; // a first start creates it
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = catalog,
                Mode = SqliteOpenMode.ReadWrite,
                Pooling = false,
            }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();

            // Reads the schema (a file that is not a database fails here) and takes the write lock.
            command.CommandText = "BEGIN IMMEDIATE; SELECT count(*) FROM sqlite_master; ROLLBACK;";
            command.ExecuteScalar();
        }
        catch (SqliteException e)
        {
            return $"ClinicApp will not start: the catalog database {catalog} cannot be opened for writing ({OneLine(e.Message)}).";
        }

        return null;
    }

    /// <summary>Runs the checks; on a failure writes its one line to the error output and returns false.</summary>
    public static bool Pass(WebApplication app)
    {
        var connections = app.Services.GetRequiredService<TenantConnections>();
        var problem = Problem(app.Configuration, app.Environment, app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value, connections.DataDirectory);
        if (problem is null)
        {
            return true;
        }

        Console.Error.WriteLine(problem);
        return false;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim().TrimEnd('.');
}
