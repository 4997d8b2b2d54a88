// The browser half of ClinicApp.Components.Shared.Charts.ApexChart: turns the component's typed
// options (JSON text, see ChartJson.cs) into an ApexCharts configuration and keeps one chart per
// component. Copied by build.mjs to wwwroot/lib/clinic/.

// Keyed by the component's id, not by its element: when Blazor disposes a component whose element
// has already left the page, the element reference arrives as null, and the chart must still be
// destroyed (ApexCharts keeps window listeners until then).
const charts = new Map();
const disposed = new Set();
let apexLoading;

// apexcharts.min.js is a UMD script (it defines window.ApexCharts); load it once per page, from
// beside this module so the hospital's path prefix and asset fingerprints do not matter.
function loadApexCharts() {
  if (window.ApexCharts) return Promise.resolve(window.ApexCharts);
  apexLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL('../apexcharts/apexcharts.min.js', import.meta.url).href;
    script.onload = () => resolve(window.ApexCharts);
    script.onerror = () => {
      apexLoading = undefined;
      reject(new Error(`could not load ${script.src}`));
    };
    document.head.appendChild(script);
  });
  return apexLoading;
}

const isPie = (o) => o.type === 'pie' || o.type === 'donut';
const isHeatmap = (o) => o.type === 'heatmap';
const byCategory = (o) => o.categories.length > 0 || isPie(o) || isHeatmap(o);

// ApexCharts draws a heatmap's first series at the bottom; the rows are given top to bottom.
const heatmapRow = (o, index) => o.values.length - 1 - index;

function toSeries(o) {
  if (!byCategory(o)) return o.series.map((s) => ({ name: s.name, data: s.points.map((p) => ({ x: p.x, y: p.y })) }));
  // A pie has no gaps: a missing slice is an empty one.
  if (isPie(o)) return (o.values[0]?.values ?? []).map((v) => v ?? 0);
  if (isHeatmap(o)) {
    return o.values
      .map((s) => ({ name: s.name, data: s.values.map((v, i) => ({ x: o.categories[i], y: v })) }))
      .reverse();
  }
  return o.values.map((s) => ({ name: s.name, data: s.values }));
}

// ApexCharts merges the configuration into its defaults, and a key present with the value
// undefined replaces a default (then fails reading it): leave such keys out.
function compact(value) {
  if (Array.isArray(value)) return value.map(compact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, compact(v)]));
}

// The value formats of ChartValueFormat; the axis drops what crowds it (cents, a second decimal).
function formatters(o) {
  const culture = o.locale.culture;
  const make = (options, scale = 1) => {
    const f = new Intl.NumberFormat(culture, options);
    return (v) => (v == null ? '' : f.format(v * scale));
  };
  switch (o.format) {
    case 'count':
      return { value: make({ maximumFractionDigits: 0 }), axis: make({ maximumFractionDigits: 0 }) };
    case 'money':
      return {
        value: make({ style: 'currency', currency: o.currency }),
        axis: make({ style: 'currency', currency: o.currency, minimumFractionDigits: 0, maximumFractionDigits: 0 }),
      };
    case 'percent':
      return {
        value: make({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }, 0.01),
        axis: make({ style: 'percent', maximumFractionDigits: 1 }, 0.01),
      };
    case 'days':
      return {
        value: make({ style: 'unit', unit: 'day', unitDisplay: 'long', maximumFractionDigits: 1 }),
        axis: make({ style: 'unit', unit: 'day', unitDisplay: 'short', maximumFractionDigits: 1 }),
      };
    default: {
      const number = make({ maximumFractionDigits: o.yAxis.decimals });
      const value = (v) => (v == null ? '' : o.yAxis.unit ? `${number(v)} ${o.yAxis.unit}` : number(v));
      return { value, axis: value };
    }
  }
}

function legendOf(o) {
  const auto = isHeatmap(o) ? o.colorScale.length > 0 : isPie(o) ? o.categories.length > 1 : (byCategory(o) ? o.values : o.series).length > 1;
  const show = o.legend === 'auto' ? auto : o.legend !== 'hidden';
  return { show, position: o.legend === 'auto' || o.legend === 'hidden' ? 'bottom' : o.legend };
}

// Reports a click to .NET with the indexes in the order the component gave them.
function clicked(id, seriesIndex, pointIndex) {
  const state = charts.get(id);
  if (!state?.dotnet || pointIndex == null || pointIndex < 0) return;
  const { o, dotnet } = state;
  const series = isPie(o) ? 0 : isHeatmap(o) ? heatmapRow(o, seriesIndex) : seriesIndex;
  dotnet.invokeMethodAsync('PointClicked', series, pointIndex).catch(() => {
    // The component is gone (page left): nothing to tell.
  });
}

function axes(o, { axis }) {
  const yTitle = o.yAxis.title ? { text: o.yAxis.title } : undefined;
  if (isPie(o)) return {};
  if (isHeatmap(o)) return { xaxis: { type: 'category' }, yaxis: { title: yTitle } };
  if (!byCategory(o)) {
    return {
      xaxis: { type: 'datetime', labels: { datetimeUTC: true } },
      yaxis: { title: yTitle, min: o.yAxis.min ?? undefined, max: o.yAxis.max ?? undefined, forceNiceScale: true, labels: { formatter: axis } },
    };
  }
  // Horizontal bars swap the axes: the categories go down the y axis, the values along the x axis.
  if (o.horizontal) {
    return {
      xaxis: { type: 'category', categories: o.categories, min: o.yAxis.min ?? undefined, max: o.yAxis.max ?? undefined, labels: { formatter: axis } },
      yaxis: { title: yTitle, labels: { maxWidth: 220 } },
    };
  }
  // Thirty days of dates under a half-width chart overlap even rotated: a dozen labels at most, spread evenly.
  const many = o.categories.length > 12;
  return {
    xaxis: { type: 'category', categories: o.categories, tickAmount: many ? 12 : undefined, labels: { rotate: -45, hideOverlappingLabels: true, trim: true } },
    yaxis: { title: yTitle, min: o.yAxis.min ?? undefined, max: o.yAxis.max ?? undefined, forceNiceScale: true, labels: { formatter: axis } },
  };
}

