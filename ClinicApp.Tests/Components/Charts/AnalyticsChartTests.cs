using System.Text.Json;
using Bunit;
using ClinicApp.Components.Shared.Charts;
using ClinicApp.Features.Analytics;
using ClinicApp.Tests.Support;

namespace ClinicApp.Tests.Components.Charts;

/// <summary>How a dashboard chart (<see cref="ChartData"/>) becomes an ApexChart, its empty state, and the drill
/// key a click raises.</summary>
public sealed class AnalyticsChartTests : ComponentTestContext
{
    private static readonly IReadOnlyList<ChartCategory> Days = [new("2026-12-01", "01/12"), new("2026-12-02", "02/12"), new("2026-12-03", "03/12")];

    private readonly BunitJSModuleInterop _module;

    public AnalyticsChartTests() => _module = JSInterop.SetupModule(ApexChart.ModulePath);

    [Fact]
    public void Revenue_per_day_is_stacked_money_bars_over_the_buckets_labels_in_the_hospital_currency()
    {
        using var _ = new CultureScope("pt-BR");
        var data = new ChartData("revenue-by-day", "Receita por dia", ChartShape.Time, ValueFormat.Money, Days,
            [new("consultations", "Consultas", [100.5m, null, 30m]), new("exams", "Exames", [0m, 40m, 0m])])
        { Stacked = true };

        Render<AnalyticsChart>(p => p.Add(c => c.Data, data).Add(c => c.Height, 320));

        var chart = Sent();
        Assert.Equal("bar", chart.GetProperty("type").GetString());
        Assert.True(chart.GetProperty("stacked").GetBoolean());
        Assert.False(chart.GetProperty("horizontal").GetBoolean());
        Assert.Equal(320, chart.GetProperty("height").GetInt32());
        Assert.Equal("""["01/12","02/12","03/12"]""", chart.GetProperty("categories").GetRawText());
        Assert.Equal(
            """[{"name":"Consultas","values":[100.5,null,30]},{"name":"Exames","values":[0,40,0]}]""",
            chart.GetProperty("values").GetRawText());
        Assert.Equal(("money", "BRL"), (chart.GetProperty("format").GetString(), chart.GetProperty("currency").GetString()));
        Assert.True(chart.GetProperty("clickable").GetBoolean());
    }

    [Theory]
    [InlineData(ValueFormat.Percent, "percent", "line")]
    [InlineData(ValueFormat.Days, "days", "line")]
    [InlineData(ValueFormat.Count, "count", "bar")]
    [InlineData(ValueFormat.Money, "money", "bar")]
    public void A_time_chart_draws_rates_and_durations_as_lines_and_amounts_as_bars(ValueFormat format, string sentFormat, string type)
    {
        var data = new ChartData("figure", "Figure", ChartShape.Time, format, Days, [new("all", "All", [1m, 2m, 3m])]);

        Render<AnalyticsChart>(p => p.Add(c => c.Data, data));

        var chart = Sent();
        Assert.Equal((sentFormat, type), (chart.GetProperty("format").GetString(), chart.GetProperty("type").GetString()));
    }

    [Fact]
    public void A_top_list_is_horizontal_count_bars_and_a_pie_a_donut_of_its_slices()
    {
        var top = new ChartData("top-services", "Top services", ChartShape.Category, ValueFormat.Count,
            [new("svc-1", "Consulta"), new("svc-2", "Vacina V10")], [new("count", "Count", [30m, 12m])])
        { Horizontal = true };
        var methods = new ChartData("received-by-method", "Received by method", ChartShape.Pie, ValueFormat.Money,
            [new("Cash", "Dinheiro"), new("Pix", "Pix")], [new("received", "Recebido", [100m, 250.5m])]);

        Render<AnalyticsChart>(p => p.Add(c => c.Data, top));
        Render<AnalyticsChart>(p => p.Add(c => c.Data, methods));

        var renders = _module.VerifyInvoke("render", calledTimes: 2);
        var bars = Sent(renders[0]);
        Assert.Equal(("bar", true, false), (bars.GetProperty("type").GetString(), bars.GetProperty("horizontal").GetBoolean(), bars.GetProperty("stacked").GetBoolean()));
        Assert.Equal("""["Consulta","Vacina V10"]""", bars.GetProperty("categories").GetRawText());
        Assert.Equal("count", bars.GetProperty("format").GetString());
        var pie = Sent(renders[1]);
        Assert.Equal("donut", pie.GetProperty("type").GetString());
        Assert.Equal("""["Dinheiro","Pix"]""", pie.GetProperty("categories").GetRawText());
        Assert.Equal("""[{"name":"Recebido","values":[100,250.5]}]""", pie.GetProperty("values").GetRawText());
    }

