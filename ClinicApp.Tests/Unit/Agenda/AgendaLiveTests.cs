using System.Globalization;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Agenda;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClinicApp.Tests.Unit.Agenda;

public sealed class AgendaLiveTests
{
    private readonly InProcessEventBus _bus = new(NullLogger<InProcessEventBus>.Instance);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 3, 10, 12, 0, 0, TimeSpan.Zero));
    private readonly HospitalEvents _events;

    public AgendaLiveTests()
    {
        var tenant = new TenantContext();
        tenant.Set(ComponentTestContext.Aurora);
        _events = new HospitalEvents(_bus, tenant);
    }

    [Fact]
    public async Task A_change_on_a_shown_day_reloads_the_screen_and_one_elsewhere_does_not()
    {
        var reloads = 0;
        var reloaded = new TaskCompletionSource();
        using var live = new AgendaLive(_events, _time, () => (Items.Day, Items.Day.AddDays(6)), () =>
        {
            reloads++;
            reloaded.TrySetResult();
            return Task.CompletedTask;
        }, () => Task.CompletedTask, CancellationToken.None);

        await _events.PublishAsync(Changed(Items.Day.AddDays(10)));
        await _events.PublishAsync(Changed(Items.Day.AddDays(3)));

        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, reloads);
    }

    [Fact]
    public async Task A_change_published_in_another_language_reloads_the_screen_in_its_own()
    {
        var reloadedIn = new TaskCompletionSource<string>();
        AgendaLive live;
        using (new CultureScope("pt-BR"))
        {
            live = new AgendaLive(_events, _time, () => (Items.Day, Items.Day), () =>
            {
                reloadedIn.TrySetResult(CultureInfo.CurrentUICulture.Name);
                return Task.CompletedTask;
            }, () => Task.CompletedTask, CancellationToken.None);
        }

        using (live)
        using (new CultureScope("en"))
        {
            await _events.PublishAsync(Changed(Items.Day));
            Assert.Equal("pt-BR", await reloadedIn.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        }
    }

    [Fact]
    public async Task A_move_away_from_a_shown_day_reloads_it_too()
    {
        var reloaded = new TaskCompletionSource();
        using var live = new AgendaLive(_events, _time, () => (Items.Day, Items.Day), () =>
        {
            reloaded.TrySetResult();
            return Task.CompletedTask;
        }, () => Task.CompletedTask, CancellationToken.None);

        await _events.PublishAsync(Changed(Items.Day.AddDays(20)) with { PreviousDay = Items.Day, Change = AppointmentChange.Moved });

        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_clock_re_renders_the_screen_every_thirty_seconds()
    {
        var ticks = new TaskCompletionSource();
        using var live = new AgendaLive(_events, _time, () => (Items.Day, Items.Day), () => Task.CompletedTask, () =>
        {
            ticks.TrySetResult();
            return Task.CompletedTask;
        }, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(ticks.Task.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        await ticks.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_closed_screen_stops_listening()
    {
        var live = new AgendaLive(_events, _time, () => (Items.Day, Items.Day), () => Task.CompletedTask, () => Task.CompletedTask, CancellationToken.None);
        Assert.Equal(1, _bus.SubscriberCount(ComponentTestContext.Aurora.Id));

        live.Dispose();

        Assert.Equal(0, _bus.SubscriberCount(ComponentTestContext.Aurora.Id));
    }

    private static AppointmentChanged Changed(DateOnly day) =>
        new(Guid.NewGuid(), day, null, AppointmentChange.Booked, AppointmentStatus.Scheduled);
}
