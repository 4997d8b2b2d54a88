using System.Globalization;
using ClinicApp.Features.Analytics;
using SkiaSharp;

namespace ClinicApp.Tests.Unit.Analytics;

/// <summary>The PDF's chart geometry, measured: a rectangle per value, piles that add up, lines broken at gaps,
/// slices that make a circle, a cell per heatmap value, and everything inside the figure's rectangle.</summary>
public sealed class AnalyticsChartDrawingTests
{
    private static readonly CultureInfo Pt = CultureInfo.GetCultureInfo("pt-BR");
    private static readonly SKRect Bounds = SKRect.Create(42, 100, 511, 200);

    private static ChartData Chart(ChartShape shape, string[] categories, params (string Key, decimal?[] Values)[] series) =>
        new("test", "Teste", shape, ValueFormat.Money,
            categories.Select(c => new ChartCategory(c, c)).ToList(),
            series.Select(s => new ChartSeriesData(s.Key, s.Key, s.Values)).ToList());

    [Fact]
    public void Stacked_bars_draw_one_rectangle_per_value_piled_so_each_pile_is_its_days_total()
    {
        var chart = Chart(ChartShape.Time, ["d1", "d2", "d3"],
            ("consultas", [100m, 50m, null]),
            ("exames", [300m, null, 25m]),
            ("medicamentos", [null, 150m, 25m])) with { Stacked = true };

        var plan = AnalyticsChartDrawing.Plan(chart, Bounds, Pt);

        Assert.Equal(6, plan.Bars.Count);
        Assert.Empty(plan.Lines);
        var perUnit = plan.Bars.Select(b => b.Rect.Height / (float)b.Value).ToList();
        Assert.All(perUnit, p => Assert.Equal(perUnit[0], p, 3));
        foreach (var pile in plan.Bars.GroupBy(b => b.Category))
        {
            var ordered = pile.OrderBy(b => b.Series).ToList();
            Assert.Equal(plan.Plot.Bottom, ordered[0].Rect.Bottom, 2); // each pile stands on zero
            for (var i = 1; i < ordered.Count; i++)
            {
                Assert.Equal(ordered[i - 1].Rect.Top, ordered[i].Rect.Bottom, 2); // and has no gap nor overlap
            }

            Assert.Equal((float)pile.Sum(b => b.Value) * perUnit[0], pile.Sum(b => b.Rect.Height), 2);
            Assert.Single(pile.Select(b => (b.Rect.Left, b.Rect.Right)).Distinct());
        }

        // The tallest pile (400) fits under the axis' top tick.
        Assert.True(plan.Bars.Min(b => b.Rect.Top) >= plan.Plot.Top - 0.01f);
        Assert.Equal(["consultas", "exames", "medicamentos"], plan.Legend.Select(l => l.Label));
        Assert.All(plan.Bars.Select(b => b.Rect).Concat(plan.Legend.Select(l => l.Swatch)), r => Assert.True(Bounds.Contains(r), r.ToString()));
    }

    [Fact]
    public void Grouped_bars_sit_side_by_side_with_heights_in_proportion_and_a_gap_for_a_missing_value()
    {
        var chart = Chart(ChartShape.Category, ["Dra. Ana", "Dr. Bruno"], ("receita", [1200m, 300m]), ("ticket", [null, 150m]));

        var plan = AnalyticsChartDrawing.Plan(chart, Bounds, Pt);

        Assert.Equal(3, plan.Bars.Count);
        var ana = plan.Bars.Single(b => b.Category == 0);
        var bruno = plan.Bars.Where(b => b.Category == 1).OrderBy(b => b.Series).ToList();
        Assert.Equal(4f, ana.Rect.Height / bruno[0].Rect.Height, 3);
        Assert.Equal(2f, bruno[0].Rect.Height / bruno[1].Rect.Height, 3);
        Assert.True(bruno[0].Rect.Right <= bruno[1].Rect.Left + 0.01f);
        Assert.Contains(plan.Texts, t => t.Text == "Dra. Ana");
        Assert.Contains(plan.Texts, t => t.Text.StartsWith("R$", StringComparison.Ordinal)); // the axis is money
    }

