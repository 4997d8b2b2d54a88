using System.Collections.Concurrent;

namespace ClinicApp.Infrastructure.Realtime;

/// <summary>One subscription per hospital to <typeparamref name="TEvent"/>, made the first time a hospital
/// is seen and kept for the owner's life: how a process-wide cache hears the changes that empty it.</summary>
public sealed class PerHospitalSubscriptions<TEvent>(IEventBus bus) : IDisposable
    where TEvent : notnull
{
    private readonly ConcurrentDictionary<Guid, IDisposable> _subscriptions = new();

    /// <summary>Subscribes <paramref name="handler"/> for the hospital unless it already is (the first caller wins).</summary>
    public void Ensure(Guid tenantId, Func<TEvent, Task> handler)
    {
        if (_subscriptions.ContainsKey(tenantId))
        {
            return;
        }

        var subscription = bus.Subscribe(tenantId, handler);
        if (!_subscriptions.TryAdd(tenantId, subscription))
        {
            subscription.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions.Values)
        {
            subscription.Dispose();
        }
    }
}
