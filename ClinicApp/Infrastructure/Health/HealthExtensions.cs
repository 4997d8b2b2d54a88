using System.Text.Json;
using ClinicApp.Tenancy;
using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClinicApp.Infrastructure.Health;

public static class HealthExtensions
{
    private const string Ready = "ready";

    public static WebApplicationBuilder AddClinicHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<CatalogHealthCheck>("catalog", tags: [Ready])
            .AddCheck<HospitalDatabasesHealthCheck>("hospitals", tags: [Ready])
            .AddCheck<JobServerHealthCheck>("jobs", tags: [Ready]);
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
