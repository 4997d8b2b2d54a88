using System.Collections.Concurrent;
using ClinicApp.Tenancy;

namespace ClinicApp.Infrastructure.Realtime;

/// <summary>Carries events between the open screens of one hospital. Every publication and
/// subscription names its hospital, so an event never crosses to another hospital's subscribers.
/// This implementation is in-process; a Redis pub/sub one can replace it for several app instances.</summary>
public interface IEventBus
{
    Task PublishAsync<TEvent>(Guid tenantId, TEvent @event)
        where TEvent : notnull;

    IDisposable Subscribe<TEvent>(Guid tenantId, Func<TEvent, Task> handler)
        where TEvent : notnull;
}

public sealed class InProcessEventBus(ILogger<InProcessEventBus> logger) : IEventBus
{
    private readonly ConcurrentDictionary<(Guid Tenant, Type Event), ImmutableHandlers> _handlers = new();

    public async Task PublishAsync<TEvent>(Guid tenantId, TEvent @event)
        where TEvent : notnull
    {
        if (!_handlers.TryGetValue((tenantId, typeof(TEvent)), out var handlers))
        {
            return;
        }

        var tasks = handlers.Items.Select(h => InvokeAsync(h, @event));
        await Task.WhenAll(tasks);
    }

    public IDisposable Subscribe<TEvent>(Guid tenantId, Func<TEvent, Task> handler)
        where TEvent : notnull
    {
        var key = (tenantId, typeof(TEvent));
        var wrapped = new Handler(e => handler((TEvent)e));
        _handlers.AddOrUpdate(key, _ => new ImmutableHandlers([wrapped]), (_, h) => h.With(wrapped));
        return new Subscription(() => _handlers.AddOrUpdate(key, _ => new ImmutableHandlers([]), (_, h) => h.Without(wrapped)));
    }

    /// <summary>How many handlers listen in a hospital (diagnostics and tests).</summary>
    public int SubscriberCount(Guid tenantId) =>
        _handlers.Where(kv => kv.Key.Tenant == tenantId).Sum(kv => kv.Value.Items.Length);

    private async Task InvokeAsync(Handler handler, object @event)
    {
        try
        {
            await handler.Invoke(@event);
        }
#pragma warning disable CA1031 // one failing screen must not stop the event reaching the others
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "An event handler for {EventType} failed", @event.GetType().Name);
        }
    }

    private sealed record Handler(Func<object, Task> Invoke);

    private sealed record ImmutableHandlers(Handler[] Items)
    {
        public ImmutableHandlers With(Handler handler) => new([.. Items, handler]);

        public ImmutableHandlers Without(Handler handler) => new(Items.Where(h => !ReferenceEquals(h, handler)).ToArray());
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}

/// <summary>The event bus as a screen or service of one hospital sees it: the hospital comes
/// from the scoped <see cref="TenantContext"/>, never from the caller.</summary>
public sealed class HospitalEvents(IEventBus bus, TenantContext tenant)
{
    public Task PublishAsync<TEvent>(TEvent @event)
        where TEvent : notnull => bus.PublishAsync(tenant.Tenant.Id, @event);

    public IDisposable Subscribe<TEvent>(Func<TEvent, Task> handler)
        where TEvent : notnull => bus.Subscribe(tenant.Tenant.Id, handler);
}

public static class RealtimeExtensions
{
    public static WebApplicationBuilder AddRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IEventBus, InProcessEventBus>();
        builder.Services.AddScoped<HospitalEvents>();
        builder.Services.AddScoped<LiveUpdates>();
        builder.Services.AddHostedService<MaintenanceWatch>();
        return builder;
    }
}
