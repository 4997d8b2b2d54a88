using System.Globalization;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Infrastructure.Pdf;
using ClinicApp.Tenancy;
using Microsoft.Extensions.Localization;
using SkiaSharp;

namespace ClinicApp.Features.Analytics;

/// <summary>The whole dashboard as a PDF, in the current culture's language: a cover (hospital, period and the
/// previous one it is compared with, when it was generated), the cards with their previous value and change, what
/// each figure counts, then every chart drawn as a vector figure (<see cref="AnalyticsChartDrawing"/>: the PDF keeps
/// paths and text, sharp when printed and searchable) followed by the table of numbers behind it. A pure function of
/// the dashboard, the culture and the hospital's time zone: the endpoint, the monthly e-mail and the benchmark call
/// the same thing.</summary>
public static class AnalyticsReport
{
    private const float ChartTitleSize = 11f;
    private const float HintSize = 8f;

    public static byte[] Render(AnalyticsDashboard dashboard, IStringLocalizer localizer, TimeZoneInfo zone)
    {
        var culture = CultureInfo.CurrentCulture;
        var period = Range(dashboard.Period, localizer, culture);
        var composer = new PdfComposer(new PdfPageFrame(dashboard.HospitalName, localizer["Analytics.Report.Subtitle", period],
                (page, pages) => localizer["Pdf.PageOf", page, pages]))
            .Text(localizer["Analytics.Report.Title"], 18f, bold: true, spaceAfter: 10f)
            .KeyValues(
            [
                (localizer["Analytics.Report.Hospital"], dashboard.HospitalName),
                (localizer["Analytics.Report.Period"], period),
                (localizer["Analytics.Report.Previous"], Range(dashboard.Previous, localizer, culture)),
                (localizer["Analytics.Report.GeneratedAt"], HospitalTime.ToLocal(dashboard.ComputedAtUtc, zone).ToString("g", culture)),
            ], keyShare: 0.3f, spaceAfter: 6f);
        if (dashboard.VetView)
        {
            composer.Text(localizer["Analytics.Report.VetView"], spaceAfter: 6f);
        }

        if (dashboard.IsEmpty)
        {
            composer.Text(localizer["Analytics.Report.Empty"], 12f, spaceAfter: 10f);
        }

        Cards(composer, dashboard, localizer, culture);
        foreach (var chart in dashboard.Charts)
        {
            Chart(composer, chart, localizer, culture);
        }

        return composer.ToPdf();
    }

    /// <summary>The report in <paramref name="culture"/> (its language and number formats), whatever the thread's.</summary>
    public static byte[] RenderIn(CultureInfo culture, AnalyticsDashboard dashboard, IStringLocalizer localizer, TimeZoneInfo zone)
    {
        using (HospitalCulture.Use(culture))
        {
            return Render(dashboard, localizer, zone);
        }
    }

    /// <summary>A download's name: what it is, the hospital's slug and the period ("analytics-aurora-2026-11-01-2026-11-30.pdf").</summary>
    public static string FileName(string what, string slug, AnalyticsPeriod period, string extension) =>
        $"{what}-{slug}-{period.FromText}-{period.ToText}.{extension}";

    /// <summary>"+12,5%", "−3,0%", or "—" when there is nothing to compare with.</summary>
    public static string ChangeText(decimal? change, CultureInfo culture) => change switch
    {
        null => "—",
        > 0 => "+" + AnalyticsTables.Text(change, ValueFormat.Percent, culture),
        < 0 => "−" + AnalyticsTables.Text(-change, ValueFormat.Percent, culture),
        _ => AnalyticsTables.Text(0, ValueFormat.Percent, culture),
    };

    private static string Range(AnalyticsPeriod period, IStringLocalizer localizer, CultureInfo culture) =>
        period.Days == 1 ? period.From.ToString("d", culture)
        : localizer["Analytics.Report.Range", period.From.ToString("d", culture), period.To.ToString("d", culture)];

    private static string Value(decimal? value, ValueFormat format, IStringLocalizer localizer, CultureInfo culture) =>
        format == ValueFormat.Days && value is not null
            ? localizer["Analytics.Report.Days", AnalyticsTables.Text(value, format, culture)]
            : AnalyticsTables.Text(value, format, culture);