    [Fact]
    public void A_heatmap_sends_its_rows_in_order_with_the_columns_as_categories()
    {
        var data = Heatmap();

        Render<AnalyticsChart>(p => p.Add(c => c.Data, data));

        var chart = Sent();
        Assert.Equal(("heatmap", "percent"), (chart.GetProperty("type").GetString(), chart.GetProperty("format").GetString()));
        Assert.Equal("""["08h","09h"]""", chart.GetProperty("categories").GetRawText());
        Assert.Equal(["Seg", "Ter"], chart.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_click_on_a_heatmap_cell_drills_into_its_row_and_column()
    {
        var drills = new List<DrillKey>();
        var cut = Render<AnalyticsChart>(p => p.Add(c => c.Data, Heatmap()).Add(c => c.OnDrill, (DrillKey key) => drills.Add(key)));

        await ClickAsync(cut, 1, 0);
        // An empty cell (nothing due) has no records behind it.
        await ClickAsync(cut, 0, 1);

        Assert.Equal([new DrillKey("noshow-heatmap", "2", "8")], drills);
    }

    [Fact]
    public async Task A_click_on_a_slice_names_the_single_series_and_the_slice_as_the_point()
    {
        var drills = new List<DrillKey>();
        var data = new ChartData("aging", "Receivables aging", ChartShape.Pie, ValueFormat.Money,
            [new("0-30", "0–30"), new("31-60", "31–60"), new("90+", "90+")], [new("open", "Em aberto", [10m, 20m, 30m])]);
        var cut = Render<AnalyticsChart>(p => p.Add(c => c.Data, data).Add(c => c.OnDrill, (DrillKey key) => drills.Add(key)));

        await ClickAsync(cut, 0, 2);

        Assert.Equal([new DrillKey("aging", "open", "90+")], drills);
    }

    [Fact]
    public async Task A_click_on_a_stacked_bar_names_its_series_and_bucket()
    {
        var drills = new List<DrillKey>();
        var data = new ChartData("revenue-by-day", "Revenue", ChartShape.Time, ValueFormat.Money, Days,
            [new("consultations", "Consultations", [1m, 2m, 3m]), new("exams", "Exams", [4m, 5m, 6m])])
        { Stacked = true };
        var cut = Render<AnalyticsChart>(p => p.Add(c => c.Data, data).Add(c => c.OnDrill, (DrillKey key) => drills.Add(key)));

        await ClickAsync(cut, 1, 2);

        Assert.Equal([new DrillKey("revenue-by-day", "exams", "2026-12-03")], drills);
    }

    [Fact]
    public void A_chart_that_opens_nothing_shows_no_pointer()
    {
        var data = new ChartData("stay-length", "Length of stay", ChartShape.Time, ValueFormat.Days, Days, [new("all", "All", [1m, 2m, 3m])])
        { Drillable = false };

        var cut = Render<AnalyticsChart>(p => p.Add(c => c.Data, data));

        Assert.False(Sent().GetProperty("clickable").GetBoolean());
        Assert.Empty(cut.FindAll(".clinic-chart-clickable"));
    }

    [Theory]
    [InlineData("pt-BR", "Nada neste período")]
    [InlineData("en", "Nothing in this period")]
    public void A_chart_with_nothing_to_draw_says_so_instead_of_drawing_a_flat_chart(string culture, string text)
    {
        using var _ = new CultureScope(culture);
        var data = new ChartData("revenue-by-day", "Revenue", ChartShape.Time, ValueFormat.Money, Days, [new("all", "All", [0m, null, 0m])]);

        var cut = Render<AnalyticsChart>(p => p.Add(c => c.Data, data));

        Assert.Equal(text, cut.Find("[data-testid=chart-revenue-by-day] [data-testid=chart-empty]").TextContent.Trim());
        Assert.Empty(cut.FindComponents<ApexChart>());
        _module.VerifyNotInvoke("render");
    }

    private static ChartData Heatmap() =>
        new("noshow-heatmap", "No-shows by weekday and hour", ChartShape.Heatmap, ValueFormat.Percent,
            [new("8", "08h"), new("9", "09h")],
            [new("1", "Seg", [10m, null]), new("2", "Ter", [28.6m, 0m])]);

    // What the JS module does on a click: calls the chart back with the indexes.
    private static Task ClickAsync(IRenderedComponent<AnalyticsChart> cut, int series, int point)
    {
        var chart = cut.FindComponent<ApexChart>();
        return chart.InvokeAsync(() => chart.Instance.PointClicked(series, point));
    }

    private JsonElement Sent() => Sent(_module.VerifyInvoke("render"));

    // render(id, element, json, dotnet); update(id, json, dotnet)
    private static JsonElement Sent(JSRuntimeInvocation invocation) =>
        JsonDocument.Parse(Assert.IsType<string>(invocation.Arguments[invocation.Identifier == "render" ? 2 : 1])).RootElement;
}
