using System.Globalization;
using ClinicApp.Tenancy;

namespace ClinicApp.Features.Analytics;

/// <summary>The choices of the period filter; <see cref="Custom"/> is any other range.</summary>
public enum PeriodPreset
{
    Today,
    Last7Days,
    Last30Days,
    ThisMonth,
    LastMonth,
    ThisYear,
    Custom,
}

/// <summary>How a time chart groups its days: daily up to two months, weekly up to half a year, monthly beyond,
/// so a year is twelve bars and not 365.</summary>
public enum Granularity
{
    Day,
    Week,
    Month,
}

/// <summary>One point of a time chart: the days <see cref="From"/>–<see cref="To"/> (both inside the period).
/// <see cref="Key"/> is <see cref="From"/> as yyyy-MM-dd, what a drill-down names.</summary>
public sealed record AnalyticsBucket(string Key, DateOnly From, DateOnly To);

/// <summary>A range of the hospital's local days, both ends included. Everything the dashboard shows is about
/// one period and the one of the same length just before it (<see cref="Previous"/>). The address carries it
/// as <c>?from=yyyy-MM-dd&amp;to=yyyy-MM-dd</c>. Pure.</summary>
public sealed record AnalyticsPeriod
{
    /// <summary>Two years: the longest range the dashboard computes (and its previous period as much again).</summary>
    public const int MaxDays = 731;

    private const string DayFormat = "yyyy-MM-dd";

    public AnalyticsPeriod(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new ArgumentException("A period ends on or after its first day.", nameof(to));
        }

        From = from;
        To = to;
    }

    public DateOnly From { get; }

    public DateOnly To { get; }

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The same number of days just before.</summary>
    public AnalyticsPeriod Previous => new(From.AddDays(-Days), From.AddDays(-1));

    public string FromText => From.ToString(DayFormat, CultureInfo.InvariantCulture);

    public string ToText => To.ToString(DayFormat, CultureInfo.InvariantCulture);

    /// <summary>The query string of the dashboard's address for this period.</summary>
    public string Query => $"from={FromText}&to={ToText}";

    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>The period's instants: from local midnight of <see cref="From"/> up to (excluded) local midnight after <see cref="To"/>.</summary>
    public (DateTime StartUtc, DateTime EndUtc) UtcRange(TimeZoneInfo zone) =>
        (HospitalTime.ToUtc(From.ToDateTime(TimeOnly.MinValue), zone), HospitalTime.ToUtc(To.AddDays(1).ToDateTime(TimeOnly.MinValue), zone));

    public static AnalyticsPeriod Of(PeriodPreset preset, DateOnly today) => preset switch
    {
        PeriodPreset.Today => new(today, today),
        PeriodPreset.Last7Days => new(today.AddDays(-6), today),
        PeriodPreset.Last30Days => new(today.AddDays(-29), today),
        PeriodPreset.ThisMonth => new(new DateOnly(today.Year, today.Month, 1), today),
        PeriodPreset.LastMonth => LastMonthOf(today),
        PeriodPreset.ThisYear => new(new DateOnly(today.Year, 1, 1), today),
        _ => new(today.AddDays(-29), today),
    };

    /// <summary>The calendar month before <paramref name="today"/>'s.</summary>
    public static AnalyticsPeriod LastMonthOf(DateOnly today)
    {
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return new(first, first.AddMonths(1).AddDays(-1));
    }

    /// <summary>The preset this period is on <paramref name="today"/>, or <see cref="PeriodPreset.Custom"/>.</summary>
    public PeriodPreset PresetOn(DateOnly today) =>
        Enum.GetValues<PeriodPreset>().Where(p => p != PeriodPreset.Custom).FirstOrDefault(p => Of(p, today) == this, PeriodPreset.Custom);

    /// <summary>The period of an address (<c>from</c>, <c>to</c> as yyyy-MM-dd); null when either is missing or
    /// malformed, the range is reversed, longer than <see cref="MaxDays"/>, or before the year 2000.</summary>
    public static AnalyticsPeriod? Parse(string? from, string? to)
    {
        if (!TryDay(from, out var start) || !TryDay(to, out var end) || end < start || end.DayNumber - start.DayNumber + 1 > MaxDays)
        {
            return null;
        }

        return new(start, end);
    }

    private static bool TryDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out day) && day.Year >= 2000;

    public Granularity Granularity => Days <= 62 ? Granularity.Day : Days <= 186 ? Granularity.Week : Granularity.Month;

    /// <summary>The points of a time chart, in order: days, weeks (from Monday) or calendar months, cut to the period.</summary>
    public IReadOnlyList<AnalyticsBucket> Buckets()
    {
        var buckets = new List<AnalyticsBucket>();
        for (var start = From; start <= To;)
        {
            var end = Granularity switch
            {
                Granularity.Day => start,
                Granularity.Week => start.AddDays((7 - (((int)start.DayOfWeek + 6) % 7)) - 1),
                _ => new DateOnly(start.Year, start.Month, 1).AddMonths(1).AddDays(-1),
            };
            if (end > To)
            {
                end = To;
            }

            buckets.Add(new AnalyticsBucket(start.ToString(DayFormat, CultureInfo.InvariantCulture), start, end));
            start = end.AddDays(1);
        }

        return buckets;
    }

    /// <summary>The key of the bucket a day of the period falls in.</summary>
    public string BucketKeyOf(DateOnly day)
    {
        var start = Granularity switch
        {
            Granularity.Day => day,
            Granularity.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            _ => new DateOnly(day.Year, day.Month, 1),
        };
        return (start < From ? From : start).ToString(DayFormat, CultureInfo.InvariantCulture);
    }

    /// <summary>The bucket a drill-down names by its key; null when the key is not one of the period's.</summary>
    public AnalyticsBucket? BucketOf(string? key) => Buckets().FirstOrDefault(b => b.Key == key);

    /// <summary>The label under a bucket, in the current culture: "07/12" (pt) or "Dec 7" (en) for a day or a week, "dez 2026" for a month.</summary>
    public string Label(AnalyticsBucket bucket)
    {
        var culture = CultureInfo.CurrentCulture;
        return Granularity == Granularity.Month
            ? bucket.From.ToString("MMM yyyy", culture)
            : bucket.From.ToString(culture.TwoLetterISOLanguageName == "pt" ? "dd/MM" : "MMM d", culture);
    }
}
