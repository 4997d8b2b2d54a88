using ClinicApp.Data.Catalog;
using ClinicApp.Tenancy;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ClinicApp.Infrastructure.Health;

/// <summary>The last <c>PRAGMA quick_check</c> of the catalog and of every active hospital's SQLite
/// database. A corrupted file still opens (and "can connect"), so only reading its pages tells the truth;
/// that reads the whole file, so it runs on a timer (<see cref="HospitalIntegrityLoop"/>) and the ready
/// check reads the cached result.</summary>
public sealed class HospitalIntegrity(
    TenantConnections connections,
    HospitalProvisioning provisioning,
    ILogger<HospitalIntegrity> logger) : IDisposable
{
    /// <summary>The name the catalog's result is kept under (no hospital slug can contain a space).</summary>
    public const string Catalog = "catalog database";

    private readonly SemaphoreSlim _running = new(1, 1);
    private volatile IntegrityReport? _last;

    public void Dispose() => _running.Dispose();

    /// <summary>Null until the first check has finished.</summary>
    public IntegrityReport? Last => _last;

    /// <summary>Checks every database now (one run at a time) and caches the result.</summary>
    public async Task<IntegrityReport> RunAsync(CancellationToken ct = default)
    {
        await _running.WaitAsync(ct);
        try
        {
            var failures = new Dictionary<string, string>(StringComparer.Ordinal);
            var checkedCount = 0;
            if (connections.Provider == DatabaseProvider.Sqlite)
            {
                await CheckAsync(Catalog, connections.CatalogConnectionString(), failures, ct);
                checkedCount++;
                foreach (var hospital in (await provisioning.HospitalsAsync(ct)).Where(h => h.Status == HospitalStatus.Active))
                {
                    await CheckAsync(hospital.Slug, connections.HospitalConnectionString(hospital), failures, ct);
                    checkedCount++;
                }
            }

            var report = new IntegrityReport(DateTimeOffset.UtcNow, checkedCount, failures);
            _last = report;
            return report;
        }
        finally
        {
            _running.Release();
        }
    }

    /// <summary>The cached result, or a first run now when there is none yet (right after start-up).</summary>
    public async Task<IntegrityReport> LastOrRunAsync(CancellationToken ct = default) => _last ?? await RunAsync(ct);

    private async Task CheckAsync(string name, string connectionString, Dictionary<string, string> failures, CancellationToken ct)
    {
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check;";
            var problems = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    problems.Add(reader.GetString(0));
                }
            }

            if (problems is ["ok"])
            {
                return;
            }

            failures[name] = string.Join("; ", problems.Take(3));
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            // A file that is gone or not a database any more fails to open or read: as bad as corrupt.
            failures[name] = e.Message;
        }

        logger.LogCritical("The integrity check of {Database} failed: {Problems}", name, failures[name]);
    }
}

/// <summary>One integrity run: what was checked, when, and which databases failed (slug → SQLite's words).</summary>
public sealed record IntegrityReport(DateTimeOffset CheckedAt, int Databases, IReadOnlyDictionary<string, string> Failures);

/// <summary>Runs the integrity check once at start and then every <see cref="HealthOptions.QuickCheckMinutes"/>.</summary>
internal sealed class HospitalIntegrityLoop(HospitalIntegrity integrity, IOptions<HealthOptions> options, ILogger<HospitalIntegrityLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(Math.Max(options.Value.QuickCheckMinutes, 0.01));
        do
        {
            try
            {
                await integrity.RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The catalog itself unreadable: the catalog check reports it; the loop keeps going.
                logger.LogError(e, "The database integrity check could not run");
            }

            try
            {
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        while (!stoppingToken.IsCancellationRequested);
    }
}
