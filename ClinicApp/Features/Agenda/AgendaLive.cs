using System.Globalization;
using ClinicApp.Infrastructure.Realtime;

namespace ClinicApp.Features.Agenda;

/// <summary>Keeps an open agenda screen current: reloads it when an appointment of the days it shows
/// is booked, moved or changes status, and re-renders it on a clock tick so what is derived from the
/// time ("late", minutes waiting, the "now" line) moves by itself. Dispose with the screen.</summary>
public sealed class AgendaLive : IDisposable
{
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(30);

    private readonly IDisposable _subscription;
    private readonly PeriodicTimer _timer;
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    /// <param name="range">The days the screen shows now (read at each event: the screen may have moved).</param>
    /// <param name="reload">Reloads the screen, on its own dispatcher (the component's InvokeAsync).</param>
    /// <param name="tick">Re-renders the screen, on its own dispatcher.</param>
    public AgendaLive(HospitalEvents events, TimeProvider time, Func<(DateOnly From, DateOnly To)> range, Func<Task> reload, Func<Task> tick, CancellationToken ct)
    {
        _subscription = events.Subscribe<AppointmentChanged>(change =>
        {
            var (from, to) = range();
            if (change.Touches(from, to))
            {
                // Not awaited: the bus awaits its handlers, and the desk that saved must not wait
                // for every open screen of the hospital to reload.
                _ = RunAsync(reload);
            }

            return Task.CompletedTask;
        });
        _timer = new PeriodicTimer(TickInterval, time);
        _ = TickAsync(tick, ct);
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _timer.Dispose();
    }

    private async Task TickAsync(Func<Task> tick, CancellationToken ct)
    {
        UseScreenCulture();
        try
        {
            while (await _timer.WaitForNextTickAsync(ct))
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

    /// <summary>An event arrives on the publisher's flow — another person's circuit, perhaps in another
    /// language: the screen reloads in its own.</summary>
    private void UseScreenCulture()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }

    private async Task RunAsync(Func<Task> work)
    {
        UseScreenCulture();
        try
        {
            await work();
        }
        catch (OperationCanceledException)
        {
            // The screen closed while reloading.
        }
        catch (ObjectDisposedException)
        {
            // The screen's circuit is gone.
        }
    }
}
