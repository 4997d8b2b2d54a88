using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClinicApp.Infrastructure.Backups;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Backups;

/// <summary>Lets a test act at a step of a restore: fail there, or write while the hospital is in maintenance.</summary>
public sealed class RestoreStepsProbe : IRestoreSteps
{
    public Func<RestoreStep, string, Task>? At { get; set; }

    public Task ReachedAsync(RestoreStep step, string hospital) => At?.Invoke(step, hospital) ?? Task.CompletedTask;
}

/// <summary>The real app with a short maintenance grace (the restore waits it out) and a probe on the restore's steps.</summary>
public sealed class RestoreAppFactory() : ClinicAppFactory(new Dictionary<string, string?> { ["Backups:MaintenanceGraceSeconds"] = "1" })
{
    public RestoreStepsProbe Steps { get; } = new();

    public string DatabaseOf(string slug) => Path.Combine(DataDirectory, $"{slug}.db");

    public string FilesOf(string slug) => Path.Combine(DataDirectory, "files", slug);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IRestoreSteps>(Steps));
    }
}

public sealed class RestoreAppFixture : IAsyncLifetime
{
    public RestoreAppFactory App { get; } = new();

    public Task InitializeAsync()
    {
        _ = App.BaseUrl;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class RestoreCollection : ICollectionFixture<RestoreAppFixture>
{
    public const string Name = "restore";
}

/// <summary>What a hospital's data is, to compare: every table's row count and a hash of all its rows (in rowid
/// order, every column), and every stored file's hash by its path.</summary>
public sealed record DataSnapshot(SortedDictionary<string, string> Tables, SortedDictionary<string, string> Files)
{
    public static DataSnapshot Of(string databaseFile, string filesDirectory) => new(TablesOf(databaseFile), FilesOf(filesDirectory));

    /// <summary>The content of an archive, extracted (and checked) into a temporary folder that is deleted.</summary>
    public static async Task<DataSnapshot> OfArchiveAsync(IServiceProvider services, string archive)
    {
        var staging = Path.Combine(Path.GetTempPath(), "clinicapp-archive-content-" + Guid.NewGuid().ToString("N"));
        try
        {
            var extracted = await services.GetRequiredService<BackupReader>().ExtractAsync(archive, staging, CancellationToken.None);
            return Of(extracted.DatabaseFile, extracted.FilesDirectory);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(staging, recursive: true);
        }
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Row count and content hash per table, as the backup tests compute them.</summary>
    private static SortedDictionary<string, string> TablesOf(string databaseFile) =>
        new(BackupData.TableHashes(databaseFile).ToDictionary(t => t.Key, t => $"{t.Value.Count} rows, {t.Value.Hash}"), StringComparer.Ordinal);

    private static SortedDictionary<string, string> FilesOf(string directory)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                result[Path.GetRelativePath(directory, file).Replace('\\', '/')] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
            }
        }

        return result;
    }
}
