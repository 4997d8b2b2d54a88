using ClinicApp.Features.Care;
using ClinicApp.Infrastructure.Realtime;

namespace ClinicApp.Features.Ram;

/// <summary>Keeps an open RAM screen current: reloads it after a change of care anywhere in the
/// hospital (a burst of changes — a nurse's round, twenty nurses at once — is one reload after
/// <see cref="Debounce"/>), and ticks every <see cref="TickInterval"/> so what the clock decides
/// ("late") moves by itself. Dispose with the screen.</summary>
public sealed class RamLive : IDisposable
{
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(30);

    private readonly IDisposable _subscription;
    private readonly PeriodicTimer _timer;
    private readonly TimeProvider _time;
    private readonly Func<Task> _reload;
    private readonly CancellationToken _ct;
    private int _pending;

    /// <param name="touches">Whether a change concerns the screen (e.g. one patient's grid); all when null.</param>
    /// <param name="reload">Reloads the screen, on its own dispatcher (the component's InvokeAsync).</param>
    /// <param name="tick">Re-renders the screen, on its own dispatcher.</param>
    public RamLive(HospitalEvents events, TimeProvider time, Func<CareChanged, bool>? touches, Func<Task> reload, Func<Task> tick, CancellationToken ct)
    {
        _time = time;
        _reload = reload;
        _ct = ct;
        _subscription = events.Subscribe<CareChanged>(change =>
        {
            // Not awaited: the bus awaits its handlers, and the nurse who saved must not wait for
            // every open screen of the hospital to reload.
            if ((touches is null || touches(change)) && Interlocked.Exchange(ref _pending, 1) == 0)
            {
                _ = ReloadSoonAsync();
            }

            return Task.CompletedTask;
        });
        _timer = new PeriodicTimer(TickInterval, time);
        _ = TickAsync(tick);
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _timer.Dispose();
    }

    private async Task ReloadSoonAsync()
    {
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
        try
        {
            while (await _timer.WaitForNextTickAsync(_ct))
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
