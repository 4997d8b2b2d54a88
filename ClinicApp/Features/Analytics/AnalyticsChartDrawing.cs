using System.Globalization;
using ClinicApp.Infrastructure.Pdf;
using SkiaSharp;

namespace ClinicApp.Features.Analytics;

/// <summary>A bar of a planned chart: series and category indexes, its rectangle, and the value it stands for.</summary>
public sealed record PlannedBar(int Series, int Category, SKRect Rect, decimal Value);

/// <summary>A series drawn as a line: its points, cut into segments where a value is missing (a gap, never a drop to zero).</summary>
public sealed record PlannedLine(int Series, IReadOnlyList<IReadOnlyList<SKPoint>> Segments);

/// <summary>A pie's slice, in degrees clockwise from the top.</summary>
public sealed record PlannedSlice(int Category, SKRect Oval, float StartAngle, float SweepAngle, decimal Value);

/// <summary>A heatmap's cell (row = series, column = category); <see cref="Value"/> null is drawn as "nothing to show".</summary>
public sealed record PlannedCell(int Row, int Column, SKRect Rect, decimal? Value, SKColor Fill);

/// <summary>A piece of text: axis ticks, category labels, the legend's names; <see cref="OnDark"/> for a value
/// written on a dark heatmap cell (white, to be read).</summary>
public sealed record PlannedText(string Text, float X, float Y, SKTextAlign Align, float Size, bool OnDark = false);

/// <summary>A legend's entry: the colour swatch and the name beside it.</summary>
public sealed record PlannedLegend(int Index, SKRect Swatch, SKColor Color, string Label);

/// <summary>Everything a chart draws, as geometry: what the PDF renders and what the tests measure.</summary>
public sealed record ChartPlan(
    SKRect Plot,
    IReadOnlyList<PlannedBar> Bars,
    IReadOnlyList<PlannedLine> Lines,
    IReadOnlyList<PlannedSlice> Slices,
    IReadOnlyList<PlannedCell> Cells,
    IReadOnlyList<PlannedText> Texts,
    IReadOnlyList<PlannedLegend> Legend,
    IReadOnlyList<(SKPoint From, SKPoint To)> Rules);

/// <summary>Draws a <see cref="ChartData"/> into a rectangle of a canvas as vector graphics (paths, rectangles and
/// text, never a bitmap), for the PDF report. Time series are lines (bars when stacked), categories bars (sideways
/// when <see cref="ChartData.Horizontal"/>, piled when <see cref="ChartData.Stacked"/>), pies slices with a legend of
/// values and shares, heatmaps cells shaded by value. <see cref="Plan"/> computes the geometry alone (pure, tested);
/// <see cref="Draw"/> paints it. Numbers are written in the culture given; money with the hospital's R$.</summary>
public static class AnalyticsChartDrawing
{
    public const float TextSize = 7f;

    private const float Gap = 4f;
    private const float SwatchSize = 6f;
    private const float LegendRow = 10f;

    /// <summary>Colour-blind-friendly and distinct in grey print (Okabe–Ito order, then two greys).</summary>
    public static readonly IReadOnlyList<SKColor> Palette =
    [
        new(0x00, 0x72, 0xB2), new(0xE6, 0x9F, 0x00), new(0x00, 0x9E, 0x73), new(0xD5, 0x5E, 0x00), new(0xCC, 0x79, 0xA7),
        new(0x56, 0xB4, 0xE9), new(0xF0, 0xE4, 0x42), new(0x88, 0x22, 0x55), new(0x61, 0x61, 0x61), new(0xA0, 0xA0, 0xA0),
    ];

    private static readonly decimal[] Steps = [1m, 2m, 5m, 10m];

    private static readonly SKColor Ink = new(0x21, 0x21, 0x21);
    private static readonly SKColor Rule = new(0xD6, 0xD6, 0xD6);
    private static readonly SKColor Missing = new(0xF2, 0xF2, 0xF2);

