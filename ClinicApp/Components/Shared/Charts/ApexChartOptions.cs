namespace ClinicApp.Components.Shared.Charts;

/// <summary>ApexCharts' chart types (the JSON carries their names in camelCase). Line, area and bar draw
/// either <see cref="ChartSeries"/> over a datetime axis or <see cref="ChartValues"/> over
/// <see cref="ApexChartOptions.Categories"/>; pie, donut and heatmap always draw <see cref="ChartValues"/>.</summary>
public enum ApexChartType
{
    Line,
    Area,
    Bar,

    /// <summary>One series; the categories are its slices.</summary>
    Pie,

    /// <summary>A pie with a hole.</summary>
    Donut,

    /// <summary>Each series is a row, the categories are its columns; a cell's colour says its value.</summary>
    Heatmap,
}

/// <summary>How values read in axis labels and tooltips, formatted in the browser with Intl in the
/// reader's culture. <see cref="Number"/> keeps <see cref="ChartAxis.Unit"/> and <see cref="ChartAxis.Decimals"/>.</summary>
public enum ChartValueFormat
{
    Number,

    /// <summary>A whole number.</summary>
    Count,

    /// <summary>An amount in <see cref="ApexChartOptions.Currency"/> ("R$ 1.234,56" in pt-BR).</summary>
    Money,

    /// <summary>A percentage given as 0–100, with one decimal ("28,6%").</summary>
    Percent,

    /// <summary>A number of days with one decimal ("3,5 dias").</summary>
    Days,
}

/// <summary>Where the legend goes. <see cref="Auto"/>: at the bottom when there is more than one series
/// or slice (a heatmap's colour scale has one of its own), hidden otherwise.</summary>
public enum ChartLegend
{
    Auto,
    Hidden,
    Top,
    Bottom,
    Right,
}

/// <summary>One measurement: <see cref="X"/> is the hospital's wall-clock time; a null
/// <see cref="Y"/> leaves a gap.</summary>
public sealed record ChartPoint(DateTime X, decimal? Y);

public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);

/// <summary>A series over a chart's categories: one value per category of
/// <see cref="ApexChartOptions.Categories"/>, in the same order (a pie's slices, a heatmap's row); null
/// leaves a gap (an empty cell, a missing bar).</summary>
public sealed record ChartValues(string Name, IReadOnlyList<decimal?> Values);

/// <summary>A shaded band of the y axis with its label, such as the reference range of a vital sign.</summary>
public sealed record ChartBand(decimal From, decimal To, string Label, string? Color = null);

/// <summary>The value axis; <see cref="Unit"/> follows each value in labels and tooltips.</summary>
public sealed record ChartAxis(string? Title = null, decimal? Min = null, decimal? Max = null, string? Unit = null, int Decimals = 1);

/// <summary>A heatmap's colour for the values from <see cref="From"/> to <see cref="To"/>, named in the legend by <see cref="Label"/>.</summary>
public sealed record ChartColorRange(decimal From, decimal To, string Color, string? Label = null);

/// <summary>Which point was clicked: the index of its series (a heatmap's row; 0 for a pie) and of its
/// category or time point (a pie's slice, a heatmap's column), both in the order they were given.</summary>
public sealed record ChartPointClick(int SeriesIndex, int PointIndex);

/// <summary>How an <see cref="ApexChart"/> looks; the data comes separately as its series.</summary>
public sealed record ApexChartOptions
{
    public ApexChartType Type { get; init; } = ApexChartType.Line;

    public int Height { get; init; } = 280;

    public ChartAxis YAxis { get; init; } = new();

    public IReadOnlyList<ChartBand> Bands { get; init; } = [];

    /// <summary>CSS colours, one per series (a pie's slices) in order; empty for the library's palette.</summary>
    public IReadOnlyList<string> Colors { get; init; } = [];

    /// <summary>The labels of a category x axis, of a pie's slices or of a heatmap's columns; the chart then
    /// draws <see cref="ChartValues"/>. Empty: a datetime axis of <see cref="ChartSeries"/>.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    public ChartValueFormat Format { get; init; } = ChartValueFormat.Number;

    /// <summary>The ISO 4217 code of <see cref="ChartValueFormat.Money"/> values: the hospital's currency.</summary>
    public string Currency { get; init; } = "BRL";

    /// <summary>Bars of the series drawn on top of each other.</summary>
    public bool Stacked { get; init; }

    /// <summary>Bars laid sideways: the categories down the left, the values along the bottom.</summary>
    public bool Horizontal { get; init; }

    public ChartLegend Legend { get; init; } = ChartLegend.Auto;

    /// <summary>A heatmap's colours by value; empty for shades of the first colour from the lowest value to the highest.</summary>
    public IReadOnlyList<ChartColorRange> ColorScale { get; init; } = [];

    /// <summary>Whether the chart draws <see cref="ChartValues"/> over categories rather than time series.</summary>
    internal bool ByCategory => Categories.Count > 0 || Type is ApexChartType.Pie or ApexChartType.Donut or ApexChartType.Heatmap;
}
