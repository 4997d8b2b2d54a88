using System.Globalization;
using ClinicApp.Features.Care;
using ClinicApp.Infrastructure.Realtime;

namespace ClinicApp.Features.Hospitalizations;

/// <summary>Keeps an open care screen (the board, a stay's page, a vet's patients) current: reloads it
/// when a <see cref="CareChanged"/> (or a vitals alert) it cares about arrives, once per burst — a
/// prescription of nine doses or a round of the ward reloads once, <see cref="Debounce"/> after the
/// first event — and, if asked, re-renders on a clock tick so what is derived from the time ("late")
/// moves by itself. Dispose with the screen.</summary>
public sealed class CareLive : IDisposable
{
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(30);

    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(30);

    private readonly List<IDisposable> _subscriptions = [];
    private readonly PeriodicTimer? _timer;
    private readonly Func<Task> _reload;
    private readonly TimeProvider _time;
    private readonly CancellationToken _ct;
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private int _pending;

    /// <param name="touches">Whether a change concerns the screen.</param>
    /// <param name="reload">Reloads the screen, on its own dispatcher (the component's InvokeAsync).</param>
    /// <param name="tick">Re-renders the screen on its dispatcher every <see cref="TickInterval"/>; null: no tick.</param>
    /// <param name="alerts">Also reload on a vitals alert (the board shows the values).</param>
    public CareLive(HospitalEvents events, TimeProvider time, Func<CareChanged, bool> touches, Func<Task> reload, Func<Task>? tick, CancellationToken ct, bool alerts = false)
    {
        _reload = reload;
        _time = time;
        _ct = ct;
        _subscriptions.Add(events.Subscribe<CareChanged>(change =>
        {
            if (touches(change))
            {
                Schedule();
            }

            return Task.CompletedTask;
        }));
        if (alerts)
        {
            _subscriptions.Add(events.Subscribe<VitalsAlertRaised>(_ =>
            {
                Schedule();
                return Task.CompletedTask;
            }));
        }

        if (tick is not null)
        {
            _timer = new PeriodicTimer(TickInterval, time);
            _ = TickAsync(tick);
        }
    }

    public void Dispose()
    {
        _subscriptions.ForEach(s => s.Dispose());
        _timer?.Dispose();
    }

    /// <summary>Not awaited: the bus awaits its handlers, and whoever saved must not wait for every
    /// open screen of the hospital to reload.</summary>
    private void Schedule()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _ = ReloadSoonAsync();
        }
    }

    private async Task ReloadSoonAsync()
    {
        // The event arrives on the publisher's flow — another person's circuit, perhaps in another
        // language: reload in this screen's language.
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        try
        {
            await Task.Delay(Debounce, _time, _ct);
            Interlocked.Exchange(ref _pending, 0);
            await _reload();
        }
        catch (OperationCanceledException)
        {
            // The screen closed.
        }
        catch (ObjectDisposedException)
        {
            // The screen's circuit is gone.
        }
    }

    private async Task TickAsync(Func<Task> tick)
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        try
        {
            while (await _timer!.WaitForNextTickAsync(_ct))
            {
                await tick();
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
}
