using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClinicApp.Tests.Unit.Realtime;

public sealed class LiveViewTests
{
    private static readonly AsyncLocal<string?> PublishersRequest = new();

    private readonly InProcessEventBus _bus = new(NullLogger<InProcessEventBus>.Instance);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 3, 10, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger _log = new();
    private readonly HospitalEvents _events;
    private int _reloads;

    public LiveViewTests()
    {
        var tenant = new TenantContext();
        tenant.Set(ComponentTestContext.Aurora);
        _events = new HospitalEvents(_bus, tenant);
    }

    private int Reloads => Volatile.Read(ref _reloads);

    [Fact]
    public async Task A_slow_reload_does_not_delay_the_save_that_published()
    {
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var view = Live(TimeProvider.System).Start(Direct, async () =>
        {
            // Part of the work blocks, part awaits: neither may run on the saver's time.
            Thread.Sleep(TimeSpan.FromSeconds(1));
            await Task.Delay(TimeSpan.FromSeconds(1));
            reloaded.TrySetResult();
        }).On<Changed>();

        var clock = Stopwatch.StartNew();
        await _events.PublishAsync(new Changed(1));
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), $"The save waited {clock.Elapsed.TotalMilliseconds} ms for a screen");
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_reload_runs_in_the_viewers_culture_when_the_publisher_works_in_another()
    {
        var seen = new TaskCompletionSource<(string Culture, string UiCulture)>(TaskCreationOptions.RunContinuationsAsynchronously);
        LiveView view;
        using (new CultureScope("pt-BR"))
        {
            view = Live(TimeProvider.System).Start(Direct, () =>
            {
                seen.TrySetResult((CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name));
                return Task.CompletedTask;
            }).On<Changed>();
        }

        using (view)
        {
            await PublishInEnglishAsync(new Changed(1));

            Assert.Equal(("pt-BR", "pt-BR"), await seen.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }

    [Fact]
    public async Task A_filter_reads_the_viewers_culture_and_leaves_the_publishers_alone()
    {
        var filteredIn = new ConcurrentQueue<string>();
        string? publisherAfter = null;
        LiveView view;
        using (new CultureScope("pt-BR"))
        {
            view = Live().Start(Direct, () => Task.CompletedTask).On<Changed>(_ =>
            {
                filteredIn.Enqueue(CultureInfo.CurrentUICulture.Name);
                return false;
            });
        }

        using (view)
        {
            await Task.Run(async () =>
            {
                using var _ = new CultureScope("en");
                await _events.PublishAsync(new Changed(1));
                publisherAfter = CultureInfo.CurrentUICulture.Name;
            });
        }

        Assert.Equal("pt-BR", Assert.Single(filteredIn));
        Assert.Equal("en", publisherAfter);
    }

    [Fact]
    public async Task A_reload_carries_nothing_of_the_publishers_flow()
    {
        var seen = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var view = Live(TimeProvider.System).Start(Direct, () =>
        {
            seen.TrySetResult(PublishersRequest.Value);
            return Task.CompletedTask;
        }).On<Changed>();

        await Task.Run(async () =>
        {
            PublishersRequest.Value = "the saver's request";
            await _events.PublishAsync(new Changed(1));
        });

        Assert.Null(await seen.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task The_reload_runs_through_the_screens_dispatcher()
    {
        var dispatched = 0;
        var insideDispatcher = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inside = false;
        using var view = Live(TimeProvider.System).Start(async work =>
        {
            Interlocked.Increment(ref dispatched);
            inside = true;
            try
            {
                await work();
            }
            finally
            {
                inside = false;
            }
        }, () =>
        {
            insideDispatcher.TrySetResult(inside);
            return Task.CompletedTask;
        }).On<Changed>();

        await _events.PublishAsync(new Changed(1));

        Assert.True(await insideDispatcher.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, dispatched);
    }

    [Fact]
    public async Task A_burst_of_events_reloads_once()
    {
        using var view = Live().Start(Direct, CountReload).On<Changed>();

        for (var i = 0; i < 10; i++)
        {
            await _events.PublishAsync(new Changed(i));
        }

        await AdvanceUntilAsync(() => Reloads > 0);
        await SettleAsync();
        Assert.Equal(1, Reloads);
    }

    [Fact]
    public async Task Events_during_a_running_reload_cause_exactly_one_more_reload_after_it()
    {
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var view = Live().Start(Direct, async () =>
        {
            if (Interlocked.Increment(ref _reloads) == 1)
            {
                firstStarted.TrySetResult();
                await releaseFirst.Task;
            }
        }).On<Changed>();

        await _events.PublishAsync(new Changed(0));
        await AdvanceUntilAsync(() => firstStarted.Task.IsCompleted);
        for (var i = 1; i <= 5; i++)
        {
            await _events.PublishAsync(new Changed(i));
        }

        await SettleAsync();
        Assert.Equal(1, Reloads);
        releaseFirst.TrySetResult();

        await AdvanceUntilAsync(() => Reloads == 2);
        await SettleAsync();
        Assert.Equal(2, Reloads);
    }

    [Fact]
    public async Task With_a_minimum_interval_events_sooner_than_it_wait_and_reload_once_together()
    {
        var interval = TimeSpan.FromSeconds(5);
        using var view = Live().Start(Direct, CountReload).AtMostEvery(interval).On<Changed>();

        await _events.PublishAsync(new Changed(0));
        await AdvanceUntilAsync(() => Reloads == 1);
        var firstReload = _time.GetUtcNow();

        // Events keep coming for three seconds after the reload: none of them reloads inside the interval.
        for (var i = 1; i <= 10; i++)
        {
            await _events.PublishAsync(new Changed(i));
            await SettleAsync();
        }

        Assert.True(_time.GetUtcNow() - firstReload < interval);
        Assert.Equal(1, Reloads);

        await AdvanceUntilAsync(() => Reloads == 2);
        Assert.True(_time.GetUtcNow() - firstReload >= interval);
        await SettleAsync();
        Assert.Equal(2, Reloads);
    }

    [Fact]
    public async Task With_a_minimum_interval_an_event_after_a_quiet_interval_reloads_without_waiting_more()
    {
        using var view = Live().Start(Direct, CountReload).AtMostEvery(TimeSpan.FromSeconds(5)).On<Changed>();
        await _events.PublishAsync(new Changed(0));
        await AdvanceUntilAsync(() => Reloads == 1);
        _time.Advance(TimeSpan.FromSeconds(6));

        await _events.PublishAsync(new Changed(1));
        var published = _time.GetUtcNow();
        await AdvanceUntilAsync(() => Reloads == 2);

        Assert.True(_time.GetUtcNow() - published < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Only_events_the_filter_accepts_reload_the_screen()
    {
        using var view = Live().Start(Direct, CountReload).On<Changed>(c => c.Number == 7);

        await _events.PublishAsync(new Changed(1));
        await _events.PublishAsync(new Changed(2));
        await SettleAsync();
        Assert.Equal(0, Reloads);

        await _events.PublishAsync(new Changed(7));
        await AdvanceUntilAsync(() => Reloads == 1);
    }

    [Fact]
    public async Task Each_event_type_a_screen_listens_to_reloads_it()
    {
        using var view = Live().Start(Direct, CountReload).On<Changed>(c => c.Number == 1).On<Alerted>();

        await _events.PublishAsync(new Alerted("ward"));
        await AdvanceUntilAsync(() => Reloads == 1);

        await _events.PublishAsync(new Changed(1));
        await AdvanceUntilAsync(() => Reloads == 2);

        await _events.PublishAsync(new Ignored());
        await SettleAsync();
        Assert.Equal(2, Reloads);
    }

    [Fact]
    public async Task Events_of_another_hospital_do_not_reload_the_screen()
    {
        using var view = Live().Start(Direct, CountReload).On<Changed>();

        await _bus.PublishAsync(Guid.CreateVersion7(), new Changed(1));
        await SettleAsync();

        Assert.Equal(0, Reloads);
        Assert.Equal(1, _bus.SubscriberCount(ComponentTestContext.Aurora.Id));
    }

    [Fact]
    public async Task The_clock_ticks_every_thirty_seconds_in_the_viewers_culture()
    {
        var tickedIn = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        LiveView view;
        using (new CultureScope("pt-BR"))
        {
            view = Live().Start(Direct, CountReload).Tick(() => tickedIn.TrySetResult(CultureInfo.CurrentUICulture.Name));
        }

        using (view)
        using (new CultureScope("en"))
        {
            _time.Advance(TimeSpan.FromSeconds(29));
            await Task.Delay(50);
            Assert.False(tickedIn.Task.IsCompleted);

            _time.Advance(TimeSpan.FromSeconds(1));

            Assert.Equal("pt-BR", await tickedIn.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.Equal(0, Reloads);
    }

    [Fact]
    public void A_closed_screen_stops_listening()
    {
        var view = Live().Start(Direct, CountReload).On<Changed>().On<Alerted>();
        Assert.Equal(2, _bus.SubscriberCount(ComponentTestContext.Aurora.Id));

        view.Dispose();
        view.Dispose();

        Assert.Equal(0, _bus.SubscriberCount(ComponentTestContext.Aurora.Id));
        Assert.Throws<ObjectDisposedException>(() => view.On<Changed>());
    }

    [Fact]
    public async Task Closing_the_screen_cancels_its_pending_reload_and_stops_its_clock()
    {
        var ticks = 0;
        var view = Live().Start(Direct, CountReload).On<Changed>().Tick(() => Interlocked.Increment(ref ticks));
        await _events.PublishAsync(new Changed(1));

        view.Dispose();
        await _events.PublishAsync(new Changed(2));
        _time.Advance(TimeSpan.FromMinutes(2));
        await SettleAsync();

        Assert.Equal(0, Reloads);
        Assert.Equal(0, Volatile.Read(ref ticks));
    }

    [Fact]
    public async Task A_failing_reload_is_logged_and_the_next_event_reloads_again()
    {
        using var view = Live().Start(Direct, () => Interlocked.Increment(ref _reloads) switch
        {
            1 => throw new InvalidOperationException("database down"),
            2 => throw new OperationCanceledException(),
            3 => throw new ObjectDisposedException("circuit"),
            _ => Task.CompletedTask,
        }).On<Changed>();

        for (var expected = 1; expected <= 4; expected++)
        {
            await _events.PublishAsync(new Changed(expected));
            await AdvanceUntilAsync(() => Reloads == expected);
        }

        var failure = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Warning, failure.Level);
        Assert.IsType<InvalidOperationException>(failure.Error);
    }

    private LiveUpdates Live(TimeProvider? time = null) => new(_events, time ?? _time, _log);

    /// <summary>The tests have no renderer: work runs where the view calls it.</summary>
    private static Task Direct(Func<Task> work) => work();

    private Task CountReload()
    {
        Interlocked.Increment(ref _reloads);
        return Task.CompletedTask;
    }

    private Task PublishInEnglishAsync<TEvent>(TEvent @event)
        where TEvent : notnull => Task.Run(async () =>
        {
            using var _ = new CultureScope("en");
            await _events.PublishAsync(@event);
        });

    /// <summary>Moves the fake clock past the debounce until <paramref name="done"/>; the view's timers start
    /// on the thread pool, so one step may land before they exist.</summary>
    private async Task AdvanceUntilAsync(Func<bool> done)
    {
        for (var i = 0; i < 500 && !done(); i++)
        {
            _time.Advance(LiveView.Debounce);
            await Task.Delay(10);
        }

        Assert.True(done(), "The screen did not reload in time");
    }

    /// <summary>Lets anything still scheduled run (it must not).</summary>
    private async Task SettleAsync()
    {
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(LiveView.Debounce);
            await Task.Delay(15);
        }
    }

    private sealed record Changed(int Number);

    private sealed record Alerted(string Ward);

    private sealed record Ignored;

    private sealed class RecordingLogger : ILogger<LiveUpdates>
    {
        public ConcurrentQueue<(LogLevel Level, Exception? Error)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, exception));
    }
}
