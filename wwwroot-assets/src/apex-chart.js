// The browser half of ClinicApp.Components.Shared.Charts.ApexChart: turns the component's typed
// options (JSON text, see ChartJson.cs) into an ApexCharts configuration and keeps one chart per
// element. Copied by build.mjs to wwwroot/lib/clinic/.

const charts = new WeakMap();
const disposed = new WeakSet();
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

function toSeries(series) {
  return series.map((s) => ({ name: s.name, data: s.points.map((p) => ({ x: p.x, y: p.y })) }));
}

// ApexCharts merges the configuration into its defaults, and a key present with the value
// undefined replaces a default (then fails reading it): leave such keys out.
function compact(value) {
  if (Array.isArray(value)) return value.map(compact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, compact(v)]));
}

function toConfig(o) {
  const number = new Intl.NumberFormat(o.locale.culture, { maximumFractionDigits: o.yAxis.decimals });
  // X values are the hospital's wall-clock times written as if they were UTC, so formatting in UTC
  // shows them as the hospital sees them whatever the browser's own time zone.
  const date = new Intl.DateTimeFormat(o.locale.culture, { dateStyle: 'medium', timeZone: 'UTC' });
  const value = (v) => (v == null ? '' : o.yAxis.unit ? `${number.format(v)} ${o.yAxis.unit}` : number.format(v));
  const bar = o.type === 'bar';
  return compact({
    chart: {
      type: o.type,
      height: o.height,
      fontFamily: 'Roboto, Helvetica, Arial, sans-serif',
      toolbar: { show: false },
      zoom: { enabled: false },
      locales: [{ name: o.locale.name, options: o.locale.options }],
      defaultLocale: o.locale.name,
    },
    series: toSeries(o.series),
    colors: o.colors.length ? o.colors : undefined,
    dataLabels: { enabled: false },
    stroke: { curve: 'straight', width: bar ? 0 : 2 },
    markers: { size: bar ? 0 : 4 },
    fill: o.type === 'area' ? { type: 'gradient', gradient: { opacityFrom: 0.35, opacityTo: 0.05 } } : undefined,
    legend: { show: o.series.length > 1 },
    xaxis: { type: 'datetime', labels: { datetimeUTC: true } },
    yaxis: {
      title: o.yAxis.title ? { text: o.yAxis.title } : undefined,
      min: o.yAxis.min ?? undefined,
      max: o.yAxis.max ?? undefined,
      forceNiceScale: true,
      labels: { formatter: value },
    },
    tooltip: { x: { formatter: (x) => date.format(new Date(x)) }, y: { formatter: value } },
    annotations: {
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

export async function render(element, json) {
  const ApexCharts = await loadApexCharts();
  // The component may have gone while the script was loading.
  if (disposed.has(element)) return;
  charts.get(element)?.destroy();
  const chart = new ApexCharts(element, toConfig(JSON.parse(json)));
  charts.set(element, chart);
  await chart.render();
}

export async function update(element, json) {
  const chart = charts.get(element);
  if (chart) await chart.updateOptions(toConfig(JSON.parse(json)), true, false);
}

export async function updateSeries(element, json) {
  const chart = charts.get(element);
  if (chart) await chart.updateSeries(toSeries(JSON.parse(json)));
}

export function dispose(element) {
  disposed.add(element);
  charts.get(element)?.destroy();
  charts.delete(element);
}