    [Fact]
    public void Sideways_bars_start_at_zero_and_grow_in_proportion_with_the_names_on_the_left()
    {
        var chart = Chart(ChartShape.Category, ["Consulta clínica", "Hemograma", "Vacina V10"], ("receita", [900m, 300m, 0m])) with { Horizontal = true };

        var plan = AnalyticsChartDrawing.Plan(chart, Bounds, Pt);

        Assert.Equal(3, plan.Bars.Count);
        Assert.Single(plan.Bars.Select(b => MathF.Round(b.Rect.Left, 2)).Distinct());
        Assert.Equal(3f, plan.Bars[0].Rect.Width / plan.Bars[1].Rect.Width, 3);
        Assert.Equal(0f, plan.Bars[2].Rect.Width, 3);
        Assert.True(plan.Bars[0].Rect.Bottom <= plan.Bars[1].Rect.Top); // one band per category, top to bottom
        Assert.All(["Consulta clínica", "Hemograma", "Vacina V10"], name =>
            Assert.Contains(plan.Texts, t => t.Text == name && t.X <= plan.Plot.Left));
    }

    [Fact]
    public void A_time_series_is_a_line_broken_where_a_value_is_missing()
    {
        var chart = Chart(ChartShape.Time, ["d1", "d2", "d3", "d4"], ("ocupação", [10m, null, 30m, 40m]));

        var plan = AnalyticsChartDrawing.Plan(chart, Bounds, Pt);

        Assert.Empty(plan.Bars);
        var line = Assert.Single(plan.Lines);
        Assert.Equal([1, 2], line.Segments.Select(s => s.Count));
        var points = line.Segments.SelectMany(s => s).ToList();
        Assert.True(points[0].Y > points[1].Y && points[1].Y > points[2].Y); // higher values higher up
        Assert.True(points.Zip(points.Skip(1)).All(p => p.First.X < p.Second.X));
    }

    [Fact]
    public void A_pie_makes_a_full_circle_of_the_positive_values_and_its_legend_gives_each_share()
    {
        var chart = Chart(ChartShape.Pie, ["Pix", "Cartão", "Dinheiro", "Link"], ("recebido", [500m, 300m, 200m, null]));

        var plan = AnalyticsChartDrawing.Plan(chart, Bounds, Pt);

        Assert.Equal(3, plan.Slices.Count);
        Assert.Equal(360f, plan.Slices.Sum(s => s.SweepAngle), 2);
        Assert.Equal(180f, plan.Slices[0].SweepAngle, 2);
        Assert.Equal(-90f, plan.Slices[0].StartAngle, 2); // from the top
        Assert.Equal(plan.Slices[0].StartAngle + plan.Slices[0].SweepAngle, plan.Slices[1].StartAngle, 2);
        Assert.Equal(4, plan.Legend.Count);
        Assert.Contains(plan.Texts, t => t.Text.StartsWith("Pix — R$", StringComparison.Ordinal) && t.Text.EndsWith("(50,0%)", StringComparison.Ordinal));
        Assert.True(Bounds.Contains(plan.Slices[0].Oval));
    }

