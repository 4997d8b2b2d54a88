using System.Globalization;
using ClinicApp.Features.Analytics;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Graphics.Operations.PathConstruction;

namespace ClinicApp.Tests.Unit.Analytics;

/// <summary>The PDF report of a hand-built dashboard, read back with PdfPig: the cover, the cards with their
/// previous values and changes, every chart as vector drawing (no image) followed by its table.</summary>
public sealed class AnalyticsReportTests
{
    private static readonly string[] Weekdays = ["Seg", "Ter", "Qua"];

    private static readonly TimeZoneInfo SaoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");

    private static IStringLocalizer<SharedResource> Localizer() =>
        new ServiceCollection().AddClinicTexts().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();

    /// <summary>November 2026 of a hospital: two cards, a stacked time chart, a pie, a heatmap, sideways bars and an empty chart.</summary>
    public static AnalyticsDashboard November()
    {
        var period = new AnalyticsPeriod(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));
        var days = period.Buckets().Select(b => new ChartCategory(b.Key, b.From.ToString("dd/MM", CultureInfo.InvariantCulture))).ToList();
        decimal? Day(int i, decimal scale) => i % 7 == 6 ? null : scale * (1 + (i % 5));
        var revenue = new ChartData("revenue-by-day", "Receita por dia", ChartShape.Time, ValueFormat.Money, days,
            [
                new("consultations", "Consultas", days.Select((_, i) => Day(i, 150m)).ToList()),
                new("exams", "Exames", days.Select((_, i) => Day(i, 80.25m)).ToList()),
            ]) { Stacked = true, Headline = 1234.56m, Hint = "Faturas não canceladas, pelo dia de emissão." };
        var methods = new ChartData("received-by-method", "Recebido por forma de pagamento", ChartShape.Pie, ValueFormat.Money,
            [new("Pix", "Pix"), new("Card", "Cartão"), new("Cash", "Dinheiro")], [new("received", "Recebido", [600m, 300m, 100m])]);
        var heat = new ChartData("noshow-heatmap", "Faltas por dia da semana e hora", ChartShape.Heatmap, ValueFormat.Percent,
            Enumerable.Range(8, 10).Select(h => new ChartCategory(h.ToString(CultureInfo.InvariantCulture), $"{h}h")).ToList(),
            Weekdays.Select((d, r) => new ChartSeriesData(d, d, Enumerable.Range(0, 10).Select(h => h == 3 ? (decimal?)null : 5m * ((h + r) % 4)).ToList())).ToList());
        var top = new ChartData("top-services", "Serviços mais vendidos", ChartShape.Category, ValueFormat.Count,
            [new("s1", "Consulta clínica geral"), new("s2", "Hemograma completo"), new("s3", "Vacina V10")], [new("count", "Quantidade", [42m, 17m, 9m])]) { Horizontal = true };
        var empty = new ChartData("vaccinations", "Vacinas previstas e aplicadas", ChartShape.Time, ValueFormat.Count, days,
            [new("due", "Previstas", days.Select(_ => (decimal?)0).ToList())]);
        return new AnalyticsDashboard(period, "Hospital Veterinário Aurora", new DateTime(2026, 12, 1, 9, 30, 0, DateTimeKind.Utc), VetView: false,
            [
                new(new FigureValue("revenue", "Receita faturada", ValueFormat.Money, 1234.56m) { Hint = "Soma das faturas não canceladas." }, 1000m),
                new(new FigureValue("noshow-rate", "Taxa de faltas", ValueFormat.Percent, 28.6m, HigherIsBetter: false), null),
                new(new FigureValue("length-of-stay", "Permanência média", ValueFormat.Days, 3.5m), 4m),
            ],
            [new(revenue, 1000m), new(methods, null), new(heat, null), new(top, null), new(empty, null)]);
    }

    [Fact]
    public void The_portuguese_report_has_the_cover_the_cards_with_previous_and_change_and_each_charts_table()
    {
        var dashboard = November();
        var pdf = AnalyticsReport.RenderIn(CultureInfo.GetCultureInfo("pt-BR"), dashboard, Localizer(), SaoPaulo);

        var pages = PdfText.Pages(pdf);
        var text = string.Join(" ", pages);
        Assert.All(pages, p => Assert.True(PdfText.Has(p, "Hospital Veterinário Aurora"), p));
        Assert.True(PdfText.Has(text, "Relatório de análises"), text);
        Assert.True(PdfText.Has(text, "Período 01/11/2026 a 30/11/2026"), text);
        Assert.True(PdfText.Has(text, "Comparado com 02/10/2026 a 31/10/2026"), text);
        Assert.True(PdfText.Has(text, "Gerado em 01/12/2026 06:30"), text); // 09:30 UTC in São Paulo
        Assert.True(PdfText.Has(text, "Receita faturada R$ 1.234,56 R$ 1.000,00 +23,5%"), text);
        Assert.True(PdfText.Has(text, "Taxa de faltas 28,6% — —"), text);
        Assert.True(PdfText.Has(text, "Permanência média 3,5 dias 4,0 dias −12,5%"), text);
        Assert.True(PdfText.Has(text, "Soma das faturas não canceladas."), text);
        Assert.True(PdfText.Has(text, "Receita por dia"), text);
        Assert.True(PdfText.Has(text, "R$ 1.234,56 (período anterior R$ 1.000,00, +23,5%)"), text);
        Assert.True(PdfText.Has(text, "Período Consultas Exames Total"), text); // the table behind the chart
        Assert.True(PdfText.Has(text, "01/11 R$ 150,00 R$ 80,25 R$ 230,25"), text);
        Assert.True(PdfText.Has(text, "Pix — R$ 600,00 (60,0%)"), text); // the pie's legend
        Assert.True(PdfText.Has(text, "Consulta clínica geral"), text);
        Assert.True(PdfText.Has(text, "Vacinas previstas e aplicadas Sem dados neste período."), text);
    }

    [Fact]
    public void The_charts_are_vector_drawings_not_images()
    {
        var dashboard = November();
        var pdf = AnalyticsReport.RenderIn(CultureInfo.GetCultureInfo("pt-BR"), dashboard, Localizer(), SaoPaulo);

        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().ToList();
        Assert.All(pages, p => Assert.Empty(p.GetImages()));
        var bars = dashboard.Charts[0].Chart.Series.Sum(s => s.Values.Count(v => v is not null));
        var chartPage = pages.First(p => PdfText.Has(string.Join(" ", p.GetWords().Select(w => w.Text)), "Receita por dia"));
        var shapes = chartPage.Operations.Count(o => o is AppendRectangle or BeginNewSubpath);
        Assert.True(shapes >= bars, $"{shapes} shapes drawn for {bars} bars");
        // The pie's slices are curves (arcs), drawn as paths.
        Assert.Contains(pages.SelectMany(p => p.Operations), o => o is AppendDualControlPointBezierCurve or AppendEndControlPointBezierCurve or AppendStartControlPointBezierCurve);
    }

    [Fact]
    public void The_english_report_writes_english_and_money_the_english_way()
    {
        var pdf = AnalyticsReport.RenderIn(CultureInfo.GetCultureInfo("en"), November(), Localizer(), SaoPaulo);

        var text = string.Join(" ", PdfText.Pages(pdf));
        Assert.True(PdfText.Has(text, "Analytics report"), text);
        Assert.True(PdfText.Has(text, "Period 11/1/2026 to 11/30/2026"), text);
        Assert.True(PdfText.Has(text, "R$1,234.56 R$1,000.00 +23.5%"), text);
        Assert.True(PdfText.Has(text, "3.5 days"), text);
    }

    [Fact]
    public void A_veterinarians_report_says_it_is_their_own_and_an_empty_period_says_so()
    {
        var quiet = new AnalyticsDashboard(new AnalyticsPeriod(new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 7)), "Hospital Boa Vista",
            new DateTime(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc), VetView: true, [], []);

        var text = string.Join(" ", PdfText.Pages(AnalyticsReport.RenderIn(CultureInfo.GetCultureInfo("pt-BR"), quiet, Localizer(), SaoPaulo)));

        Assert.True(PdfText.Has(text, "Período 07/12/2026"), text);
        Assert.True(PdfText.Has(text, "Somente a sua produção"), text);
        Assert.True(PdfText.Has(text, "Nada foi registrado neste período."), text);
    }

    [Fact]
    public void A_figure_never_splits_it_moves_whole_to_the_next_page()
    {
        var composer = new ClinicApp.Infrastructure.Pdf.PdfComposer(new("Hospital", null, (p, n) => $"{p}/{n}"));
        composer.Text(string.Join("\n", Enumerable.Range(1, 40).Select(i => $"linha {i}")));
        var onFirst = composer.CountPages();
        var drawn = new List<SkiaSharp.SKRect>();
        composer.Figure(300f, (_, rect) => drawn.Add(rect));

        composer.ToPdf();

        Assert.Equal(1, onFirst);
        Assert.Equal(2, composer.CountPages());
        var rect = Assert.Single(drawn);
        Assert.Equal(300f, rect.Height, 2);
        Assert.True(rect.Top < 150f, $"the figure starts at the top of page 2, not at {rect.Top}");
    }
}
