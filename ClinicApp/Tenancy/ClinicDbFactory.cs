using ClinicApp.Data;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Tenancy;

/// <summary>Opens the current hospital's database (scoped: the hospital comes from the
/// <see cref="TenantContext"/>). Use one context per operation:
/// <c>await using var db = await dbFactory.CreateDbContextAsync(ct);</c></summary>
public sealed class ClinicDbFactory(
    TenantContext tenant,
    HospitalCatalog catalog,
    TenantConnections connections,
    CurrentActor actor,
    TimeProvider time) : IDbContextFactory<ClinicDbContext>
{
    private string? _connectionString;

    public ClinicDbContext CreateDbContext() =>
        connections.CreateHospital(ConnectionString(), actor, time, Guard(), tenant.Tenant.TimeZone);

    public async Task<ClinicDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
    {
        if (_connectionString is null)
        {
            var hospital = await catalog.LoadAsync(tenant.Tenant.Id, cancellationToken)
                ?? throw new TenantUnavailableException($"Hospital '{tenant.Tenant.Slug}' no longer exists.");
            _connectionString = connections.HospitalConnectionString(hospital);
        }

        return connections.CreateHospital(_connectionString, actor, time, Guard(), tenant.Tenant.TimeZone);
    }

    // While the hospital is restored its data must not change under the restore: every write is refused.
    private MaintenanceGuard Guard() => new(catalog, tenant.Tenant.Id);

    private string ConnectionString()
    {
        if (_connectionString is null)
        {
            var hospital = catalog.LoadAsync(tenant.Tenant.Id).GetAwaiter().GetResult()
                ?? throw new TenantUnavailableException($"Hospital '{tenant.Tenant.Slug}' no longer exists.");
            _connectionString = connections.HospitalConnectionString(hospital);
        }

        return _connectionString;
    }
}