    [Fact]
    public void A_heatmap_has_a_cell_per_row_and_column_darker_for_higher_values_and_blank_for_none()
    {
        var chart = new ChartData("noshow-heatmap", "Faltas", ChartShape.Heatmap, ValueFormat.Percent,
            [new("8", "8h"), new("9", "9h"), new("10", "10h")],
            [new("mon", "Seg", [10m, 50m, null]), new("tue", "Ter", [0m, 25m, 5m])]);

        var plan = AnalyticsChartDrawing.Plan(chart, Bounds, Pt);

        Assert.Equal(6, plan.Cells.Count);
        var darkest = plan.Cells.OrderBy(c => c.Fill.Red + c.Fill.Green + c.Fill.Blue).First();
        Assert.Equal((0, 1), (darkest.Row, darkest.Column));
        var blank = plan.Cells.Single(c => c.Value is null);
        Assert.Equal((0, 2), (blank.Row, blank.Column));
        Assert.DoesNotContain(plan.Cells, c => c.Value is not null && c.Fill == blank.Fill);
        Assert.Contains(plan.Texts, t => t.Text == "Seg");
        Assert.Contains(plan.Texts, t => t.Text == "50%" && t.OnDark); // white on the darkest cell
        Assert.Contains(plan.Texts, t => t.Text == "5%" && !t.OnDark);
    }

    [Fact]
    public void Axis_ticks_are_round_steps_that_cover_the_values()
    {
        var (ticks, low, high) = AnalyticsChartDrawing.Ticks((0m, 1234.56m), ValueFormat.Money);
        Assert.Equal(0m, low);
        Assert.True(high >= 1234.56m);
        Assert.Equal([0m, 500m, 1000m, 1500m], ticks);

        var (counts, _, _) = AnalyticsChartDrawing.Ticks((0m, 2m), ValueFormat.Count);
        Assert.All(counts, t => Assert.Equal(decimal.Truncate(t), t)); // no half appointments

        var (negative, bottom, top) = AnalyticsChartDrawing.Ticks((-30m, 70m), ValueFormat.Percent);
        Assert.True(bottom <= -30m && top >= 70m);
        Assert.Contains(0m, negative);
    }

    [Fact]
    public void Every_shape_stays_inside_its_rectangle_and_paints_onto_a_canvas()
    {
        ChartData[] charts =
        [
            Chart(ChartShape.Time, ["a", "b"], ("x", [1m, 2m]), ("y", [3m, null])) with { Stacked = true },
            Chart(ChartShape.Time, ["a", "b"], ("x", [1m, 2m])),
            Chart(ChartShape.Category, ["a", "b"], ("x", [1m, -2m])) with { Horizontal = true },
            Chart(ChartShape.Category, ["a", "b"], ("x", [1m, -2m]), ("y", [4m, 1m])),
            Chart(ChartShape.Pie, ["a", "b"], ("x", [1m, 2m])),
            Chart(ChartShape.Heatmap, ["a", "b"], ("x", [1m, 2m]), ("y", [null, 4m])),
        ];
        var room = Bounds;
        room.Inflate(0.5f, 0.5f);
        foreach (var chart in charts)
        {
            var plan = AnalyticsChartDrawing.Plan(chart, Bounds, Pt);
            var rects = plan.Bars.Select(b => b.Rect).Concat(plan.Cells.Select(c => c.Rect)).Concat(plan.Slices.Select(s => s.Oval)).Concat(plan.Legend.Select(l => l.Swatch));
            Assert.All(rects, r => Assert.True(room.Contains(r), $"{chart.Shape}: {r}"));
            Assert.All(plan.Lines.SelectMany(l => l.Segments).SelectMany(s => s), p => Assert.True(room.Contains(p), $"{chart.Shape}: {p}"));
            Assert.All(plan.Texts, t => Assert.True(room.Contains(t.X, t.Y), $"{chart.Shape}: {t}"));

            using var recorder = new SKPictureRecorder();
            AnalyticsChartDrawing.Render(recorder.BeginRecording(SKRect.Create(0, 0, 595, 842)), plan);
            using var picture = recorder.EndRecording();
            var marks = plan.Bars.Count + plan.Cells.Count + plan.Slices.Count + plan.Lines.Count + plan.Texts.Count;
            Assert.True(picture.ApproximateOperationCount >= marks, $"{chart.Shape}: {picture.ApproximateOperationCount} operations for {marks} marks");
        }
    }
}
