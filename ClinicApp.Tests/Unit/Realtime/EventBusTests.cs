using System.Collections.Concurrent;
using ClinicApp.Data.Catalog;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClinicApp.Tests.Unit.Realtime;

public sealed class EventBusTests
{
    private static readonly TenantInfo Aurora = Hospital("aurora");
    private static readonly TenantInfo BoaVista = Hospital("boa-vista");

    private readonly InProcessEventBus _bus = new(NullLogger<InProcessEventBus>.Instance);

    [Fact]
    public async Task An_event_reaches_the_subscribers_of_its_hospital_only()
    {
        var aurora = new ConcurrentQueue<PatientArrived>();
        var alsoAurora = new ConcurrentQueue<PatientArrived>();
        var boaVista = new ConcurrentQueue<PatientArrived>();
        using var a1 = _bus.Subscribe<PatientArrived>(Aurora.Id, e => Record(aurora, e));
        using var a2 = _bus.Subscribe<PatientArrived>(Aurora.Id, e => Record(alsoAurora, e));
        using var b = _bus.Subscribe<PatientArrived>(BoaVista.Id, e => Record(boaVista, e));

        await _bus.PublishAsync(Aurora.Id, new PatientArrived("Rex"));

        Assert.Equal("Rex", Assert.Single(aurora).Name);
        Assert.Equal("Rex", Assert.Single(alsoAurora).Name);
        Assert.Empty(boaVista);
    }

    [Fact]
    public async Task A_disposed_subscription_receives_nothing_more()
    {
        var received = new ConcurrentQueue<PatientArrived>();
        var subscription = _bus.Subscribe<PatientArrived>(Aurora.Id, e => Record(received, e));
        await _bus.PublishAsync(Aurora.Id, new PatientArrived("Rex"));

        subscription.Dispose();
        subscription.Dispose();
        await _bus.PublishAsync(Aurora.Id, new PatientArrived("Mimi"));

        Assert.Equal("Rex", Assert.Single(received).Name);
        Assert.Equal(0, _bus.SubscriberCount(Aurora.Id));
    }

    [Fact]
    public async Task Disposing_one_subscription_leaves_the_others_listening()
    {
        var kept = new ConcurrentQueue<PatientArrived>();
        var dropped = new ConcurrentQueue<PatientArrived>();
        using var keep = _bus.Subscribe<PatientArrived>(Aurora.Id, e => Record(kept, e));
        var drop = _bus.Subscribe<PatientArrived>(Aurora.Id, e => Record(dropped, e));

        drop.Dispose();
        await _bus.PublishAsync(Aurora.Id, new PatientArrived("Rex"));

        Assert.Single(kept);
        Assert.Empty(dropped);
        Assert.Equal(1, _bus.SubscriberCount(Aurora.Id));
    }

    [Fact]
    public async Task A_failing_handler_does_not_stop_the_others()
    {
        var received = new ConcurrentQueue<PatientArrived>();
        using var throwsAtOnce = _bus.Subscribe<PatientArrived>(Aurora.Id, _ => throw new InvalidOperationException("screen gone"));
        using var faults = _bus.Subscribe<PatientArrived>(Aurora.Id, async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("screen gone later");
        });
        using var works = _bus.Subscribe<PatientArrived>(Aurora.Id, e => Record(received, e));

        await _bus.PublishAsync(Aurora.Id, new PatientArrived("Rex"));

        Assert.Equal("Rex", Assert.Single(received).Name);
    }

    [Fact]
    public async Task Events_of_another_type_do_not_reach_a_subscriber()
    {
        var arrivals = new ConcurrentQueue<PatientArrived>();
        var payments = new ConcurrentQueue<InvoicePaid>();
        using var a = _bus.Subscribe<PatientArrived>(Aurora.Id, e => Record(arrivals, e));
        using var p = _bus.Subscribe<InvoicePaid>(Aurora.Id, e => Record(payments, e));

        await _bus.PublishAsync(Aurora.Id, new InvoicePaid(120.50m));

        Assert.Empty(arrivals);
        Assert.Equal(120.50m, Assert.Single(payments).Amount);
    }

    [Fact]
    public async Task Publishing_with_no_subscribers_is_harmless()
    {
        await _bus.PublishAsync(Aurora.Id, new PatientArrived("Rex"));

        Assert.Equal(0, _bus.SubscriberCount(Aurora.Id));
    }

    [Fact]
    public async Task Hospital_events_publish_and_subscribe_under_the_current_hospital()
    {
        var tenant = new TenantContext();
        tenant.Set(Aurora);
        var events = new HospitalEvents(_bus, tenant);
        var aurora = new ConcurrentQueue<PatientArrived>();
        var boaVista = new ConcurrentQueue<PatientArrived>();
        var viaHospitalEvents = new ConcurrentQueue<PatientArrived>();
        using var a = _bus.Subscribe<PatientArrived>(Aurora.Id, e => Record(aurora, e));
        using var b = _bus.Subscribe<PatientArrived>(BoaVista.Id, e => Record(boaVista, e));
        using var mine = events.Subscribe<PatientArrived>(e => Record(viaHospitalEvents, e));

        await events.PublishAsync(new PatientArrived("Rex"));
        await _bus.PublishAsync(BoaVista.Id, new PatientArrived("Mimi"));

        Assert.Equal("Rex", Assert.Single(aurora).Name);
        Assert.Equal("Mimi", Assert.Single(boaVista).Name);
        Assert.Equal("Rex", Assert.Single(viaHospitalEvents).Name);
        Assert.Equal(2, _bus.SubscriberCount(Aurora.Id));
    }

    [Fact]
    public async Task Hospital_events_without_a_hospital_fail_closed()
    {
        var events = new HospitalEvents(_bus, new TenantContext());
        var anyone = new ConcurrentQueue<PatientArrived>();
        using var a = _bus.Subscribe<PatientArrived>(Aurora.Id, e => Record(anyone, e));

        await Assert.ThrowsAsync<TenantUnavailableException>(() => events.PublishAsync(new PatientArrived("Rex")));
        Assert.Throws<TenantUnavailableException>(() => events.Subscribe<PatientArrived>(_ => Task.CompletedTask));
        Assert.Empty(anyone);
    }

    private static Task Record<T>(ConcurrentQueue<T> queue, T item)
    {
        queue.Enqueue(item);
        return Task.CompletedTask;
    }

    private static TenantInfo Hospital(string slug) =>
        new(Guid.CreateVersion7(), slug, slug, "pt-BR", "America/Sao_Paulo", "BRL", HospitalStatus.Active, []);

    public sealed record PatientArrived(string Name);

    public sealed record InvoicePaid(decimal Amount);
}
