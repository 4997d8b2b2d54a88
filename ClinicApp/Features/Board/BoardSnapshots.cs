using System.Collections.Concurrent;
using ClinicApp.Features.Care;
using ClinicApp.Infrastructure.Realtime;

namespace ClinicApp.Features.Board;

/// <summary>One board per hospital shared by every open board of that hospital: when a dose is given,
/// the twenty boards that reload within the same moment run the board's queries once and share the
/// (immutable) view, instead of twenty times with twenty copies in memory. A snapshot is dropped on any
/// change of the hospital's care (<see cref="CareChanged"/>, <see cref="VitalsAlertRaised"/>) and is never
/// older than <see cref="MaxAge"/>. Keys carry the hospital: no hospital ever sees another's board.</summary>
public sealed class BoardSnapshots(IEventBus bus)
{
    /// <summary>Long enough to serve a burst of reloads, short enough that a change no event announced
    /// shows within seconds.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<Guid, Hospital> _hospitals = new();

    /// <summary>The hospital's current board, loaded by <paramref name="load"/> only when there is none
    /// fresh; concurrent callers share one load.</summary>
    public Task<BoardView> GetAsync(Guid tenantId, Guid? wardId, DateTime nowUtc, Func<Task<BoardView>> load)
    {
        var hospital = _hospitals.GetOrAdd(tenantId, id => new Hospital(bus, id));
        var generation = Volatile.Read(ref hospital.Generation);
        var entry = hospital.Entries.AddOrUpdate(
            wardId ?? Guid.Empty,
            _ => Entry.Start(generation, nowUtc, load),
            (_, current) => current.Generation == generation && nowUtc - current.StartedAt < MaxAge && !current.Task.IsFaulted && !current.Task.IsCanceled
                ? current
                : Entry.Start(generation, nowUtc, load));
        return entry.Task;
    }

    private sealed class Hospital
    {
        public readonly ConcurrentDictionary<Guid, Entry> Entries = new();
        public int Generation;

        // Lives as long as the app: one pair of handlers per hospital with a board open since start.
        private readonly IDisposable _changes;
        private readonly IDisposable _alerts;

        public Hospital(IEventBus bus, Guid tenantId)
        {
            _changes = bus.Subscribe<CareChanged>(tenantId, _ => Invalidate());
            _alerts = bus.Subscribe<VitalsAlertRaised>(tenantId, _ => Invalidate());
        }

        private Task Invalidate()
        {
            Interlocked.Increment(ref Generation);
            Entries.Clear();
            return Task.CompletedTask;
        }
    }

    private sealed record Entry(int Generation, DateTime StartedAt, Task<BoardView> Task)
    {
        // The load runs apart from the first caller's cancellation: others wait on it too.
        public static Entry Start(int generation, DateTime nowUtc, Func<Task<BoardView>> load) =>
            new(generation, nowUtc, System.Threading.Tasks.Task.Run(load));
    }
}