function toConfig(id, o) {
  const format = formatters(o);
  // X values are the hospital's wall-clock times written as if they were UTC, so formatting in UTC
  // shows them as the hospital sees them whatever the browser's own time zone.
  const date = new Intl.DateTimeFormat(o.locale.culture, { dateStyle: 'medium', timeZone: 'UTC' });
  const percent = new Intl.NumberFormat(o.locale.culture, { style: 'percent', maximumFractionDigits: 1 });
  const bar = o.type === 'bar';
  const pie = isPie(o);
  const heatmap = isHeatmap(o);
  const lines = o.type === 'line' || o.type === 'area';
  const onPoint = (event, context, config) => clicked(id, config.seriesIndex, config.dataPointIndex);
  const { xaxis, yaxis } = axes(o, format);
  return compact({
    chart: {
      type: o.type,
      height: o.height,
      stacked: bar && o.stacked,
      fontFamily: 'Roboto, Helvetica, Arial, sans-serif',
      toolbar: { show: false },
      zoom: { enabled: false },
      locales: [{ name: o.locale.name, options: o.locale.options }],
      defaultLocale: o.locale.name,
      // Bars, slices and cells report a selection; a line's points report a click on their marker.
      events: o.clickable ? (lines ? { markerClick: onPoint } : { dataPointSelection: onPoint }) : undefined,
    },
    series: toSeries(o),
    labels: pie ? o.categories : undefined,
    colors: o.colors.length ? o.colors : heatmap ? ['#1E88E5'] : undefined,
    // A click opens the records behind the point; the point must not stay "selected" afterwards.
    states: o.clickable ? { active: { filter: { type: 'none' } } } : undefined,
    dataLabels: pie ? { enabled: true, formatter: (share) => percent.format(share / 100) } : { enabled: false },
    stroke: pie || heatmap ? { width: 1, colors: ['#fff'] } : { curve: 'straight', width: bar ? 0 : 2 },
    markers: { size: bar || pie || heatmap ? 0 : 4 },
    fill: o.type === 'area' ? { type: 'gradient', gradient: { opacityFrom: 0.35, opacityTo: 0.05 } } : undefined,
    legend: legendOf(o),
    // A line over categories ends on the last label, which would otherwise be cut at the right edge.
    grid: lines && byCategory(o) ? { padding: { right: 16 } } : undefined,
    plotOptions: {
      bar: bar ? { horizontal: o.horizontal, borderRadius: 2 } : undefined,
      pie: pie ? { expandOnClick: false } : undefined,
      heatmap: heatmap
        ? {
          enableShades: o.colorScale.length === 0,
          shadeIntensity: 0.6,
          colorScale: o.colorScale.length
            ? { ranges: o.colorScale.map((r) => ({ from: r.from, to: r.to, color: r.color, name: r.label ?? undefined })) }
            : undefined,
        }
        : undefined,
    },
    xaxis,
    yaxis,
    tooltip: {
      x: byCategory(o) ? undefined : { formatter: (x) => date.format(new Date(x)) },
      y: { formatter: format.value },
    },
    annotations: pie || heatmap ? undefined : {
      yaxis: o.bands.map((b) => ({
        y: b.from,
        y2: b.to,
        fillColor: b.color ?? '#4CAF50',
        borderColor: b.color ?? '#4CAF50',
        opacity: 0.12,
        label: { text: b.label, position: 'left', textAnchor: 'start', borderWidth: 0, style: { background: 'transparent', color: '#455A64' } },
      })),
    },
    noData: { text: o.noData },
  });
}

export async function render(id, element, json, dotnet) {
  const ApexCharts = await loadApexCharts();
  // The component may have gone while the script was loading.
  if (disposed.has(id)) {
    disposed.delete(id);
    return;
  }
  charts.get(id)?.chart.destroy();
  const o = JSON.parse(json);
  const chart = new ApexCharts(element, toConfig(id, o));
  charts.set(id, { chart, o, dotnet });
  await chart.render();
}

export async function update(id, json, dotnet) {
  const state = charts.get(id);
  if (!state) return;
  state.o = JSON.parse(json);
  state.dotnet = dotnet;
  await state.chart.updateOptions(toConfig(id, state.o), true, false);
}

// Only the data changed: time series, or values over the same categories.
export async function updateSeries(id, json) {
  const state = charts.get(id);
  if (!state) return;
  const data = JSON.parse(json);
  state.o = byCategory(state.o) ? { ...state.o, values: data } : { ...state.o, series: data };
  await state.chart.updateSeries(toSeries(state.o));
}

export function dispose(id) {
  const state = charts.get(id);
  if (!state) {
    // Not drawn yet: render, still waiting for the script, must not draw it.
    disposed.add(id);
    return;
  }
  charts.delete(id);
  state.chart.destroy();
}
