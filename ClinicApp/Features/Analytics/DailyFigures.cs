using System.Text.Json;
using ClinicApp.Data;
using ClinicApp.Data.Analytics;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Analytics;

/// <summary>How a section sums one local day of the hospital's rows into figures that add up over days (counts and
/// sums, never rates or averages), so a period's figures are the sum of its days'.</summary>
/// <typeparam name="TDay">The day's figures: plain data, stored as JSON.</typeparam>
public interface IDayFigures<TDay>
    where TDay : class
{
    /// <summary>The <see cref="AnalyticsDay.Kind"/> the days are stored under.</summary>
    string Kind { get; }

    /// <summary>What the stored days depend on besides the rows: the shape of <typeparamref name="TDay"/> (a version
    /// to raise when it changes) and settings such as the time zone; a day stored under another stamp is computed again.</summary>
    Task<string> StampAsync(ClinicDbContext db, AnalyticsContext context, CancellationToken ct);

    /// <summary>The figures of every local day of <paramref name="context"/>'s period that has any, from the rows,
    /// as of its <see cref="AnalyticsContext.NowUtc"/>.</summary>
    Task<IReadOnlyDictionary<DateOnly, TDay>> ComputeAsync(AnalyticsContext context, CancellationToken ct);
}

/// <summary>The figures of a period's days: the stored ones (<see cref="AnalyticsDay"/>) of the days that are
/// closed and not marked stale, the others computed from the rows — and stored when closed, so the next reader of
/// the day finds it. A year of a busy hospital is then 365 small rows instead of hundreds of thousands (issue 14:
/// the year's dashboard had to come under a second). The stored days are a cache: a failure to store one is logged
/// and the figures are still returned; a day's figures are always those its rows give.
/// <para>Why the stored days stay right: every save that changes a row a day's figures read marks the day
/// (<see cref="Data.Interceptors.AnalyticsStaleDaysInterceptor"/>, same transaction); a day is stored from rows
/// read after its marks were, and only the marks read are removed, so a change that lands while a day is
/// computed leaves its mark for the next reader.</para></summary>
public sealed class DailyFigures(ClinicDbFactory dbFactory, TimeProvider time, ILogger<DailyFigures> log)
{
    /// <summary>Days this close to now are computed every time: a dose due late yesterday evening becomes due (its
    /// tolerance passes) today, and a day still being worked has no point being stored.</summary>
    private const int OpenDays = 2;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    /// <summary>Every day of the period with figures, the stored ones where they hold.</summary>
    public async Task<IReadOnlyDictionary<DateOnly, TDay>> ReadAsync<TDay>(IDayFigures<TDay> figures, AnalyticsContext context, CancellationToken ct)
        where TDay : class =>
        (await ReadCoreAsync(figures, context, ct)).Days;

    /// <summary>Computes and stores the closed days of <paramref name="context"/>'s period that are missing or stale
    /// (the nightly job: the morning's first dashboard then reads stored days).</summary>
    /// <returns>How many days were computed and stored.</returns>
    public async Task<int> RefreshAsync<TDay>(IDayFigures<TDay> figures, AnalyticsContext context, CancellationToken ct)
        where TDay : class =>
        (await ReadCoreAsync(figures, context, ct)).Stored;

    private async Task<(Dictionary<DateOnly, TDay> Days, int Stored)> ReadCoreAsync<TDay>(IDayFigures<TDay> figures, AnalyticsContext context, CancellationToken ct)
        where TDay : class
    {
        var period = context.Period;
        var lastClosed = LastClosedDay(context.Zone, context.NowUtc);
        var result = new Dictionary<DateOnly, TDay>();
        var known = new HashSet<DateOnly>();
        List<AnalyticsStaleDay> marks = [];
        string stamp;
        var closedTo = period.To < lastClosed ? period.To : lastClosed;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            stamp = await figures.StampAsync(db, context, ct);
            if (closedTo >= period.From)
            {
                var kind = figures.Kind;
                // Marks first: a day stored after they are read (by another reader) is stored from newer rows.
                marks = await db.AnalyticsStaleDays.AsNoTracking().Where(m => m.Kind == kind && m.Day >= period.From && m.Day <= closedTo).ToListAsync(ct);
                var stale = marks.Select(m => m.Day).ToHashSet();
                var stored = await db.AnalyticsDays.AsNoTracking()
                    .Where(d => d.Kind == kind && d.Day >= period.From && d.Day <= closedTo && d.Stamp == stamp)
                    .Select(d => new { d.Day, d.Payload })
                    .ToListAsync(ct);
                foreach (var day in stored.Where(d => !stale.Contains(d.Day)))
                {
                    try
                    {
                        // "null": a day without rows, known to have none.
                        if (JsonSerializer.Deserialize<TDay>(day.Payload, Json) is { } figuresOfDay)
                        {
                            result[day.Day] = figuresOfDay;
                        }

                        known.Add(day.Day);
                    }
                    catch (JsonException e)
                    {
                        log.LogWarning(e, "Analytics day {Kind} {Day} unreadable; computed again", kind, day.Day);
                    }
                }
            }
        }

