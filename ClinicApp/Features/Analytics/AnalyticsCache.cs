using System.Globalization;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Agenda;
using ClinicApp.Features.Invoices;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;

namespace ClinicApp.Features.Analytics;

/// <summary>What a cached dashboard is for: one hospital, one period, one view (null = the hospital's, else a
/// veterinarian's own) in one language (titles and labels are already translated).</summary>
public sealed record AnalyticsCacheKey(Guid HospitalId, AnalyticsPeriod Period, Guid? VetId, string Culture);

/// <summary>The dashboards of the process, shared by everyone who looks at the same one. Every open dashboard
/// of a hospital reloads after an invoice or an appointment changes; without this, each of them would run the
/// whole set of queries for the same answer. A change in a hospital (<see cref="InvoiceChanged"/>,
/// <see cref="AppointmentChanged"/>) makes that hospital's entries stale, never another's; callers who ask for
/// the same key while it is computed wait for that one computation. An entry also lapses after
/// <see cref="Lifetime"/>, so figures taken "now" (patients in hospital) and changes the events do not name
/// (a stay, a dose) still show within it.</summary>
public sealed class AnalyticsCache(IEventBus bus, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly Lock _gate = new();
    private readonly Dictionary<AnalyticsCacheKey, Entry> _entries = [];
    private readonly Dictionary<Guid, long> _versions = [];
    private readonly PerHospitalSubscriptions<InvoiceChanged> _invoices = new(bus);
    private readonly PerHospitalSubscriptions<AppointmentChanged> _appointments = new(bus);

    private long _computations;

    /// <summary>How many times a dashboard was actually computed (diagnostics and tests).</summary>
    public long Computations => Interlocked.Read(ref _computations);

    /// <summary>The dashboard of <paramref name="key"/>: the cached one when it is current, the one being computed
    /// when someone already asked, else a new computation by <paramref name="compute"/>. The computation is not
    /// the caller's alone, so leaving (<paramref name="ct"/>) stops the caller's wait, not the computation.</summary>
    public Task<AnalyticsDashboard> GetAsync(AnalyticsCacheKey key, Func<CancellationToken, Task<AnalyticsDashboard>> compute, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(compute);
        Listen(key.HospitalId);
        var now = time.GetUtcNow();
        Entry entry;
        lock (_gate)
        {
            var version = VersionOf(key.HospitalId);
            if (!_entries.TryGetValue(key, out var cached) || !cached.ServesAt(version, now))
            {
                Prune(now);
                cached = new Entry(Start(key, compute), version, now + Lifetime);
                _entries[key] = cached;
            }

            entry = cached;
        }

        return entry.Dashboard.WaitAsync(ct);
    }

    /// <summary>Makes every dashboard of the hospital stale: the next one asked for is computed again.</summary>
    public void MarkStale(Guid hospitalId)
    {
        lock (_gate)
        {
            _versions[hospitalId] = VersionOf(hospitalId) + 1;
        }
    }

    public void Dispose()
    {
        _invoices.Dispose();
        _appointments.Dispose();
    }

    private Task<AnalyticsDashboard> Start(AnalyticsCacheKey key, Func<CancellationToken, Task<AnalyticsDashboard>> compute)
    {
        Interlocked.Increment(ref _computations);
        var task = Task.Run(() => compute(CancellationToken.None));
        // A failure is the callers' to show, not to keep: the next one asks again.
        _ = task.ContinueWith(
            t =>
            {
                lock (_gate)
                {
                    if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current.Dashboard, t))
                    {
                        _entries.Remove(key);
                    }
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return task;
    }

    private long VersionOf(Guid hospitalId) => _versions.GetValueOrDefault(hospitalId);

    /// <summary>Drops lapsed and stale entries, so the cache holds only what can still be served.</summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries.ToList())
        {
            if (entry.Dashboard.IsCompleted && !entry.ServesAt(VersionOf(key.HospitalId), now))
            {
                _entries.Remove(key);
            }
        }
    }

    private void Listen(Guid hospitalId)
    {
        _invoices.Ensure(hospitalId, _ => Stale(hospitalId));
        _appointments.Ensure(hospitalId, _ => Stale(hospitalId));
    }

    private Task Stale(Guid hospitalId)
    {
        MarkStale(hospitalId);
        return Task.CompletedTask;
    }

    private sealed record Entry(Task<AnalyticsDashboard> Dashboard, long Version, DateTimeOffset Until)
    {
        public bool ServesAt(long version, DateTimeOffset now) =>
            Version == version && now < Until && !Dashboard.IsFaulted && !Dashboard.IsCanceled;
    }
}

/// <summary>The dashboard as the page reads it: the actor is checked first (a cached dashboard is never handed to
/// someone who may not compute it), then the key is the hospital, the period, the actor's view and language.</summary>
public sealed class AnalyticsDashboards(AnalyticsService service, AnalyticsCache cache, CurrentActor actor, TenantContext tenant)
{
    public Task<AnalyticsDashboard> BuildAsync(AnalyticsPeriod period, CancellationToken ct = default)
    {
        actor.Require(AnalyticsService.Readers);
        // The same rule as the service's: an admin sees the hospital, a veterinarian their own work.
        Guid? vet = actor.IsInAnyRole(Roles.Admin) ? null : actor.UserId ?? throw new DomainRuleException("Common.Error.NotAllowed");
        var culture = $"{CultureInfo.CurrentCulture.Name}|{CultureInfo.CurrentUICulture.Name}";
        var key = new AnalyticsCacheKey(tenant.Tenant.Id, period, vet, culture);
        return cache.GetAsync(key, token => service.BuildAsync(period, token), ct);
    }

    public Task<DrillList> DrillAsync(AnalyticsPeriod period, DrillKey key, CancellationToken ct = default) =>
        service.DrillAsync(period, key, ct);
}
