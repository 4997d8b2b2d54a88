using System.Globalization;
using System.IO.Compression;
using System.Text;
using ClinicApp.Features.Analytics;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace ClinicApp.Tests.Unit.Analytics;

/// <summary>A chart's numbers as a table, CSV (for a spreadsheet of the reader's language) and XLSX.</summary>
public sealed class AnalyticsTablesTests
{
    private static readonly CultureInfo Pt = CultureInfo.GetCultureInfo("pt-BR");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en");

    private static IStringLocalizer<SharedResource> Localizer() =>
        new ServiceCollection().AddClinicTexts().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();

    /// <summary>Revenue per day by category, with a name that needs quoting and one that looks like a formula.</summary>
    private static ChartData Revenue() => new("revenue-by-day", "Receita por dia", ChartShape.Time, ValueFormat.Money,
        [new("2026-11-01", "01/11"), new("2026-11-02", "02/11")],
        [
            new("consultations", "Consultas; retornos", [1234.56m, 100m]),
            new("exams", "Exames \"laboratoriais\"", [null, 50.5m]),
            new("other", "=Outros", [10m, 0m]),
        ]) { Stacked = true };

    [Fact]
    public void A_stacked_money_chart_gets_a_total_column_and_a_total_row()
    {
        using var _ = new CultureScope("pt-BR");
        var table = AnalyticsTables.Of(Revenue(), Localizer());

        Assert.Equal(["Período", "Consultas; retornos", "Exames \"laboratoriais\"", "=Outros", "Total"], table.Header);
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal(["01/11", "02/11", "Total"], table.Rows.Select(r => r.Label));
        Assert.Equal([1234.56m, null, 10m, 1244.56m], table.Rows[0].Values);
        Assert.Equal([1334.56m, 50.5m, 10m, 1395.06m], table.Rows[^1].Values);
        Assert.True(table.Rows[^1].IsTotal);
    }

    [Fact]
    public void Rates_and_heatmaps_do_not_add_up_so_they_get_no_totals()
    {
        var localizer = Localizer();
        var rate = new ChartData("noshow", "Faltas", ChartShape.Category, ValueFormat.Percent,
            [new("a", "Dra. Ana"), new("b", "Dr. Bruno")], [new("rate", "Taxa", [28.6m, 10m])]);
        var heat = new ChartData("heat", "Mapa", ChartShape.Heatmap, ValueFormat.Count,
            [new("8", "8h"), new("9", "9h")], [new("mon", "Seg", [1m, 2m]), new("tue", "Ter", [3m, 4m])]) { Stacked = true };

        Assert.DoesNotContain(AnalyticsTables.Of(rate, localizer).Rows, r => r.IsTotal);
        var table = AnalyticsTables.Of(heat, localizer);
        Assert.DoesNotContain(table.Rows, r => r.IsTotal);
        Assert.Equal(3, table.Header.Count); // the categories' column and one per row of the map, no total column
    }

    [Fact]
    public void Csv_in_portuguese_uses_semicolons_decimal_commas_a_bom_and_quotes_what_needs_it()
    {
        using var _ = new CultureScope("pt-BR");
        var bytes = AnalyticsTables.Csv(AnalyticsTables.Of(Revenue(), Localizer()), Pt);

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("Período;\"Consultas; retornos (R$)\";\"Exames \"\"laboratoriais\"\" (R$)\";'=Outros (R$);Total (R$)", lines[0]);
        Assert.Equal("01/11;1234,56;;10,00;1244,56", lines[1]);
        Assert.Equal("Total;1334,56;50,50;10,00;1395,06", lines[3]);
        Assert.Equal("", lines[^1]); // every line ends with CRLF
    }

    [Fact]
    public void Csv_in_english_uses_commas_and_decimal_points_and_quotes_commas_in_names()
    {
        using var _ = new CultureScope("en");
        var chart = new ChartData("top-services", "Top services", ChartShape.Category, ValueFormat.Count,
            [new("s1", "Vacinação, V10"), new("s2", "Consulta")], [new("count", "Count", [1200m, 3m])]);

        var text = Encoding.UTF8.GetString(AnalyticsTables.Csv(AnalyticsTables.Of(chart, Localizer()), En)).TrimStart('\uFEFF');

        Assert.Equal("Category,Count\r\n\"Vacinação, V10\",1200\r\nConsulta,3\r\nTotal,1203\r\n", text);
    }

    [Fact]
    public void Xlsx_has_a_header_row_and_numbers_as_numbers_with_money_and_percent_formats()
    {
        using var _ = new CultureScope("pt-BR");
        var localizer = Localizer();
        var money = AnalyticsTables.Xlsx(AnalyticsTables.Of(Revenue(), localizer));

        using (var stream = new MemoryStream(money))
        {
            var rows = stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(["Período", "Consultas; retornos", "Exames \"laboratoriais\"", "=Outros", "Total"], rows[0].Values.Select(v => v?.ToString()));
            Assert.Equal("01/11", rows[1]["A"]);
            Assert.Equal(1234.56m, Convert.ToDecimal(rows[1]["B"], CultureInfo.InvariantCulture));
            Assert.IsNotType<string>(rows[1]["B"]);
            Assert.Null(rows[1]["C"]);
            Assert.Equal(1395.06m, Convert.ToDecimal(rows[3]["E"], CultureInfo.InvariantCulture));
        }

        Assert.Contains("R$", Styles(money), StringComparison.Ordinal);

        var rate = new ChartData("noshow", "Faltas por veterinário(a)", ChartShape.Category, ValueFormat.Percent,
            [new("a", "Dra. Ana")], [new("rate", "Taxa", [28.6m])]);
        var percent = AnalyticsTables.Xlsx(AnalyticsTables.Of(rate, localizer));
        using (var stream = new MemoryStream(percent))
        {
            var row = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().Single();
            Assert.Equal(0.286m, Convert.ToDecimal(row["Taxa"], CultureInfo.InvariantCulture)); // 28.6 % as the fraction Excel's % format shows
        }

        Assert.Contains("0.0%", Styles(percent), StringComparison.Ordinal);
    }

    private static string Styles(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        using var reader = new StreamReader(zip.GetEntry("xl/styles.xml")!.Open());
        return reader.ReadToEnd();
    }

    [Fact]
    public void Values_read_as_a_person_writes_them_in_each_language()
    {
        Assert.Equal("R$ 1.234,56", AnalyticsTables.Text(1234.56m, ValueFormat.Money, Pt).Replace('\u00A0', ' '));
        Assert.Equal("R$1,234.56", AnalyticsTables.Text(1234.56m, ValueFormat.Money, En));
        Assert.Equal("28,6%", AnalyticsTables.Text(28.6m, ValueFormat.Percent, Pt));
        Assert.Equal("1.200", AnalyticsTables.Text(1200m, ValueFormat.Count, Pt));
        Assert.Equal("—", AnalyticsTables.Text(null, ValueFormat.Count, Pt));
        Assert.Equal("+12,5%", AnalyticsReport.ChangeText(12.5m, Pt));
        Assert.Equal("−3.0%", AnalyticsReport.ChangeText(-3m, En));
    }
}