    public static SKColor ColorOf(int index) => Palette[index % Palette.Count];

    public static void Draw(SKCanvas canvas, SKRect bounds, ChartData chart, CultureInfo culture) =>
        Render(canvas, Plan(chart, bounds, culture));

    /// <summary>The chart's geometry inside <paramref name="bounds"/> (a PDF's points, y down).</summary>
    public static ChartPlan Plan(ChartData chart, SKRect bounds, CultureInfo culture) => chart.Shape switch
    {
        ChartShape.Pie => PlanPie(chart, bounds, culture),
        ChartShape.Heatmap => PlanHeatmap(chart, bounds, culture),
        _ when chart.Horizontal => PlanHorizontalBars(chart, bounds, culture),
        ChartShape.Time when !chart.Stacked => PlanAxes(chart, bounds, culture, lines: true),
        _ => PlanAxes(chart, bounds, culture, lines: false),
    };

    public static void Render(SKCanvas canvas, ChartPlan plan)
    {
        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        using var stroke = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 0.5f, Color = Rule };
        foreach (var (from, to) in plan.Rules)
        {
            canvas.DrawLine(from, to, stroke);
        }

        foreach (var cell in plan.Cells)
        {
            fill.Color = cell.Fill;
            canvas.DrawRect(cell.Rect, fill);
        }

        foreach (var bar in plan.Bars)
        {
            fill.Color = ColorOf(bar.Series);
            canvas.DrawRect(bar.Rect, fill);
        }

        foreach (var slice in plan.Slices)
        {
            using var path = new SKPath();
            path.MoveTo(slice.Oval.MidX, slice.Oval.MidY);
            path.ArcTo(slice.Oval, slice.StartAngle, slice.SweepAngle, forceMoveTo: false);
            path.Close();
            fill.Color = ColorOf(slice.Category);
            canvas.DrawPath(path, fill);
            stroke.Color = SKColors.White;
            stroke.StrokeWidth = 0.75f;
            canvas.DrawPath(path, stroke);
        }

        foreach (var line in plan.Lines)
        {
            stroke.Color = fill.Color = ColorOf(line.Series);
            stroke.StrokeWidth = 1.5f;
            foreach (var segment in line.Segments)
            {
                using var path = new SKPath();
                path.MoveTo(segment[0]);
                foreach (var point in segment.Skip(1))
                {
                    path.LineTo(point);
                }

                canvas.DrawPath(path, stroke);
                foreach (var point in segment)
                {
                    canvas.DrawCircle(point, 1.8f, fill);
                }
            }
        }

        foreach (var entry in plan.Legend)
        {
            fill.Color = entry.Color;
            canvas.DrawRect(entry.Swatch, fill);
        }

