using System.Text.Json;
using Bunit;
using ClinicApp.Components.Shared.Charts;
using ClinicApp.Tests.Support;
using Microsoft.JSInterop;

namespace ClinicApp.Tests.Components.Charts;

/// <summary>The chart over categories (bars, pie, heatmap) and its click: what the JS module receives.</summary>
public sealed class ApexChartCategoryTests : ComponentTestContext
{
    private readonly BunitJSModuleInterop _module;

    public ApexChartCategoryTests() => _module = JSInterop.SetupModule(ApexChart.ModulePath);

    [Fact]
    public void Stacked_horizontal_bars_carry_their_categories_values_and_money_format()
    {
        using var _ = new CultureScope("pt-BR");
        var look = new ApexChartOptions
        {
            Type = ApexChartType.Bar,
            Categories = ["01/12", "02/12"],
            Stacked = true,
            Horizontal = true,
            Format = ChartValueFormat.Money,
            Currency = "BRL",
            Legend = ChartLegend.Top,
        };
        IReadOnlyList<ChartValues> values = [new("Consultas", [1234.56m, null]), new("Exames", [10m, 20m])];

        var cut = Render<ApexChart>(p => p.Add(c => c.Values, values).Add(c => c.Options, look).AddUnmatched("data-testid", "chart"));

        var chart = Sent(_module.VerifyInvoke("render"));
        Assert.Equal("bar", chart.GetProperty("type").GetString());
        Assert.Equal("""["01/12","02/12"]""", chart.GetProperty("categories").GetRawText());
        Assert.Equal("""[{"name":"Consultas","values":[1234.56,null]},{"name":"Exames","values":[10,20]}]""", chart.GetProperty("values").GetRawText());
        Assert.Equal(("money", "BRL"), (chart.GetProperty("format").GetString(), chart.GetProperty("currency").GetString()));
        Assert.True(chart.GetProperty("stacked").GetBoolean());
        Assert.True(chart.GetProperty("horizontal").GetBoolean());
        Assert.Equal("top", chart.GetProperty("legend").GetString());
        Assert.Equal(0, chart.GetProperty("series").GetArrayLength());
        // Nobody listens to clicks: no pointer, nothing reported.
        Assert.False(chart.GetProperty("clickable").GetBoolean());
        Assert.DoesNotContain("clinic-chart-clickable", cut.Find("[data-testid=chart]").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_heatmap_carries_its_rows_and_colour_scale_and_a_pie_its_slices()
    {
        using var _ = new CultureScope("en");
        var heatmap = new ApexChartOptions
        {
            Type = ApexChartType.Heatmap,
            Categories = ["08h", "09h"],
            Format = ChartValueFormat.Percent,
            ColorScale = [new ChartColorRange(0, 10, "#C8E6C9", "Low"), new ChartColorRange(10, 100, "#E53935")],
        };
        Render<ApexChart>(p => p.Add(c => c.Values, [new ChartValues("Mon", [5m, 28.6m]), new ChartValues("Tue", [null, 0m])]).Add(c => c.Options, heatmap));
        Render<ApexChart>(p => p
            .Add(c => c.Values, [new ChartValues("Received", [100m, 250.5m])])
            .Add(c => c.Options, new ApexChartOptions { Type = ApexChartType.Donut, Categories = ["Cash", "Pix"], Format = ChartValueFormat.Money }));

        var renders = _module.VerifyInvoke("render", calledTimes: 2);
        var cells = Sent(renders[0]);
        Assert.Equal("heatmap", cells.GetProperty("type").GetString());
        Assert.Equal("percent", cells.GetProperty("format").GetString());
        Assert.Equal(2, cells.GetProperty("values").GetArrayLength());
        Assert.Equal(
            """[{"from":0,"to":10,"color":"#C8E6C9","label":"Low"},{"from":10,"to":100,"color":"#E53935","label":null}]""",
            cells.GetProperty("colorScale").GetRawText());
        var pie = Sent(renders[1]);
        Assert.Equal("donut", pie.GetProperty("type").GetString());
        Assert.Equal("""["Cash","Pix"]""", pie.GetProperty("categories").GetRawText());
        Assert.Equal("""[100,250.5]""", pie.GetProperty("values")[0].GetProperty("values").GetRawText());
    }

    [Fact]
    public async Task A_click_in_the_browser_comes_back_with_the_series_and_point_indexes()
    {
        ChartPointClick? clicked = null;
        var cut = Render<ApexChart>(p => p
            .Add(c => c.Values, [new ChartValues("A", [1m, 2m])])
            .Add(c => c.Options, new ApexChartOptions { Type = ApexChartType.Bar, Categories = ["x", "y"] })
            .Add(c => c.OnPointClick, (ChartPointClick click) => clicked = click)
            .AddUnmatched("data-testid", "chart"));

        var render = _module.VerifyInvoke("render");
        Assert.True(Sent(render).GetProperty("clickable").GetBoolean());
        Assert.Contains("clinic-chart-clickable", cut.Find("[data-testid=chart]").ClassName, StringComparison.Ordinal);
        var self = Assert.IsType<DotNetObjectReference<ApexChart>>(render.Arguments[3]);

        await cut.InvokeAsync(() => self.Value.PointClicked(0, 1));

        Assert.Equal(new ChartPointClick(0, 1), clicked);
    }

    [Fact]
    public async Task New_values_over_the_same_categories_only_update_the_series_and_disposal_releases_the_reference()
    {
        using var _ = new CultureScope("en");
        var look = new ApexChartOptions { Type = ApexChartType.Bar, Categories = ["x", "y"] };
        var cut = Render<ApexChart>(p => p.Add(c => c.Values, [new ChartValues("A", [1m, 2m])]).Add(c => c.Options, look));

        cut.Render(p => p.Add(c => c.Values, [new ChartValues("A", [3m, 4m])]).Add(c => c.Options, look));

        var update = _module.VerifyInvoke("updateSeries");
        Assert.Equal("""[{"name":"A","values":[3,4]}]""", Assert.IsType<string>(update.Arguments[1]));
        _module.VerifyNotInvoke("update");
        var self = Assert.IsType<DotNetObjectReference<ApexChart>>(_module.VerifyInvoke("render").Arguments[3]);

        await DisposeComponentsAsync();

        // The browser can no longer call a component that is gone.
        Assert.Throws<ObjectDisposedException>(() => self.Value);
    }

    // render(id, element, json, dotnet); update(id, json, dotnet)
    private static JsonElement Sent(JSRuntimeInvocation invocation) =>
        JsonDocument.Parse(Assert.IsType<string>(invocation.Arguments[invocation.Identifier == "render" ? 2 : 1])).RootElement;
}
