using System.Text.Json;
using ClinicApp.Tenancy;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ClinicApp.Infrastructure.Health;

public static class HealthExtensions
{
    private const string Ready = "ready";

    public static WebApplicationBuilder AddClinicHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<CatalogHealthCheck>("catalog", tags: [Ready])
            .AddCheck<HospitalDatabasesHealthCheck>("hospitals", tags: [Ready])
            .AddCheck<JobServerHealthCheck>("jobs", tags: [Ready])
            .AddCheck<IntegrityHealthCheck>("integrity", tags: [Ready])
            .AddCheck<StorageHealthCheck>("storage", tags: [Ready])
            .AddCheck<BackupsHealthCheck>("backups", tags: [Ready]);
        builder.Services.AddOptions<HealthOptions>().Bind(builder.Configuration.GetSection(HealthOptions.Section));
        builder.Services.AddSingleton<HospitalIntegrity>();
        builder.Services.AddHostedService<HospitalIntegrityLoop>();
        return builder;
    }

    public static IEndpointRouteBuilder MapClinicHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteJsonAsync });
        return endpoints;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1) }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}

internal sealed class CatalogHealthCheck(TenantConnections connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = connections.CreateCatalog();
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy($"{await db.Hospitals.CountAsync(cancellationToken)} hospitals")
            : HealthCheckResult.Unhealthy("The catalog database cannot be reached.");
    }
}

internal sealed class HospitalDatabasesHealthCheck(HospitalProvisioning provisioning, TenantConnections connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failing = new List<string>();
        var hospitals = (await provisioning.HospitalsAsync(cancellationToken))
            .Where(h => h.Status == Data.Catalog.HospitalStatus.Active).ToList();
        foreach (var hospital in hospitals)
        {
            await using var db = connections.CreateHospital(connections.HospitalConnectionString(hospital), new Data.Common.SystemActor("health"), TimeProvider.System);
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                failing.Add(hospital.Slug);
            }
        }

        return failing.Count == 0
            ? HealthCheckResult.Healthy($"{hospitals.Count} active hospital databases reachable")
            : HealthCheckResult.Unhealthy($"Unreachable: {string.Join(", ", failing)}");
    }
}

internal sealed class JobServerHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var servers = storage.GetMonitoringApi().Servers();
        return Task.FromResult(servers.Count > 0
            ? HealthCheckResult.Healthy($"{servers.Count} job server(s), {servers.Sum(s => s.WorkersCount)} workers")
            : HealthCheckResult.Unhealthy("No job server is running."));
    }
}

/// <summary>Unhealthy while a database failed its last quick_check or a hospital was found lost at a
/// request (its users get 503 or errors, so the instance must not claim to be ready).</summary>
internal sealed class IntegrityHealthCheck(HospitalIntegrity integrity, UnavailableHospitals unavailable, HospitalProvisioning provisioning) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = await integrity.LastOrRunAsync(cancellationToken);
        var problems = report.Failures.Select(f => $"{f.Key} failed its integrity check ({f.Value})").ToList();
        if (unavailable.All.Count > 0)
        {
            var slugs = (await provisioning.HospitalsAsync(cancellationToken)).ToDictionary(h => h.Id, h => h.Slug);
            problems.AddRange(unavailable.All.Select(u => $"{slugs.GetValueOrDefault(u.Key, u.Key.ToString())} is unavailable ({u.Value})"));
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy($"{report.Databases} databases passed the integrity check at {report.CheckedAt:u}")
            : HealthCheckResult.Unhealthy(string.Join("; ", problems));
    }
}

/// <summary>The data directory (SQLite files, exam files) can be written and has room. Both failures
/// are Unhealthy, not Degraded: Degraded still answers 200, so a load balancer would keep sending
/// sign-ins to an instance whose every write fails.</summary>
internal sealed class StorageHealthCheck(TenantConnections connections, IOptions<HealthOptions> options) : IHealthCheck
{
    /// <summary>A fixed name (not one per probe) so a failed delete never leaves files piling up; the
    /// lock keeps concurrent probes from colliding on it.</summary>
    internal const string ProbeFile = ".health-write-probe";

    private static readonly SemaphoreSlim Probing = new(1, 1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var directory = connections.DataDirectory;
        var problems = new List<string>();
        await Probing.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, ProbeFile);
            await using (var file = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                await file.WriteAsync(new byte[4096], cancellationToken);
                await file.FlushAsync(cancellationToken);
            }

            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"the data directory cannot be written: {e.Message}");
        }
        finally
        {
            Probing.Release();
        }

        var freeMegabytes = new DriveInfo(directory).AvailableFreeSpace / (1024 * 1024);
        var minimum = options.Value.MinFreeDiskMegabytes;
        if (freeMegabytes < minimum)
        {
            problems.Add($"free disk space {freeMegabytes} MB is below Health:MinFreeDiskMegabytes ({minimum} MB)");
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy($"data directory writable, {freeMegabytes} MB free")
            : HealthCheckResult.Unhealthy(string.Join("; ", problems));
    }
}
