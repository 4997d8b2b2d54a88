using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Analytics;

/// <summary>A section whose figures are kept per day (<see cref="DailyFigures"/>): it can compute and store the
/// closed days of a period that are missing or stale.</summary>
public interface IStoredDays
{
    /// <returns>How many days were computed and stored.</returns>
    Task<int> RefreshDaysAsync(AnalyticsContext context, CancellationToken ct);
}

/// <summary>Every night, in the hospital's early morning, the day figures of the dashboard's sections are brought up
/// to date for the longest period the dashboard compares (two of <see cref="AnalyticsPeriod.MaxDays"/>): the day
/// that just closed, and any day a change marked stale, so the morning's first dashboard reads stored days. A
/// month at a time, so a first run over years of history never holds more than a month of rows. Marks of days
/// older than that window are removed: no dashboard reads those days.</summary>
public sealed class AnalyticsDaysJob(
    IEnumerable<IAnalyticsSection> sections,
    ClinicDbFactory dbFactory,
    TenantContext tenant,
    TimeProvider time,
    ILogger<AnalyticsDaysJob> logger) : IHospitalRecurringJob
{
    public const string JobName = "analytics-days";

    /// <summary>02:30: after the day closed, before the backups' and reports' hours.</summary>
    public const string Schedule = "30 2 * * *";

    public string Name => JobName;

    public Task<string?> CronAsync(CancellationToken ct) => Task.FromResult<string?>(Schedule);

    public async Task RunAsync(CancellationToken ct) => await RefreshAsync(ct);

    /// <returns>How many section days were computed and stored.</returns>
    public async Task<int> RefreshAsync(CancellationToken ct)
    {
        var (zone, now) = (tenant.Tenant.TimeZone, time.GetUtcNow().UtcDateTime);
        var last = DailyFigures.LastClosedDay(zone, now);
        var first = last.AddDays(-2 * AnalyticsPeriod.MaxDays + 1);
        var stored = 0;
        foreach (var section in sections.OfType<IStoredDays>())
        {
            for (var from = first; from <= last; from = from.AddDays(31))
            {
                var to = from.AddDays(30) < last ? from.AddDays(30) : last;
                stored += await section.RefreshDaysAsync(new AnalyticsContext(new AnalyticsPeriod(from, to), zone, now, VetId: null), ct);
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var forgotten = await db.AnalyticsStaleDays.Where(m => m.Day < first).ExecuteDeleteAsync(ct);
        logger.LogInformation("Analytics days of {Hospital}: {Stored} computed, {Forgotten} old marks removed", tenant.Tenant.Slug, stored, forgotten);
        return stored;
    }
}