        foreach (var text in plan.Texts.Where(t => t.Text.Length > 0))
        {
            fill.Color = text.OnDark ? SKColors.White : Ink;
            canvas.DrawText(text.Text, text.X, text.Y, text.Align, PdfFonts.Get(false, text.Size), fill);
        }
    }

    /// <summary>Vertical bars (grouped, or piled when stacked) or lines over the categories, a value axis on the left.</summary>
    private static ChartPlan PlanAxes(ChartData chart, SKRect bounds, CultureInfo culture, bool lines)
    {
        var texts = new List<PlannedText>();
        var rules = new List<(SKPoint, SKPoint)>();
        var legend = SeriesLegend(chart, bounds, texts);
        var (ticks, lo, hi) = Ticks(ValueRange(chart), chart.Format);
        var font = Font();
        var axisWidth = ticks.Max(t => font.MeasureText(AnalyticsTables.AxisText(t, chart.Format, culture))) + Gap;
        var plot = new SKRect(bounds.Left + axisWidth, bounds.Top + Gap, bounds.Right - Gap, bounds.Bottom - LegendHeight(legend) - LegendRow - Gap);
        float Y(decimal value) => plot.Bottom - (float)((value - lo) / (hi - lo)) * plot.Height;
        foreach (var tick in ticks)
        {
            var y = Y(tick);
            rules.Add((new SKPoint(plot.Left, y), new SKPoint(plot.Right, y)));
            texts.Add(new PlannedText(AnalyticsTables.AxisText(tick, chart.Format, culture), plot.Left - 2f, y + (TextSize / 3), SKTextAlign.Right, TextSize));
        }

        var count = Math.Max(1, chart.Categories.Count);
        var band = plot.Width / count;
        CategoryLabels(chart, texts, font, i => plot.Left + (band * (i + 0.5f)), band, plot.Bottom + TextSize + 2f);

        var bars = new List<PlannedBar>();
        var planned = new List<PlannedLine>();
        if (lines)
        {
            for (var s = 0; s < chart.Series.Count; s++)
            {
                var segments = new List<IReadOnlyList<SKPoint>>();
                var current = new List<SKPoint>();
                for (var c = 0; c < chart.Categories.Count; c++)
                {
                    if (chart.Series[s].Values[c] is { } value)
                    {
                        current.Add(new SKPoint(plot.Left + (band * (c + 0.5f)), Y(value)));
                    }
                    else if (current.Count > 0)
                    {
                        segments.Add(current);
                        current = [];
                    }
                }

                if (current.Count > 0)
                {
                    segments.Add(current);
                }

                planned.Add(new PlannedLine(s, segments));
            }
        }
        else
        {
            var group = band * 0.7f;
            for (var c = 0; c < chart.Categories.Count; c++)
            {
                var left = plot.Left + (band * c) + ((band - group) / 2);
                decimal up = 0, down = 0;
                for (var s = 0; s < chart.Series.Count; s++)
                {
                    if (chart.Series[s].Values[c] is not { } value)
                    {
                        continue;
                    }

                    if (chart.Stacked)
                    {
                        // Positive parts pile up from zero, negative ones down from it, so each segment is its own value.
                        var from = value >= 0 ? up : down;
                        var to = from + value;
                        (up, down) = value >= 0 ? (to, down) : (up, to);
                        bars.Add(new PlannedBar(s, c, Vertical(left, left + group, Y(from), Y(to)), value));
                    }
                    else
                    {
                        var width = group / chart.Series.Count;
                        bars.Add(new PlannedBar(s, c, Vertical(left + (width * s), left + (width * (s + 1)), Y(0), Y(value)), value));
                    }
                }
            }
        }

        rules.Add((new SKPoint(plot.Left, Y(0)), new SKPoint(plot.Right, Y(0))));
        return new ChartPlan(plot, bars, planned, [], [], texts, legend, rules);
    }

    /// <summary>Sideways bars: long category names on the left, the value axis along the bottom.</summary>
    private static ChartPlan PlanHorizontalBars(ChartData chart, SKRect bounds, CultureInfo culture)
    {
        var texts = new List<PlannedText>();
        var rules = new List<(SKPoint, SKPoint)>();
        var legend = SeriesLegend(chart, bounds, texts);
        var (ticks, lo, hi) = Ticks(ValueRange(chart), chart.Format);
        var font = Font();
        var labelWidth = Math.Min(bounds.Width * 0.35f, chart.Categories.Select(c => font.MeasureText(c.Label)).DefaultIfEmpty(0).Max() + Gap);
        var lastTick = font.MeasureText(AnalyticsTables.AxisText(ticks[^1], chart.Format, culture));
        var plot = new SKRect(bounds.Left + labelWidth, bounds.Top + Gap, bounds.Right - (lastTick / 2) - Gap, bounds.Bottom - LegendHeight(legend) - LegendRow - Gap);
        float X(decimal value) => plot.Left + ((float)((value - lo) / (hi - lo)) * plot.Width);
        foreach (var tick in ticks)
        {
            var x = X(tick);
            rules.Add((new SKPoint(x, plot.Top), new SKPoint(x, plot.Bottom)));
            texts.Add(new PlannedText(AnalyticsTables.AxisText(tick, chart.Format, culture), x, plot.Bottom + TextSize + 2f, SKTextAlign.Center, TextSize));
        }

        var count = Math.Max(1, chart.Categories.Count);
        var band = plot.Height / count;
        var bars = new List<PlannedBar>();
        for (var c = 0; c < chart.Categories.Count; c++)
        {
            var top = plot.Top + (band * c) + (band * 0.15f);
            var thickness = band * 0.7f;
            texts.Add(new PlannedText(Fit(chart.Categories[c].Label, font, labelWidth - Gap), plot.Left - 2f, top + (thickness / 2) + (TextSize / 3), SKTextAlign.Right, TextSize));
            decimal right = 0, left = 0;
            for (var s = 0; s < chart.Series.Count; s++)
            {
                if (chart.Series[s].Values[c] is not { } value)
                {
                    continue;
                }

                if (chart.Stacked)
                {
                    var from = value >= 0 ? right : left;
                    var to = from + value;
                    (right, left) = value >= 0 ? (to, left) : (right, to);
                    bars.Add(new PlannedBar(s, c, Horizontal(X(from), X(to), top, top + thickness), value));
                }
                else
                {
                    var each = thickness / chart.Series.Count;
                    bars.Add(new PlannedBar(s, c, Horizontal(X(0), X(value), top + (each * s), top + (each * (s + 1))), value));
                }
            }
        }

        rules.Add((new SKPoint(X(0), plot.Top), new SKPoint(X(0), plot.Bottom)));
        return new ChartPlan(plot, bars, [], [], [], texts, legend, rules);
    }

    /// <summary>The first series' positive values as slices from the top, clockwise; the legend on the right names
    /// each slice with its value and share.</summary>
    private static ChartPlan PlanPie(ChartData chart, SKRect bounds, CultureInfo culture)
    {
        var values = chart.Series.Count == 0 ? [] : chart.Series[0].Values;
        var total = values.Sum(v => v is > 0 ? v.Value : 0);
        var side = Math.Min(bounds.Height - (2 * Gap), bounds.Width * 0.45f);
        var oval = SKRect.Create(bounds.Left + Gap, bounds.Top + ((bounds.Height - side) / 2), side, side);
        var slices = new List<PlannedSlice>();
        var texts = new List<PlannedText>();
        var legend = new List<PlannedLegend>();
        var font = Font();
        var start = -90f;
        var legendLeft = oval.Right + (3 * Gap);
        var rows = Math.Max(1, values.Count);
        var row = Math.Min(LegendRow + 2, (bounds.Height - (2 * Gap)) / rows);
        for (var c = 0; c < chart.Categories.Count && c < values.Count; c++)
        {
            var value = values[c];
            if (value is > 0 && total > 0)
            {
                var sweep = (float)(360m * value.Value / total);
                slices.Add(new PlannedSlice(c, oval, start, sweep, value.Value));
                start += sweep;
            }

            var share = value is { } v && total > 0 ? AnalyticsMath.Percent(v, total) : null;
            var y = bounds.Top + Gap + (row * c);
            var label = $"{chart.Categories[c].Label} — {AnalyticsTables.Text(value, chart.Format, culture)}"
                + (share is { } p ? $" ({AnalyticsTables.Text(p, ValueFormat.Percent, culture)})" : "");
            legend.Add(new PlannedLegend(c, SKRect.Create(legendLeft, y + 1, SwatchSize, SwatchSize), ColorOf(c), label));
            texts.Add(new PlannedText(Fit(label, font, bounds.Right - legendLeft - SwatchSize - Gap), legendLeft + SwatchSize + 3f, y + SwatchSize, SKTextAlign.Left, TextSize));
        }

        return new ChartPlan(oval, [], [], slices, [], texts, legend, []);
    }

    /// <summary>Rows (series) × columns (categories) of cells, the darker the higher (relative to the largest
    /// value); the value is written in a cell wide enough for it.</summary>
    private static ChartPlan PlanHeatmap(ChartData chart, SKRect bounds, CultureInfo culture)
    {
        var font = Font();
        var texts = new List<PlannedText>();
        var labelWidth = Math.Min(bounds.Width * 0.25f, chart.Series.Select(s => font.MeasureText(s.Label)).DefaultIfEmpty(0).Max() + Gap);
        var plot = new SKRect(bounds.Left + labelWidth, bounds.Top + Gap, bounds.Right - Gap, bounds.Bottom - LegendRow - Gap);
        var columns = Math.Max(1, chart.Categories.Count);
        var rows = Math.Max(1, chart.Series.Count);
        var (width, height) = (plot.Width / columns, plot.Height / rows);
        var max = chart.Series.SelectMany(s => s.Values).Max(v => v ?? 0);
        var cells = new List<PlannedCell>();
        var color = ColorOf(0);
        for (var r = 0; r < chart.Series.Count; r++)
        {
            texts.Add(new PlannedText(Fit(chart.Series[r].Label, font, labelWidth - Gap), plot.Left - 2f, plot.Top + (height * (r + 0.5f)) + (TextSize / 3), SKTextAlign.Right, TextSize));
            for (var c = 0; c < chart.Categories.Count; c++)
            {
                var value = chart.Series[r].Values[c];
                var rect = SKRect.Create(plot.Left + (width * c) + 0.5f, plot.Top + (height * r) + 0.5f, width - 1f, height - 1f);
                var strength = value is { } v && max > 0 ? (float)(Math.Max(0, v) / max) : 0f;
                cells.Add(new PlannedCell(r, c, rect, value, value is null ? Missing : Blend(color, strength)));
                if (value is { } shown)
                {
                    var text = AnalyticsTables.AxisText(shown, chart.Format, culture);
                    if (font.MeasureText(text) <= rect.Width - 1f && height >= TextSize + 1)
                    {
                        texts.Add(new PlannedText(text, rect.MidX, rect.MidY + (TextSize / 3), SKTextAlign.Center, TextSize, OnDark: strength > 0.55f));
                    }
                }
            }
        }

        CategoryLabels(chart, texts, font, i => plot.Left + (width * (i + 0.5f)), width, plot.Bottom + TextSize + 2f);
        return new ChartPlan(plot, [], [], [], cells, texts, [], []);
    }

    /// <summary>The series' names along the bottom, in rows as wide as the chart; none for a single series (the title names it).</summary>
    private static List<PlannedLegend> SeriesLegend(ChartData chart, SKRect bounds, List<PlannedText> texts)
    {
        var legend = new List<PlannedLegend>();
        if (chart.Series.Count < 2)
        {
            return legend;
        }

        var font = Font();
        var entries = chart.Series.Select((s, i) => (Index: i, Label: Fit(s.Label, font, bounds.Width / 2), Width: SwatchSize + 3f + font.MeasureText(Fit(s.Label, font, bounds.Width / 2)) + 10f)).ToList();
        var rowsNeeded = 1;
        var x = 0f;
        foreach (var entry in entries)
        {
            if (x > 0 && x + entry.Width > bounds.Width)
            {
                rowsNeeded++;
                x = 0;
            }

            x += entry.Width;
        }

        var top = bounds.Bottom - (rowsNeeded * LegendRow);
        x = bounds.Left;
        var y = top;
        foreach (var entry in entries)
        {
            if (x > bounds.Left && x + entry.Width > bounds.Right)
            {
                x = bounds.Left;
                y += LegendRow;
            }

            legend.Add(new PlannedLegend(entry.Index, SKRect.Create(x, y + 1, SwatchSize, SwatchSize), ColorOf(entry.Index), entry.Label));
            texts.Add(new PlannedText(entry.Label, x + SwatchSize + 3f, y + SwatchSize, SKTextAlign.Left, TextSize));
            x += entry.Width;
        }

        return legend;
    }

    private static float LegendHeight(List<PlannedLegend> legend) =>
        legend.Count == 0 ? 0 : legend.Max(l => l.Swatch.Top) - legend.Min(l => l.Swatch.Top) + LegendRow;

    /// <summary>Labels under the categories; when they would overlap, every n-th one (the first always), each cut to its room.</summary>
    private static void CategoryLabels(ChartData chart, List<PlannedText> texts, SKFont font, Func<int, float> center, float band, float y)
    {
        if (chart.Categories.Count == 0)
        {
            return;
        }

        var widest = chart.Categories.Max(c => font.MeasureText(c.Label)) + Gap;
        var every = Math.Max(1, (int)Math.Ceiling(widest / Math.Max(band, 1f)));
        for (var i = 0; i < chart.Categories.Count; i += every)
        {
            texts.Add(new PlannedText(Fit(chart.Categories[i].Label, font, (band * every) - 2f), center(i), y, SKTextAlign.Center, TextSize));
        }
    }

    /// <summary>The lowest and highest the axis must show: zero always, and for stacked charts the piles' totals.</summary>
    private static (decimal Low, decimal High) ValueRange(ChartData chart)
    {
        decimal low = 0, high = 0;
        for (var c = 0; c < chart.Categories.Count; c++)
        {
            var values = chart.Series.Select(s => s.Values[c] ?? 0).ToList();
            if (chart.Stacked)
            {
                high = Math.Max(high, values.Where(v => v > 0).Sum());
                low = Math.Min(low, values.Where(v => v < 0).Sum());
            }
            else
            {
                high = Math.Max(high, values.DefaultIfEmpty(0).Max());
                low = Math.Min(low, values.DefaultIfEmpty(0).Min());
            }
        }

        return (low, high);
    }

    /// <summary>Round steps (1, 2, 5 × a power of ten; whole numbers for counts) covering the range, about four of them.</summary>
    public static (IReadOnlyList<decimal> Ticks, decimal Low, decimal High) Ticks((decimal Low, decimal High) range, ValueFormat format)
    {
        var (low, high) = range;
        if (high <= low)
        {
            high = low + 1;
        }

        var raw = (double)(high - low) / 4;
        var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = Steps.Select(m => m * magnitude).First(s => s >= (decimal)raw);
        if (format == ValueFormat.Count && step < 1)
        {
            step = 1;
        }

        var first = Math.Floor(low / step) * step;
        var last = Math.Ceiling(high / step) * step;
        var ticks = new List<decimal>();
        for (var tick = first; tick <= last; tick += step)
        {
            ticks.Add(tick);
        }

        return (ticks, first, last);
    }

    private static SKRect Vertical(float left, float right, float y1, float y2) => new(left, Math.Min(y1, y2), right, Math.Max(y1, y2));

    private static SKRect Horizontal(float x1, float x2, float top, float bottom) => new(Math.Min(x1, x2), top, Math.Max(x1, x2), bottom);

    private static SKColor Blend(SKColor color, float strength)
    {
        // From almost white (a little above nothing) to the full colour.
        var t = 0.08f + (0.92f * Math.Clamp(strength, 0f, 1f));
        return new SKColor((byte)(255 - ((255 - color.Red) * t)), (byte)(255 - ((255 - color.Green) * t)), (byte)(255 - ((255 - color.Blue) * t)));
    }

    private static SKFont Font() => PdfFonts.Get(false, TextSize);

    /// <summary>The text cut with an ellipsis to <paramref name="width"/>.</summary>
    private static string Fit(string text, SKFont font, float width)
    {
        if (font.MeasureText(text) <= width)
        {
            return text;
        }

        for (var length = text.Length - 1; length > 0; length--)
        {
            var cut = text[..length].TrimEnd() + "…";
            if (font.MeasureText(cut) <= width)
            {
                return cut;
            }
        }

        return "";
    }
}
