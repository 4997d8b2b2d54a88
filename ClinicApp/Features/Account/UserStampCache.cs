using System.Collections.Concurrent;
using ClinicApp.Infrastructure.Realtime;
using Microsoft.Extensions.Options;

namespace ClinicApp.Features.Account;

/// <summary>Each user's current security stamp (null when deactivated or gone), kept a few seconds
/// so that every request can check its cookie without a database read each time. An admin's change
/// (<see cref="UserChanged"/>) drops the entry at once, so a deactivated user's next request fails
/// instead of working until Identity's periodic check.</summary>
public sealed class UserStampCache(IEventBus bus, TimeProvider time, IOptions<SecurityOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<(Guid Tenant, Guid User), Entry> _entries = new();
    private readonly PerHospitalSubscriptions<UserChanged> _changes = new(bus);
    private long _generation;

    /// <summary>The user's stamp if they are active; <paramref name="load"/> reads it when the cached
    /// one is missing or older than <see cref="SecurityOptions.StampCacheSeconds"/>.</summary>
    public async Task<string?> StampAsync(Guid tenantId, Guid userId, Func<Task<string?>> load)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue((tenantId, userId), out var cached) && cached.Until > now)
        {
            return cached.Stamp;
        }

        EnsureSubscribed(tenantId);
        // A change published while we read must win over what we read.
        var generation = Interlocked.Read(ref _generation);
        var stamp = await load();
        if (Interlocked.Read(ref _generation) == generation)
        {
            _entries[(tenantId, userId)] = new Entry(stamp, now.AddSeconds(options.Value.StampCacheSeconds));
        }

        return stamp;
    }

    /// <summary>Drops a user's entry: the next request reads the database.</summary>
    public void Forget(Guid tenantId, Guid userId)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove((tenantId, userId), out _);
    }

    public void Dispose() => _changes.Dispose();

    private void EnsureSubscribed(Guid tenantId) => _changes.Ensure(tenantId, e =>
        {
            Forget(tenantId, e.UserId);
            return Task.CompletedTask;
        });

    private sealed record Entry(string? Stamp, DateTimeOffset Until);
}
