using System.Collections.Concurrent;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Account;

/// <summary>Published when an admin changes the hospital's sign-in rules.</summary>
public sealed record SecuritySettingsChanged;

/// <summary>Each hospital's sign-in rules, read once and kept: every request of an administrator
/// asks whether two-factor is required, and that must not cost a database read. A change
/// (<see cref="SecuritySettingsChanged"/>) drops the entry at once; the entry also lapses after a
/// minute, so another instance's change is seen without an event.</summary>
public sealed class SecurityPolicyCache(IEventBus bus, TenantScopes scopes, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly PerHospitalSubscriptions<SecuritySettingsChanged> _changes = new(bus);
    private long _generation;

    public async Task<bool> RequiresAdminTwoFactorAsync(TenantInfo tenant)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(tenant.Id, out var cached) && cached.Until > now)
        {
            return cached.RequireAdminTwoFactor;
        }

        EnsureSubscribed(tenant.Id);
        // A change published while we read must win over what we read.
        var generation = Interlocked.Read(ref _generation);
        bool required;
        await using (var scope = scopes.Create(tenant, "security-policy"))
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
            required = await db.SecuritySettings.AsNoTracking().AnyAsync(s => s.RequireTwoFactorForAdmins);
        }

        if (Interlocked.Read(ref _generation) == generation)
        {
            _entries[tenant.Id] = new Entry(required, now.Add(Lifetime));
        }

        return required;
    }

    public void Forget(Guid tenantId)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(tenantId, out _);
    }

    public void Dispose() => _changes.Dispose();

    private void EnsureSubscribed(Guid tenantId) => _changes.Ensure(tenantId, _ =>
        {
            Forget(tenantId);
            return Task.CompletedTask;
        });

    private sealed record Entry(bool RequireAdminTwoFactor, DateTimeOffset Until);
}
