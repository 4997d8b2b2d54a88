using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Infrastructure.Realtime;

/// <summary>A hospital went into maintenance (its data is being restored) or came out of it. Published in
/// that hospital by every app instance's <see cref="MaintenanceWatch"/>; open screens show a banner, and
/// reload when it is over so nobody keeps looking at data from before the restore.</summary>
public sealed record HospitalMaintenanceChanged(bool InMaintenance);

/// <summary>Looks at the hospitals' maintenance flag in the catalog every <see cref="PollInterval"/>. The
/// operator's restore runs in another process (the command line), so the catalog is the only signal every
/// app instance shares; the catalog cache alone would notice only after its 10 s. On a change it empties this
/// instance's catalog cache (new page loads get the maintenance page at once) and then tells the hospital's
/// open screens, so a screen that reads the catalog when told sees the new state.</summary>
public sealed class MaintenanceWatch(
    TenantConnections connections, HospitalCatalog catalog, IEventBus bus, ILogger<MaintenanceWatch> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>What the last look saw; null before the first one (which only takes note: no screen is open yet).</summary>
    private Dictionary<Guid, DateTime?>? _seen;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time, not the app's TimeProvider: this is a heartbeat of the machine, and tests that move the
        // app's clock must not stop (or race) it.
        using var timer = new PeriodicTimer(PollInterval);
        do
        {
            try
            {
                await LookAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A catalog that cannot be read for a moment: try again on the next tick, keep what was seen.
                logger.LogWarning(e, "The look at the hospitals' maintenance flags failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task LookAsync(CancellationToken ct)
    {
        Dictionary<Guid, DateTime?> now;
        await using (var db = connections.CreateCatalog())
        {
            // One small query, two columns: it runs every two seconds in every instance.
            now = await db.Hospitals.AsNoTracking()
                .Select(h => new { h.Id, h.MaintenanceSince })
                .ToDictionaryAsync(h => h.Id, h => h.MaintenanceSince, ct);
        }

        var before = _seen;
        _seen = now;
        if (before is null)
        {
            return;
        }

        // A different start time is a new maintenance (one ended and another began between two looks).
        var changed = now
            .Where(h => before.GetValueOrDefault(h.Key) != h.Value)
            .Select(h => (Id: h.Key, InMaintenance: h.Value is not null))
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }

        catalog.Invalidate();
        foreach (var (id, inMaintenance) in changed)
        {
            logger.LogInformation("Hospital {HospitalId} {State} maintenance", id, inMaintenance ? "entered" : "left");
            await bus.PublishAsync(id, new HospitalMaintenanceChanged(inMaintenance));
        }
    }
}
