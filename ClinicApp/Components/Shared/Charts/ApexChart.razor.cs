using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace ClinicApp.Components.Shared.Charts;

/// <summary>An ApexCharts chart: time series (<see cref="Series"/>) or values over categories
/// (<see cref="Values"/> with <see cref="ApexChartOptions.Categories"/>: bars, pie, heatmap). The options are
/// typed here and turned into the library's configuration by a small JS module; new parameters update the
/// chart in place. A click on a point comes back through <see cref="OnPointClick"/>.</summary>
public sealed partial class ApexChart : ComponentBase, IAsyncDisposable
{
    public const string ModulePath = "./lib/clinic/apex-chart.js";

    private readonly CancellationTokenSource _cts = new();
    private readonly CancellationToken _lifetime;

    // Renders of the same chart must not overlap: an update sent before the first render has
    // finished would find no chart. Never disposed: a render still finishing may release it.
    private readonly SemaphoreSlim _gate = new(1, 1);

    private ElementReference _element;

    /// <summary>The chart's key in the browser: by the time the component is disposed its element may be gone.</summary>
    private readonly string _id = Guid.NewGuid().ToString("N");
    private IJSObjectReference? _module;
    private string _chart = "";
    private string _look = "";
    private string _series = "";
    private string? _shownLook;
    private string? _shownSeries;
    private DotNetObjectReference<ApexChart>? _self;

    public ApexChart() => _lifetime = _cts.Token;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<ApexChart> Logger { get; set; } = default!;

    /// <summary>Points over a datetime axis (when <see cref="ApexChartOptions.Categories"/> is empty and the type is not a pie or heatmap).</summary>
    [Parameter]
    public IReadOnlyList<ChartSeries> Series { get; set; } = [];

    /// <summary>Values over <see cref="ApexChartOptions.Categories"/>: bars, a pie's one series, a heatmap's rows.</summary>
    [Parameter]
    public IReadOnlyList<ChartValues> Values { get; set; } = [];

    /// <summary>A click on a bar, slice, cell or marker; the chart shows a pointer over its points when set.</summary>
    [Parameter]
    public EventCallback<ChartPointClick> OnPointClick { get; set; }

    [Parameter]
    public ApexChartOptions Options { get; set; } = new();

    /// <summary>Shown in place of the chart when no series has a point; a general text by default.</summary>
    [Parameter]
    public string? NoDataText { get; set; }

    /// <summary>Goes on the chart's element (aria-label, data-testid…).</summary>
    [Parameter(CaptureUnmatchedValues = true)]
    public IReadOnlyDictionary<string, object>? Attributes { get; set; }

    protected override void OnParametersSet()
    {
        var culture = CultureInfo.CurrentCulture;
        var noData = NoDataText ?? L["Charts.NoData"];
        var clickable = OnPointClick.HasDelegate;
        _chart = ChartJson.Chart(Options, Series, culture, noData, Values, clickable);
        _look = ChartJson.Chart(Options, [], culture, noData, [], clickable);
        _series = Options.ByCategory ? ChartJson.Values(Values) : ChartJson.Series(Series);
    }

    /// <summary>Called by the JS module when a point is clicked, with the indexes in the order given.</summary>
    [JSInvokable]
    public Task PointClicked(int seriesIndex, int pointIndex) =>
        OnPointClick.InvokeAsync(new ChartPointClick(seriesIndex, pointIndex));

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        var (chart, look, series) = (_chart, _look, _series);
        try
        {
            await _gate.WaitAsync(_lifetime);
            try
            {
                await ShowAsync(chart, look, series);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Disposed meanwhile.
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the page with it.
        }
        catch (JSException e)
        {
            // A chart that cannot be drawn (script not loaded…) must not take the page down with it.
            Logger.LogWarning(e, "The chart could not be drawn.");
        }
    }

    private async Task ShowAsync(string chart, string look, string series)
    {
        // The JS keeps the reference for the chart's click handler; one per component, released with it.
        _self ??= DotNetObjectReference.Create(this);
        if (_module is null)
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", _lifetime, ModulePath);
            await _module.InvokeVoidAsync("render", _lifetime, _id, _element, chart, _self);
        }
        else if (look != _shownLook)
        {
            await _module.InvokeVoidAsync("update", _lifetime, _id, chart, _self);
        }
        else if (series != _shownSeries)
        {
            await _module.InvokeVoidAsync("updateSeries", _lifetime, _id, series);
        }

        (_shownLook, _shownSeries) = (look, series);
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("dispose", _id);
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone: the browser dropped the chart with the page.
            }
            catch (JSException e)
            {
                // Letting this escape would end the whole circuit over a chart that is already off the screen.
                Logger.LogWarning(e, "The chart could not be released.");
            }
        }

        _self?.Dispose();
        _cts.Dispose();
    }
}
