namespace ClinicApp.Components.Shared.Charts;

public enum ApexChartType
{
    Line,
    Area,
    Bar,
}

/// <summary>One measurement: <see cref="X"/> is the hospital's wall-clock time; a null
/// <see cref="Y"/> leaves a gap.</summary>
public sealed record ChartPoint(DateTime X, decimal? Y);

public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);

/// <summary>A shaded band of the y axis with its label, such as the reference range of a vital sign.</summary>
public sealed record ChartBand(decimal From, decimal To, string Label, string? Color = null);

/// <summary>The value axis; <see cref="Unit"/> follows each value in labels and tooltips.</summary>
public sealed record ChartAxis(string? Title = null, decimal? Min = null, decimal? Max = null, string? Unit = null, int Decimals = 1);

/// <summary>How an <see cref="ApexChart"/> looks; the data comes separately as its series.</summary>
public sealed record ApexChartOptions
{
    public ApexChartType Type { get; init; } = ApexChartType.Line;

    public int Height { get; init; } = 280;

    public ChartAxis YAxis { get; init; } = new();

    public IReadOnlyList<ChartBand> Bands { get; init; } = [];

    /// <summary>CSS colours, one per series in order; empty for the library's palette.</summary>
    public IReadOnlyList<string> Colors { get; init; } = [];
}