        var missing = Enumerable.Range(0, period.Days).Select(period.From.AddDays).Where(d => !known.Contains(d)).ToList();
        var computed = new Dictionary<DateOnly, TDay>();
        foreach (var (from, to) in Runs(missing))
        {
            // Always the hospital's days (a veterinarian's view picks its own row from them).
            foreach (var (day, value) in await figures.ComputeAsync(context with { Period = new AnalyticsPeriod(from, to), VetId = null }, ct))
            {
                computed[day] = value;
                result[day] = value;
            }
        }

        var toStore = missing.Where(d => d <= lastClosed).ToList();
        var storing = toStore.ToHashSet();
        var saved = toStore.Count > 0 && await StoreAsync(figures, stamp, toStore, computed, marks.Where(m => storing.Contains(m.Day)).Select(m => m.Id).ToList(), ct);
        return (result, saved ? toStore.Count : 0);
    }

    /// <summary>The last local day that is stored rather than computed each time.</summary>
    public static DateOnly LastClosedDay(TimeZoneInfo zone, DateTime nowUtc) =>
        DateOnly.FromDateTime(HospitalTime.ToLocal(nowUtc, zone)).AddDays(-OpenDays);

    private async Task<bool> StoreAsync<TDay>(IDayFigures<TDay> figures, string stamp, List<DateOnly> days, Dictionary<DateOnly, TDay> computed, List<Guid> marks, CancellationToken ct)
        where TDay : class
    {
        try
        {
            // One save, so one transaction whatever the provider (and its retrying strategy): the days written and
            // the marks they answer removed together. A mark another reader removed first fails the save (no row
            // to delete): that reader stored the day.
            var kind = figures.Kind;
            var now = time.GetUtcNow().UtcDateTime;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var existing = new Dictionary<DateOnly, AnalyticsDay>();
            foreach (var chunk in days.Chunk(400))
            {
                foreach (var row in await db.AnalyticsDays.Where(d => d.Kind == kind && chunk.Contains(d.Day)).ToListAsync(ct))
                {
                    existing[row.Day] = row;
                }
            }

            foreach (var day in days)
            {
                if (!existing.TryGetValue(day, out var row))
                {
                    row = db.AnalyticsDays.Add(new AnalyticsDay { Kind = kind, Day = day }).Entity;
                }

                // A day without rows is stored too (as nothing), or every reader would compute it again.
                row.Stamp = stamp;
                row.Payload = computed.TryGetValue(day, out var value) ? JsonSerializer.Serialize(value, Json) : "null";
                row.ComputedAt = now;
            }

            db.AnalyticsStaleDays.RemoveRange(marks.Select(id => new AnalyticsStaleDay { Id = id }));
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Two readers storing the same day at once, or the hospital in maintenance: the figures stand, the next
            // reader stores the day.
            log.LogInformation(e, "Analytics days of {Kind} not stored", figures.Kind);
            return false;
        }
    }

    /// <summary>Consecutive days as ranges, so a run of missing days is one query instead of one per day.</summary>
    private static IEnumerable<(DateOnly From, DateOnly To)> Runs(List<DateOnly> days)
    {
        var i = 0;
        while (i < days.Count)
        {
            var j = i;
            while (j + 1 < days.Count && days[j + 1].DayNumber - days[j].DayNumber <= 1)
            {
                j++;
            }

            yield return (days[i], days[j]);
            i = j + 1;
        }
    }
}
