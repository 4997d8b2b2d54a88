using System.Globalization;

namespace ClinicApp.Infrastructure.Realtime;

/// <summary>How a screen stays current with what others change in its hospital: it starts a
/// <see cref="LiveView"/> on its own flow, says which events concern it, and disposes it with itself.
/// The only way a screen listens to <see cref="HospitalEvents"/>, so every screen gets the same guarantees.</summary>
public sealed class LiveUpdates(HospitalEvents events, TimeProvider time, ILogger<LiveUpdates> logger)
{
    /// <summary>Call on the screen's own flow (its initialisation): the language it runs in then is the one
    /// every reload and tick runs in, whoever published the event.</summary>
    /// <param name="dispatcher">Runs work on the screen's renderer: the component's <c>InvokeAsync</c>.</param>
    /// <param name="reload">Reloads the screen (and renders it); runs through <paramref name="dispatcher"/>.</param>
    public LiveView Start(Func<Func<Task>, Task> dispatcher, Func<Task> reload) =>
        new(events, time, logger, dispatcher, reload);
}

/// <summary>One screen's live updates. An event that concerns the screen only schedules a reload and
/// returns, so whoever saved never waits for the hospital's open screens. A burst reloads once,
/// <see cref="Debounce"/> after its first event; events that come during a reload cause one more reload
/// after it, not one each. A screen whose reload is costly can ask for a minimum interval between reloads
/// (<see cref="AtMostEvery"/>): what comes sooner waits for the interval's end and reloads once. Reloads and ticks run in the screen's culture, through its dispatcher, and
/// carry nothing else of the publisher's flow. A closed screen's failures are expected and ignored;
/// others are logged, never thrown into the circuit.</summary>
public sealed class LiveView : IDisposable
{
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(30);

    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(30);

    private readonly HospitalEvents _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<Func<Task>, Task> _dispatcher;
    private readonly Func<Task> _reload;
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private readonly CancellationTokenSource _closed = new();
    private readonly CancellationToken _closing;
    private readonly Lock _gate = new();
    private readonly List<IDisposable> _subscriptions = [];
    private PeriodicTimer? _timer;
    private TimeSpan _minimumInterval;
    private DateTimeOffset? _lastReload;
    private bool _reloading;
    private bool _pending;
    private bool _disposed;

    internal LiveView(HospitalEvents events, TimeProvider time, ILogger logger, Func<Func<Task>, Task> dispatcher, Func<Task> reload)
    {
        _events = events;
        _time = time;
        _logger = logger;
        _dispatcher = dispatcher;
        _reload = reload;
        _closing = _closed.Token;
    }

    /// <summary>Reloads on <typeparamref name="TEvent"/> in the screen's hospital, when <paramref name="when"/>
    /// (if given) says the event concerns the screen. The filter runs at once on the publisher's flow, so it
    /// must be cheap; it reads the screen's state as it is then.</summary>
    public LiveView On<TEvent>(Func<TEvent, bool>? when = null)
        where TEvent : notnull
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _subscriptions.Add(_events.Subscribe<TEvent>(e =>
            {
                if (when is null || Concerns(when, e))
                {
                    Schedule();
                }

                return Task.CompletedTask;
            }));
        }

        return this;
    }

    /// <summary>Reloads at most once every <paramref name="interval"/> (on the <see cref="TimeProvider"/>): events
    /// sooner after a reload wait for the interval to end and then reload once together. For screens whose
    /// reload is a heavy query (a dashboard), so a busy hospital's stream of events costs one reload per
    /// interval per screen, not one per burst.</summary>
    public LiveView AtMostEvery(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _minimumInterval = interval;
        }

        return this;
    }

    /// <summary>Runs <paramref name="tick"/> on the screen every <paramref name="every"/> (default
    /// <see cref="TickInterval"/>) on the <see cref="TimeProvider"/>, so what is derived from the clock
    /// ("late", minutes waiting) moves by itself.</summary>
    public LiveView Tick(Func<Task> tick, TimeSpan? every = null)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_timer is not null)
            {
                throw new InvalidOperationException("A live view has one clock.");
            }

            var timer = new PeriodicTimer(every ?? TickInterval, _time);
            _timer = timer;
            Detach(() => TickAsync(timer, tick));
        }

        return this;
    }

    /// <inheritdoc cref="Tick(Func{Task}, TimeSpan?)"/>
    public LiveView Tick(Action tick, TimeSpan? every = null) => Tick(() =>
    {
        tick();
        return Task.CompletedTask;
    }, every);

    public void Dispose()
    {
        IDisposable[] subscriptions;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
        }

        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }

        _timer?.Dispose();
        _closed.Cancel();
        _closed.Dispose();
    }

    /// <summary>A filter may read the culture (a week's first day): it sees the screen's, not the publisher's.</summary>
    private bool Concerns<TEvent>(Func<TEvent, bool> when, TEvent e)
    {
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        if (ReferenceEquals(culture, _culture) && ReferenceEquals(uiCulture, _uiCulture))
        {
            return when(e);
        }

        UseScreenCulture();
        try
        {
            return when(e);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }

    private void Schedule()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _pending = true;
            if (_reloading)
            {
                return;
            }

            _reloading = true;
        }

        Detach(ReloadWhilePendingAsync);
    }

    private async Task ReloadWhilePendingAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(Debounce, _time, _closing);
                if (RestOfInterval() is { } rest)
                {
                    await Task.Delay(rest, _time, _closing);
                }

                lock (_gate)
                {
                    if (!_pending || _disposed)
                    {
                        _reloading = false;
                        return;
                    }

                    _pending = false;
                    _lastReload = _time.GetUtcNow();
                }

                await OnScreenAsync(_reload, "reload");
            }
        }
        catch (OperationCanceledException)
        {
            // The screen closed while a reload was pending.
        }
        catch (ObjectDisposedException)
        {
            // The screen closed while a reload was pending.
        }
    }

    /// <summary>How long the minimum interval since the last reload still runs; null when it is over.</summary>
    private TimeSpan? RestOfInterval()
    {
        lock (_gate)
        {
            if (_lastReload is not { } last)
            {
                return null;
            }

            var rest = last + _minimumInterval - _time.GetUtcNow();
            return rest > TimeSpan.Zero ? rest : null;
        }
    }

    private async Task TickAsync(PeriodicTimer timer, Func<Task> tick)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(_closing))
            {
                await OnScreenAsync(tick, "tick");
            }
        }
        catch (OperationCanceledException)
        {
            // The screen closed.
        }
        catch (ObjectDisposedException)
        {
            // The screen closed between two ticks.
        }
    }

    private async Task OnScreenAsync(Func<Task> work, string what)
    {
        try
        {
            await _dispatcher(work);
        }
        catch (OperationCanceledException)
        {
            // The screen closed while working.
        }
        catch (ObjectDisposedException)
        {
            // The screen's circuit is gone.
        }
#pragma warning disable CA1031 // a screen that fails to refresh stays as it was; its circuit must not fall
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning(ex, "A live screen's {Work} failed", what);
        }
    }

    /// <summary>Starts work apart from the caller's flow: an event arrives on the publisher's flow (another
    /// person's circuit, their request, their language), and none of it may reach this screen's work; the
    /// work gets the screen's culture instead. Returns at once.</summary>
    private void Detach(Func<Task> work)
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            Start();
            return;
        }

        using (ExecutionContext.SuppressFlow())
        {
            Start();
        }

        void Start() => _ = Task.Run(async () =>
        {
            UseScreenCulture();
            await work();
        });
    }

    private void UseScreenCulture()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
