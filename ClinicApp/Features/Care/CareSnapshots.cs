using System.Collections.Concurrent;
using ClinicApp.Infrastructure.Realtime;

namespace ClinicApp.Features.Care;

/// <summary>A care screen's data as all its open screens in a hospital share it (see <see cref="CareSnapshots{TView}"/>).</summary>
public interface ISharedCareView<TView>
    where TView : class
{
    DateTime LoadedAtUtc { get; }

    /// <summary>This view with the parts that did not change taken from <paramref name="earlier"/>, so the screens
    /// still holding an earlier view share them in memory (or this view itself).</summary>
    TView SharingWith(TView? earlier);
}

/// <summary>One view per hospital shared by every open screen of that hospital (the board, the RAM): when a
/// dose is given, the twenty screens that reload within the same moment run the queries once and share the
/// (immutable) view, instead of twenty times with twenty copies in memory. A snapshot is dropped on any
/// change of the hospital's care (<see cref="CareChanged"/>, <see cref="VitalsAlertRaised"/>): after one,
/// every screen waits for the new load. Past <see cref="MaxAge"/> without such a change, the next caller
/// starts a reload and, until it lands, callers get the snapshot they had (a change no event announced
/// shows within <see cref="MaxAge"/> plus one load). Keys carry the hospital: no hospital ever sees
/// another's data.</summary>
public sealed class CareSnapshots<TView>(IEventBus bus)
    where TView : class, ISharedCareView<TView>
{
    /// <summary>Long enough to serve a burst of reloads, short enough that a change no event announced
    /// shows within seconds.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<Guid, Hospital> _hospitals = new();

    /// <summary>The hospital's current view, loaded by <paramref name="load"/> only when there is none
    /// fresh; concurrent callers share one load.</summary>
    /// <param name="part">A part of the screen loaded on its own (a ward), if any.</param>
    public Task<TView> GetAsync(Guid tenantId, Guid? part, DateTime nowUtc, Func<Task<TView>> load)
    {
        var hospital = _hospitals.GetOrAdd(tenantId, id => new Hospital(bus, id));
        var generation = Volatile.Read(ref hospital.Generation);
        var key = part ?? Guid.Empty;
        var entry = hospital.Entries.AddOrUpdate(
            key,
            _ => Entry.Start(generation, nowUtc, () => hospital.LoadSharingAsync(key, load), previous: null),
            (_, current) => current.Generation != generation || current.Task.IsFaulted || current.Task.IsCanceled
                ? Entry.Start(generation, nowUtc, () => hospital.LoadSharingAsync(key, load), previous: null)
                : nowUtc - current.StartedAt < MaxAge
                    ? current
                    : Entry.Start(generation, nowUtc, () => hospital.LoadSharingAsync(key, load), previous: current.Latest));
        return entry.Task.IsCompleted || entry.Previous is null ? entry.Task : Task.FromResult(entry.Previous);
    }

    /// <summary>The hospital's shared view as it stands, without loading anything: null when there is none
    /// (nothing loaded yet, or dropped by a change since).</summary>
    public TView? Current(Guid tenantId, Guid? part) =>
        _hospitals.TryGetValue(tenantId, out var hospital)
        && hospital.Entries.TryGetValue(part ?? Guid.Empty, out var entry)
        && entry.Generation == Volatile.Read(ref hospital.Generation)
            ? entry.Latest
            : null;

    /// <summary>The hospital's shared view in place of <paramref name="restored"/> (a copy handed over from
    /// prerendering) when the shared one is at least as new; else <paramref name="restored"/>. No query either
    /// way: adopting spares each open screen its own copy in memory, and shows anything newer at once.</summary>
    public TView Adopt(Guid tenantId, Guid? part, TView restored) =>
        Current(tenantId, part) is { } latest && latest.LoadedAtUtc >= restored.LoadedAtUtc ? latest : restored;

    private sealed class Hospital
    {
        public readonly ConcurrentDictionary<Guid, Entry> Entries = new();
        public int Generation;

        /// <summary>The last view loaded per key, whatever its generation: only to share unchanged parts with.</summary>
        private readonly ConcurrentDictionary<Guid, TView> _last = new();

        // Lives as long as the app: one pair of handlers per hospital with such a screen open since start.
        private readonly IDisposable _changes;
        private readonly IDisposable _alerts;

        public Hospital(IEventBus bus, Guid tenantId)
        {
            _changes = bus.Subscribe<CareChanged>(tenantId, _ => Invalidate());
            _alerts = bus.Subscribe<VitalsAlertRaised>(tenantId, _ => Invalidate());
        }

        public async Task<TView> LoadSharingAsync(Guid key, Func<Task<TView>> load)
        {
            var view = (await load()).SharingWith(_last.GetValueOrDefault(key));
            _last[key] = view;
            return view;
        }

        private Task Invalidate()
        {
            Interlocked.Increment(ref Generation);
            Entries.Clear();
            return Task.CompletedTask;
        }
    }

    /// <param name="Previous">What callers get while <paramref name="Task"/> reloads an expired snapshot of the
    /// same generation (none after a change).</param>
    private sealed record Entry(int Generation, DateTime StartedAt, Task<TView> Task, TView? Previous)
    {
        /// <summary>The newest view this entry holds.</summary>
        public TView? Latest => Task.IsCompletedSuccessfully ? Task.Result : Previous;

        // The load runs apart from the first caller's cancellation: others wait on it too.
        public static Entry Start(int generation, DateTime nowUtc, Func<Task<TView>> load, TView? previous) =>
            new(generation, nowUtc, System.Threading.Tasks.Task.Run(load), previous);
    }
}
