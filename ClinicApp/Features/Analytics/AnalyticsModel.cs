using ClinicApp.Data.Billing;

namespace ClinicApp.Features.Analytics;

/// <summary>How a value reads: money in the hospital's currency, a count, a percentage (0–100, one decimal),
/// days (one decimal).</summary>
public enum ValueFormat
{
    Count,
    Money,
    Percent,
    Days,
}

/// <summary>What a chart draws. <see cref="Time"/>: the categories are the period's buckets (keys yyyy-MM-dd);
/// <see cref="Category"/>: bars over named categories (vets, wards, services); <see cref="Pie"/>: one series,
/// the categories are its slices; <see cref="Heatmap"/>: each series is a row (a weekday) and the categories
/// its columns (hours).</summary>
public enum ChartShape
{
    Time,
    Category,
    Pie,
    Heatmap,
}

/// <summary>A category of a chart's x axis (or a slice): a stable key a drill-down names, and its label.</summary>
public sealed record ChartCategory(string Key, string Label);

/// <summary>A series of a chart: one value per category of the chart, in the same order; null for "nothing to
/// show" (a rate with nothing due), which the chart leaves as a gap.</summary>
public sealed record ChartSeriesData(string Key, string Label, IReadOnlyList<decimal?> Values);

/// <summary>One chart of the dashboard, independent of how it is drawn (the page's ApexChart, the PDF's vector
/// figure, the CSV/XLSX table). Titles and labels are already in the reader's language.</summary>
/// <param name="Id">Stable: the drill-down, the exports and the tests name the chart by it (e.g. "revenue-by-day").</param>
public sealed record ChartData(
    string Id,
    string Title,
    ChartShape Shape,
    ValueFormat Format,
    IReadOnlyList<ChartCategory> Categories,
    IReadOnlyList<ChartSeriesData> Series)
{
    /// <summary>Series drawn on top of each other (revenue by category per day).</summary>
    public bool Stacked { get; init; }

    /// <summary>Bars laid sideways (top-10 lists, whose labels are long).</summary>
    public bool Horizontal { get; init; }

    /// <summary>The chart's own total or rate, compared with the previous period's; null when it has none.</summary>
    public decimal? Headline { get; init; }

    /// <summary>Whether a click on a point opens the records behind it.</summary>
    public bool Drillable { get; init; } = true;

    /// <summary>An explanation under the title (what counts), or null.</summary>
    public string? Hint { get; init; }

    /// <summary>False when there is nothing to draw: the page shows an empty state, never a flat chart.</summary>
    public bool HasData => Series.Any(s => s.Values.Any(v => v is { } value && value != 0));

    public decimal? ValueAt(string seriesKey, string categoryKey)
    {
        var series = Series.FirstOrDefault(s => s.Key == seriesKey);
        var index = Categories.ToList().FindIndex(c => c.Key == categoryKey);
        return series is null || index < 0 ? null : series.Values[index];
    }
}

/// <summary>A card's value for one period, as a section computes it.</summary>
/// <param name="HigherIsBetter">False for a figure that should go down (no-show rate, receivables): the change is coloured the other way.</param>
public sealed record FigureValue(string Id, string Label, ValueFormat Format, decimal? Value, bool HigherIsBetter = true)
{
    /// <summary>A second line under the value ("R$ 1.200,00 received"), or null.</summary>
    public string? Detail { get; init; }

    public bool Drillable { get; init; } = true;

    /// <summary>What the figure counts, shown on hover and in the PDF.</summary>
    public string? Hint { get; init; }
}

/// <summary>What one section computed for one period.</summary>
public sealed record AnalyticsSectionResult(IReadOnlyList<FigureValue> Cards, IReadOnlyList<ChartData> Charts)
{
    public static AnalyticsSectionResult Empty { get; } = new([], []);
}

/// <summary>A card of the dashboard: the period's value beside the previous period's.</summary>
public sealed record Figure(FigureValue Value, decimal? Previous)
{
    public string Id => Value.Id;

    public decimal? Current => Value.Value;

    /// <summary>The change in percent of the previous value (one decimal); null when either is missing or the previous is zero.</summary>
    public decimal? ChangePercent => AnalyticsMath.Change(Current, Previous);
}

/// <summary>A chart of the dashboard with the previous period's headline.</summary>
public sealed record ChartFigure(ChartData Chart, decimal? PreviousHeadline)
{
    public decimal? ChangePercent => AnalyticsMath.Change(Chart.Headline, PreviousHeadline);
}

