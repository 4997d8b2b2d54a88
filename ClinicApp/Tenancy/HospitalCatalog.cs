using ClinicApp.Data.Catalog;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Tenancy;

/// <summary>Reads the catalog of hospitals. Lookups happen on every request, so the (small) list is
/// cached for a few seconds; any change made through the app invalidates it at once.</summary>
public sealed class HospitalCatalog(TenantConnections connections, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot? _snapshot;

    public async Task<IReadOnlyList<TenantInfo>> ListAsync(CancellationToken ct = default) =>
        (await GetAsync(ct)).All;

    public async Task<TenantInfo?> FindBySlugAsync(string slug, CancellationToken ct = default) =>
        (await GetAsync(ct)).BySlug.GetValueOrDefault(slug);

    public async Task<TenantInfo?> FindByHostAsync(string host, CancellationToken ct = default) =>
        (await GetAsync(ct)).ByHost.GetValueOrDefault(host);

    public async Task<TenantInfo?> FindByIdAsync(Guid id, CancellationToken ct = default) =>
        (await GetAsync(ct)).All.FirstOrDefault(t => t.Id == id);

    /// <summary>The hospital record itself (connection string included) — for Tenancy code only.</summary>
    internal async Task<Hospital?> LoadAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = connections.CreateCatalog();
        return await db.Hospitals.AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, ct);
    }

    public void Invalidate() => _snapshot = null;

    public void Dispose() => _refresh.Dispose();

    private async Task<Snapshot> GetAsync(CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && snapshot.ExpiresAt > time.GetUtcNow())
        {
            return snapshot;
        }

        await _refresh.WaitAsync(ct);
        try
        {
            snapshot = _snapshot;
            if (snapshot is not null && snapshot.ExpiresAt > time.GetUtcNow())
            {
                return snapshot;
            }

            await using var db = connections.CreateCatalog();
            var hospitals = await db.Hospitals.AsNoTracking().OrderBy(h => h.Name).ToListAsync(ct);
            var all = hospitals.Select(TenantInfo.From).ToArray();
            snapshot = new Snapshot(
                all,
                all.ToDictionary(t => t.Slug, StringComparer.OrdinalIgnoreCase),
                all.SelectMany(t => t.Hosts.Select(h => (Host: h, Tenant: t)))
                   .ToDictionary(x => x.Host, x => x.Tenant, StringComparer.OrdinalIgnoreCase),
                time.GetUtcNow() + CacheFor);
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private sealed record Snapshot(
        IReadOnlyList<TenantInfo> All,
        Dictionary<string, TenantInfo> BySlug,
        Dictionary<string, TenantInfo> ByHost,
        DateTimeOffset ExpiresAt);
}