    private static void Cards(PdfComposer composer, AnalyticsDashboard dashboard, IStringLocalizer localizer, CultureInfo culture)
    {
        if (dashboard.Cards.Count == 0)
        {
            return;
        }

        composer.Text(localizer["Analytics.Report.Cards"], 13f, bold: true, spaceAfter: 4f)
            .Table(
            [
                new PdfColumn(localizer["Analytics.Report.Column.Figure"], 4f),
                new PdfColumn(localizer["Analytics.Report.Column.Value"], 2.6f, PdfAlign.Right),
                new PdfColumn(localizer["Analytics.Report.Column.Previous"], 2.6f, PdfAlign.Right),
                new PdfColumn(localizer["Analytics.Report.Column.Change"], 1.6f, PdfAlign.Right),
            ],
            dashboard.Cards.Select(card => (IReadOnlyList<string>)
            [
                card.Value.Label,
                Value(card.Current, card.Value.Format, localizer, culture) + (card.Value.Detail is { } detail ? "\n" + detail : ""),
                Value(card.Previous, card.Value.Format, localizer, culture),
                ChangeText(card.ChangePercent, culture),
            ]));

        var notes = dashboard.Cards.Where(c => !string.IsNullOrWhiteSpace(c.Value.Hint)).ToList();
        if (notes.Count > 0)
        {
            composer.Text(localizer["Analytics.Report.Notes"], 10f, bold: true, spaceAfter: 2f);
            foreach (var card in notes)
            {
                composer.Text($"{card.Value.Label}: {card.Value.Hint}", HintSize, spaceAfter: 1f);
            }

            composer.Space(8f);
        }
    }

    /// <summary>The chart's title, its headline beside the previous period's, its hint, the figure and the table.
    /// Title and figure are one block, so a chart never starts at the foot of a page with its drawing on the next.</summary>
    private static void Chart(PdfComposer composer, ChartFigure figure, IStringLocalizer localizer, CultureInfo culture)
    {
        var chart = figure.Chart;
        var lines = new List<(string Text, float Size, bool Bold)> { (chart.Title, ChartTitleSize, true) };
        if (chart.Headline is { } headline)
        {
            lines.Add((localizer["Analytics.Report.Headline", Value(headline, chart.Format, localizer, culture),
                Value(figure.PreviousHeadline, chart.Format, localizer, culture), ChangeText(figure.ChangePercent, culture)], HintSize, false));
        }

        foreach (var line in string.IsNullOrWhiteSpace(chart.Hint) ? [] : PdfComposer.Wrap(chart.Hint, PdfFonts.Get(false, HintSize), PdfComposer.ContentWidth))
        {
            lines.Add((line, HintSize, false));
        }

        if (!chart.HasData)
        {
            lines.Add((localizer["Analytics.Report.NoData"], HintSize + 1, false));
        }

        var heading = lines.Sum(l => l.Size * 1.35f) + 4f;
        var height = heading + (chart.HasData ? DrawingHeight(chart) : 0);
        composer.Figure(height, (canvas, rect) =>
        {
            using var paint = new SKPaint { IsAntialias = true, Color = new SKColor(0x21, 0x21, 0x21) };
            var y = rect.Top;
            foreach (var (text, size, bold) in lines)
            {
                canvas.DrawText(text, rect.Left, y + (size * 1.05f), SKTextAlign.Left, PdfFonts.Get(bold, size), paint);
                y += size * 1.35f;
            }

            if (chart.HasData)
            {
                AnalyticsChartDrawing.Draw(canvas, new SKRect(rect.Left, rect.Top + heading, rect.Right, rect.Bottom), chart, culture);
            }
        }, spaceAfter: 6f);

        if (!chart.HasData)
        {
            composer.Space(6f);
            return;
        }

        var table = AnalyticsTables.Of(chart, localizer);
        composer.Table(
            table.Header.Select((h, i) => i == 0 ? new PdfColumn(h, 2.4f) : new PdfColumn(h, 1.6f, PdfAlign.Right)).ToList(),
            table.Rows.Select(r => (IReadOnlyList<string>)r.Values.Select(v => AnalyticsTables.Text(v, table.Format, culture)).Prepend(r.Label).ToList()),
            spaceAfter: 14f);
    }

    /// <summary>Room for the drawing: a band per category for sideways bars, a row per series for a heatmap, a
    /// line per slice for a pie's legend, a fixed height otherwise; never more than half a page.</summary>
    public static float DrawingHeight(ChartData chart)
    {
        var legend = chart.Series.Count > 1 ? 12f * (1 + (chart.Series.Count / 6)) : 0f;
        var height = chart.Shape switch
        {
            ChartShape.Pie => Math.Max(130f, (chart.Categories.Count * 12f) + 12f),
            ChartShape.Heatmap => (Math.Max(1, chart.Series.Count) * 16f) + 24f,
            _ when chart.Horizontal => (Math.Max(1, chart.Categories.Count) * 16f) + 30f + legend,
            _ => 180f + legend,
        };
        return Math.Min(height, 360f);
    }
}
