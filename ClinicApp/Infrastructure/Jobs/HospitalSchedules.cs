using ClinicApp.Tenancy;
using Hangfire;

namespace ClinicApp.Infrastructure.Jobs;

/// <summary>A job every hospital runs on a schedule (reminders, the daily report…). Features register
/// one per kind; <see cref="HospitalSchedules"/> makes one Hangfire recurring job of it per hospital,
/// in the hospital's time zone, which runs <see cref="RunAsync"/> inside that hospital's scope.</summary>
public interface IHospitalRecurringJob
{
    /// <summary>Stable and unique among the jobs ("reminders", "attendance-report").</summary>
    string Name { get; }

    /// <summary>The schedule for the current hospital (a cron expression in its time zone); it may
    /// read the hospital's settings (the report's hour). Null = not scheduled for this hospital.</summary>
    Task<string?> CronAsync(CancellationToken ct);

    /// <summary>One run for the current hospital (the scope's tenant).</summary>
    Task RunAsync(CancellationToken ct);
}

/// <summary>What Hangfire calls: finds the named job in the hospital's scope (the activator set the
/// tenant from <paramref name="tenantId"/>) and runs it. One hospital's run is its own Hangfire job, so
/// its failure (retried by Hangfire) never stops another hospital's.</summary>
public sealed class HospitalRecurringRunner(IEnumerable<IHospitalRecurringJob> jobs)
{
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(Guid tenantId, string name, CancellationToken ct) =>
        jobs.FirstOrDefault(j => j.Name == name)?.RunAsync(ct)
            ?? throw new InvalidOperationException($"No recurring hospital job '{name}'.");
}

/// <summary>Keeps every active hospital's recurring jobs registered with Hangfire: at start-up, every
/// few minutes after (a hospital added with <c>tenant add</c> or reactivated while the app runs gets
/// its jobs; a suspended one loses them), and at once for one hospital when its settings change
/// (<see cref="ScheduleAsync"/>).</summary>
public sealed class HospitalSchedules(
    IRecurringJobManager recurring,
    HospitalCatalog catalog,
    TenantScopes scopes,
    ILogger<HospitalSchedules> logger)
{
    public static string JobId(string name, TenantInfo tenant) => $"{name}:{tenant.Slug}";

    public async Task ScheduleAllAsync(CancellationToken ct)
    {
        foreach (var tenant in await catalog.ListAsync(ct))
        {
            try
            {
                if (tenant.IsActive)
                {
                    await ScheduleAsync(tenant, ct);
                }
                else
                {
                    await UnscheduleAsync(tenant);
                }
            }
#pragma warning disable CA1031 // one hospital's unreadable settings must not leave the others unscheduled
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogError(e, "Could not schedule the recurring jobs of hospital {Hospital}", tenant.Slug);
            }
        }
    }

    /// <summary>Removes a (suspended) hospital's recurring jobs: its runs would only fail.</summary>
    public async Task UnscheduleAsync(TenantInfo tenant)
    {
        await using var scope = scopes.Create(tenant, "schedules");
        foreach (var job in scope.ServiceProvider.GetServices<IHospitalRecurringJob>())
        {
            recurring.RemoveIfExists(JobId(job.Name, tenant));
        }
    }

    /// <summary>(Re)registers the hospital's recurring jobs with their current schedules.</summary>
    public async Task ScheduleAsync(TenantInfo tenant, CancellationToken ct = default)
    {
        await using var scope = scopes.Create(tenant, "schedules");
        foreach (var job in scope.ServiceProvider.GetServices<IHospitalRecurringJob>())
        {
            var id = JobId(job.Name, tenant);
            if (await job.CronAsync(ct) is { } cron)
            {
                var name = job.Name;
                var tenantId = tenant.Id;
                recurring.AddOrUpdate<HospitalRecurringRunner>(id, r => r.RunAsync(tenantId, name, CancellationToken.None), cron,
                    new RecurringJobOptions { TimeZone = tenant.TimeZone });
            }
            else
            {
                recurring.RemoveIfExists(id);
            }
        }
    }
}

/// <summary>Registers the schedules once the app has started (the hospitals' databases are ready then),
/// and sweeps them again every <see cref="SweepInterval"/>: the catalog can change under a running app
/// (the operator's command line adds, suspends and reactivates hospitals from another process).</summary>
internal sealed class HospitalSchedulesStartup(HospitalSchedules schedules, IHostApplicationLifetime lifetime, ILogger<HospitalSchedulesStartup> logger)
    : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        using var timer = new PeriodicTimer(SweepInterval);
        do
        {
            try
            {
                await schedules.ScheduleAllAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The sweep of the hospitals' recurring jobs failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
