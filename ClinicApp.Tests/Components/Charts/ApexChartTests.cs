using System.Text.Json;
using Bunit;
using ClinicApp.Components.Shared.Charts;
using ClinicApp.Tests.Support;
using Microsoft.JSInterop;

namespace ClinicApp.Tests.Components.Charts;

public sealed class ApexChartTests : ComponentTestContext
{
    private static readonly DateTime Morning = new(2026, 11, 23, 9, 30, 0);

    private static readonly ApexChartOptions Vitals = new()
    {
        Type = ApexChartType.Area,
        Height = 240,
        YAxis = new ChartAxis("Frequência cardíaca", 40, 200, "bpm", 0),
        Bands = [new ChartBand(60, 120, "Normal", "#4CAF50")],
        Colors = ["#00796B"],
    };

    private readonly BunitJSModuleInterop _module;

    public ApexChartTests() => _module = JSInterop.SetupModule(ApexChart.ModulePath);

    [Fact]
    public void The_module_draws_the_series_with_the_typed_options()
    {
        using var _ = new CultureScope("pt-BR");
        IReadOnlyList<ChartSeries> series = [new("FC", [new(Morning, 98.5m), new(Morning.AddHours(1), null)])];

        var cut = Render<ApexChart>(p => p.Add(c => c.Series, series).Add(c => c.Options, Vitals).AddUnmatched("data-testid", "chart"));

        var render = _module.VerifyInvoke("render");
        Assert.Equal("img", cut.Find("[data-testid=chart]").GetAttribute("role"));
        var chart = JsonDocument.Parse(Assert.IsType<string>(render.Arguments[2])).RootElement;
        Assert.Equal("area", chart.GetProperty("type").GetString());
        Assert.Equal(240, chart.GetProperty("height").GetInt32());
        var axis = chart.GetProperty("yAxis");
        Assert.Equal("Frequência cardíaca", axis.GetProperty("title").GetString());
        Assert.Equal((40m, 200m), (axis.GetProperty("min").GetDecimal(), axis.GetProperty("max").GetDecimal()));
        Assert.Equal(("bpm", 0), (axis.GetProperty("unit").GetString(), axis.GetProperty("decimals").GetInt32()));
        Assert.Equal("""[{"from":60,"to":120,"label":"Normal","color":"#4CAF50"}]""", chart.GetProperty("bands").GetRawText());
        Assert.Equal("#00796B", chart.GetProperty("colors")[0].GetString());

        // Wall-clock times travel as epoch milliseconds, so the browser's time zone cannot shift them.
        var points = chart.GetProperty("series")[0].GetProperty("points");
        Assert.Equal("FC", chart.GetProperty("series")[0].GetProperty("name").GetString());
        Assert.Equal(new DateTimeOffset(Morning, TimeSpan.Zero).ToUnixTimeMilliseconds(), points[0].GetProperty("x").GetInt64());
        Assert.Equal(98.5m, points[0].GetProperty("y").GetDecimal());
        Assert.Equal(JsonValueKind.Null, points[1].GetProperty("y").ValueKind);

        var locale = chart.GetProperty("locale");
        Assert.Equal("pt-BR", locale.GetProperty("culture").GetString());
        Assert.Equal("pt-br", locale.GetProperty("name").GetString());
        Assert.Equal("janeiro", locale.GetProperty("options").GetProperty("months")[0].GetString());
        Assert.Equal(12, locale.GetProperty("options").GetProperty("shortMonths").GetArrayLength());
        Assert.Equal("Ainda não há dados", chart.GetProperty("noData").GetString());
    }

    [Fact]
    public void New_data_with_the_same_look_only_updates_the_series()
    {
        using var _ = new CultureScope("en");
        var cut = Render<ApexChart>(p => p.Add(c => c.Series, [new ChartSeries("Weight", [new(Morning, 10m)])]).Add(c => c.Options, Vitals));

        cut.Render(p => p.Add(c => c.Series, [new ChartSeries("Weight", [new(Morning, 10m), new(Morning.AddDays(7), 10.4m)])]));

        var update = _module.VerifyInvoke("updateSeries");
        var series = JsonDocument.Parse(Assert.IsType<string>(update.Arguments[1])).RootElement;
        Assert.Equal(2, series[0].GetProperty("points").GetArrayLength());
        _module.VerifyNotInvoke("update");
        _module.VerifyInvoke("render", calledTimes: 1);
    }

    [Fact]
    public void A_new_look_redraws_the_chart_and_the_same_parameters_send_nothing()
    {
        using var _ = new CultureScope("en");
        IReadOnlyList<ChartSeries> series = [new("Weight", [new(Morning, 10m)])];
        var cut = Render<ApexChart>(p => p.Add(c => c.Series, series).Add(c => c.Options, Vitals));

        cut.Render(p => p.Add(c => c.Series, series).Add(c => c.Options, Vitals with { Type = ApexChartType.Bar }));
        cut.Render(p => p.Add(c => c.Series, series).Add(c => c.Options, Vitals with { Type = ApexChartType.Bar }));

        var update = _module.VerifyInvoke("update", calledTimes: 1);
        Assert.Contains("\"type\":\"bar\"", Assert.IsType<string>(update[0].Arguments[1]), StringComparison.Ordinal);
        _module.VerifyNotInvoke("updateSeries");
    }

    [Fact]
    public async Task Disposing_the_component_destroys_the_chart()
    {
        Render<ApexChart>(p => p.Add(c => c.Series, []));

        await DisposeComponentsAsync();

        // By its id: when a whole dashboard is replaced, the element is already off the page and would arrive as null.
        var id = Assert.IsType<string>(_module.VerifyInvoke("render").Arguments[0]);
        Assert.Equal(id, Assert.IsType<string>(_module.VerifyInvoke("dispose").Arguments[0]));
    }

    [Fact]
    public async Task A_chart_the_browser_fails_to_release_does_not_fail_the_disposal()
    {
        _module.SetupVoid("dispose", _ => true).SetException(new JSException("Invalid value used in weak set"));
        Render<ApexChart>(p => p.Add(c => c.Series, []));

        await DisposeComponentsAsync();

        _module.VerifyInvoke("dispose");
    }

    [Fact]
    public async Task A_closed_circuit_does_not_fail_the_disposal()
    {
        _module.SetupVoid("dispose", _ => true).SetException(new JSDisconnectedException("The circuit is gone."));
        Render<ApexChart>(p => p.Add(c => c.Series, []));

        await DisposeComponentsAsync();

        _module.VerifyInvoke("dispose");
    }
}