/// <summary>Everything the dashboard shows for a period.</summary>
/// <param name="VetView">A veterinarian's own production only (no hospital revenue).</param>
public sealed record AnalyticsDashboard(
    AnalyticsPeriod Period,
    string HospitalName,
    DateTime ComputedAtUtc,
    bool VetView,
    IReadOnlyList<Figure> Cards,
    IReadOnlyList<ChartFigure> Charts)
{
    public AnalyticsPeriod Previous => Period.Previous;

    /// <summary>Nothing happened in the period (a new hospital, a quiet day): the page says so.</summary>
    public bool IsEmpty => Cards.All(c => c.Current is null or 0) && Charts.All(c => !c.Chart.HasData);

    public Figure? Card(string id) => Cards.FirstOrDefault(c => c.Id == id);

    public ChartData? Chart(string id) => Charts.FirstOrDefault(c => c.Chart.Id == id)?.Chart;
}

/// <summary>What a click names: a card (<see cref="Figure"/> = its id) or a chart's point (<see cref="Figure"/> = the
/// chart's id, <see cref="Series"/> and <see cref="Point"/> = the series' and category's keys; for a pie the slice is
/// the <see cref="Point"/>).</summary>
public sealed record DrillKey(string Figure, string? Series = null, string? Point = null);

/// <summary>How a drill-down's rows add up to the figure clicked.</summary>
public enum DrillAggregate
{
    /// <summary>The sum of the rows' values (revenue, received, receivables).</summary>
    Sum,

    /// <summary>The number of rows (appointments attended, new pets).</summary>
    Count,

    /// <summary>The percentage of rows whose value is 1 (no-show rate: each appointment, 1 when not attended).</summary>
    Rate,

    /// <summary>The sum of the values as a percentage of <see cref="DrillList.Denominator"/> (bed occupancy: occupied bed-days of available bed-days).</summary>
    Share,

    /// <summary>The mean of the values (average ticket, average length of stay).</summary>
    Average,
}

/// <summary>The kind of record a drill-down row is, which says where its link goes.</summary>
public enum DrillRecord
{
    Invoice,
    Payment,
    Appointment,
    Stay,
    Dose,
    Tutor,
    Pet,
    Vaccination,
    Charge,
}

/// <summary>One record behind a figure.</summary>
/// <param name="At">When it happened (UTC), shown in the hospital's time.</param>
/// <param name="Value">What it adds to the figure (see <see cref="DrillAggregate"/>).</param>
/// <param name="Href">Its page, relative to the hospital's base ("invoices/…"), or null.</param>
public sealed record DrillRow(DrillRecord Kind, Guid Id, DateTime? At, string Title, string? Detail, decimal Value, string? Href);

/// <summary>The records behind a figure. <see cref="Total"/> is computed from the rows, and equals the figure
/// clicked (a test checks this for every card and chart).</summary>
public sealed record DrillList(string Title, ValueFormat Format, DrillAggregate Aggregate, IReadOnlyList<DrillRow> Rows, decimal? Denominator = null)
{
    public decimal? Total => Aggregate switch
    {
        DrillAggregate.Sum => Rows.Sum(r => r.Value),
        DrillAggregate.Count => Rows.Count,
        DrillAggregate.Rate => AnalyticsMath.Percent(Rows.Sum(r => r.Value), Rows.Count),
        DrillAggregate.Share => Denominator is { } whole ? AnalyticsMath.Percent(Rows.Sum(r => r.Value), whole) : null,
        DrillAggregate.Average => AnalyticsMath.Average(Rows.Sum(r => r.Value), Rows.Count, Format),
        _ => null,
    };
}

/// <summary>The dashboard's arithmetic, in one place so a figure and its drill-down round alike.</summary>
public static class AnalyticsMath
{
    /// <summary>100 × part ÷ whole to one decimal (half away from zero); null when the whole is zero.</summary>
    public static decimal? Percent(decimal part, decimal whole) =>
        whole == 0 ? null : decimal.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);

    /// <summary>The mean: money to the centavo, other values to one decimal; null when there is nothing.</summary>
    public static decimal? Average(decimal sum, int count, ValueFormat format) =>
        count == 0 ? null : format == ValueFormat.Money ? Money.Round(sum / count) : decimal.Round(sum / count, 1, MidpointRounding.AwayFromZero);

    /// <summary>The change from <paramref name="previous"/> to <paramref name="current"/> in percent of the previous value.</summary>
    public static decimal? Change(decimal? current, decimal? previous) =>
        current is { } now && previous is { } before && before != 0
            ? decimal.Round(100m * (now - before) / Math.Abs(before), 1, MidpointRounding.AwayFromZero)
            : null;
}
