using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClinicApp.Data.Catalog;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Tutors;
using ClinicApp.Infrastructure.Backups;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Backups;

/// <summary>One app (no demo data) whose hospitals each test makes itself; archives also copied to a
/// second folder (<c>&lt;data&gt;/copies</c>).</summary>
public sealed class BackupAppFixture : IAsyncLifetime
{
    public ClinicAppFactory App { get; } = new(new Dictionary<string, string?>
    {
        ["Demo:Seed"] = "false",
        ["Backups:CopyDirectory"] = "copies",
    });

    public BackupService Backups => App.Services.GetRequiredService<BackupService>();

    public BackupLocations Locations => App.Services.GetRequiredService<BackupLocations>();

    public Task InitializeAsync()
    {
        _ = App.BaseUrl;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    public Task<string> NewHospitalAsync(string prefix = "bk", string timeZone = "America/Sao_Paulo") => BackupData.NewHospitalAsync(App, prefix, timeZone);
}

public static class BackupData
{
    public static async Task<string> NewHospitalAsync(ClinicAppFactory app, string prefix = "bk", string timeZone = "America/Sao_Paulo")
    {
        var slug = $"{prefix}-{Guid.NewGuid():N}"[..16];
        await app.Services.GetRequiredService<HospitalProvisioning>()
            .AddAsync(slug, $"Hospital {slug}", $"admin@{slug}.vet", "pt-BR", timeZone, adminPassword: ClinicAppFactory.Password);
        return slug;
    }

    public static async Task<Guid> TutorAsync(Desk desk, string? name = null) =>
        await desk.Tutors.SaveAsync(null, new TutorInput
        {
            Name = name ?? $"Tutor {Guid.NewGuid():N}"[..14],
            Cpf = Desk.NewCpf(),
            Phone = $"(11) 9{Random.Shared.Next(1000, 9999)}-{Random.Shared.Next(1000, 9999)}",
        });

    /// <summary>The hospital's SQLite file.</summary>
    public static string DatabaseFile(ClinicAppFactory app, string slug) => Path.Combine(app.DataDirectory, $"{slug}.db");

    /// <summary>Every file under a folder (none when it does not exist).</summary>
    public static string[] FilesUnder(string directory) =>
        Directory.Exists(directory) ? Directory.GetFileSystemEntries(directory, "*", SearchOption.AllDirectories) : [];

    /// <summary>Row count and a content hash per table: every row's values (type-tagged, blobs as hex),
    /// rows sorted, hashed. Equal hashes = equal content, whatever the physical row order.</summary>
    public static SortedDictionary<string, (long Count, string Hash)> TableHashes(string databaseFile)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var result = new SortedDictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var rows = new List<string>();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    row.Append(value switch
                    {
                        DBNull => "N:",
                        byte[] bytes => "B:" + Convert.ToHexString(bytes),
                        _ => value.GetType().Name[0] + ":" + Convert.ToString(value, CultureInfo.InvariantCulture),
                    }).Append('\u001F');
                }

                rows.Add(row.ToString());
            }

            rows.Sort(StringComparer.Ordinal);
            result[table] = (rows.Count, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', rows)))));
        }

        return result;
    }

    public static string IntegrityCheck(string databaseFile)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    public static HashSet<Guid> TutorIds(string databaseFile)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Tutors";
        using var reader = command.ExecuteReader();
        var ids = new HashSet<Guid>();
        while (reader.Read())
        {
            ids.Add(Guid.Parse(reader.GetString(0)));
        }

        return ids;
    }

    public static async Task<List<BackupRun>> RunsAsync(ClinicAppFactory app, string slug) =>
        [.. await app.Services.GetRequiredService<BackupService>().ListAsync((await app.HospitalAsync(slug)).Id)];

    /// <summary>The ids of the hospital's active admins.</summary>
    public static async Task<List<Guid>> AdminsAsync(ClinicAppFactory app, string slug)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopes>().Create(await app.HospitalAsync(slug), "test");
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return [.. (from u in db.Users
                    join ur in db.UserRoles on u.Id equals ur.UserId
                    join r in db.Roles on ur.RoleId equals r.Id
                    where u.IsActive && r.Name == Roles.Admin
                    select u.Id).Distinct()];
    }
}
