using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClinicApp.Components.Shared.Charts;

/// <summary>The JSON text the chart's JS module (wwwroot-assets/src/apex-chart.js) reads: camelCase,
/// enum names in camelCase (they are ApexCharts' chart types) and times as epoch milliseconds of
/// the wall-clock time, so the browser's own time zone never shifts a point.</summary>
public static class ChartJson
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new WallClockConverter() },
    };

    /// <summary>Everything the chart shows: time series, or values over <see cref="ApexChartOptions.Categories"/>.</summary>
    /// <param name="clickable">A click on a point is reported back (the JS shows a pointer over the points).</param>
    public static string Chart(
        ApexChartOptions options,
        IReadOnlyList<ChartSeries> series,
        CultureInfo culture,
        string noData,
        IReadOnlyList<ChartValues>? values = null,
        bool clickable = false) =>
        JsonSerializer.Serialize(
            new ChartPayload(
                options.Type,
                options.Height,
                options.YAxis,
                options.Bands,
                options.Colors,
                series,
                LocaleOf(culture),
                noData,
                options.Categories,
                values ?? [],
                options.Format,
                options.Currency,
                options.Stacked,
                options.Horizontal,
                options.Legend,
                options.ColorScale,
                clickable),
            Json);

    /// <summary>Only the series, for updating the data of a chart that keeps its look.</summary>
    public static string Series(IReadOnlyList<ChartSeries> series) => JsonSerializer.Serialize(series, Json);

    /// <summary>Only the values over the categories, for updating a category chart that keeps its look
    /// (categories included).</summary>
    public static string Values(IReadOnlyList<ChartValues> values) => JsonSerializer.Serialize(values, Json);

    /// <summary>Month and day names for the axis labels, from .NET's culture data.</summary>
    private static ChartLocale LocaleOf(CultureInfo culture)
    {
        var names = culture.DateTimeFormat;
        return new ChartLocale(
            culture.Name,
            culture.Name.ToLowerInvariant(),
            new ChartLocaleNames(names.MonthNames[..12], names.AbbreviatedMonthNames[..12], names.DayNames, names.AbbreviatedDayNames));
    }

    private sealed record ChartPayload(
        ApexChartType Type,
        int Height,
        ChartAxis YAxis,
        IReadOnlyList<ChartBand> Bands,
        IReadOnlyList<string> Colors,
        IReadOnlyList<ChartSeries> Series,
        ChartLocale Locale,
        string NoData,
        IReadOnlyList<string> Categories,
        IReadOnlyList<ChartValues> Values,
        ChartValueFormat Format,
        string Currency,
        bool Stacked,
        bool Horizontal,
        ChartLegend Legend,
        IReadOnlyList<ChartColorRange> ColorScale,
        bool Clickable);

    /// <summary><see cref="Culture"/> formats numbers and dates (Intl); <see cref="Name"/> and
    /// <see cref="Options"/> are an ApexCharts locale.</summary>
    private sealed record ChartLocale(string Culture, string Name, ChartLocaleNames Options);

    private sealed record ChartLocaleNames(
        IReadOnlyList<string> Months,
        IReadOnlyList<string> ShortMonths,
        IReadOnlyList<string> Days,
        IReadOnlyList<string> ShortDays);

    private sealed class WallClockConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTime.UnixEpoch.AddMilliseconds(reader.GetInt64());

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteNumberValue((long)(DateTime.SpecifyKind(value, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalMilliseconds);
    }
}
