using System.Globalization;
using System.Text;
using ClinicApp.Components.Shared;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace ClinicApp.Features.Analytics;

/// <summary>A row of a chart's table: the category's label and one value per column (null = nothing to show).</summary>
public sealed record AnalyticsTableRow(string Label, IReadOnlyList<decimal?> Values, bool IsTotal = false);

/// <summary>The numbers behind a chart: a header (the categories' column, one column per series, a total column
/// for stacked series) and one row per category, with a total row when the values add up (counts and money, not
/// rates, averages or a heatmap's cells).</summary>
public sealed record AnalyticsTable(string Title, ValueFormat Format, IReadOnlyList<string> Header, IReadOnlyList<AnalyticsTableRow> Rows);

/// <summary>A chart as a table, in the PDF report, as CSV and as XLSX.
/// <para>CSV: the export's quoting (RFC 4180: a field holding the separator, a quote or a line break is quoted with its
/// quotes doubled; CRLF; UTF-8 with a BOM so Excel reads accents), but unlike the data export (a machine's file:
/// commas and invariant numbers) this is a table for a person to open in a spreadsheet, so it is written the way a
/// spreadsheet of the reader's language writes CSV: in pt-BR a semicolon between fields and a decimal comma
/// ("1234,56"), in English a comma and a decimal point. Brazilian Excel opens such a file by a double click into
/// columns with numbers it can add; a comma-separated file with "1234.56" would land in one column, the numbers as
/// text. Numbers carry no thousands separator nor currency symbol (the header says "(R$)" or "(%)") so they stay
/// numbers. A label that starts like a formula (=, +, -, @) gets a leading apostrophe: the spreadsheet must show a
/// service's name, never run it.</para>
/// <para>XLSX (MiniExcel): a header row, then numbers as numbers with the column's number format (money as
/// "R$ #,##0.00", percentages as true fractions with a percent format, so 28.6 % is the cell 0.286).</para></summary>
public static class AnalyticsTables
{
    public const string CsvContentType = "text/csv";

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly Encoding CsvEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public static AnalyticsTable Of(ChartData chart, IStringLocalizer localizer)
    {
        var summable = chart.Format is ValueFormat.Count or ValueFormat.Money && chart.Shape != ChartShape.Heatmap;
        var totalColumn = summable && chart.Stacked && chart.Series.Count > 1;
        var header = new List<string> { chart.Shape == ChartShape.Time ? localizer["Analytics.Export.Column.Period"] : localizer["Analytics.Export.Column.Category"] };
        header.AddRange(chart.Series.Select(s => s.Label));
        if (totalColumn)
        {
            header.Add(localizer["Analytics.Export.Total"]);
        }

        var rows = new List<AnalyticsTableRow>();
        for (var c = 0; c < chart.Categories.Count; c++)
        {
            var values = chart.Series.Select(s => s.Values[c]).ToList();
            if (totalColumn)
            {
                values.Add(Sum(values));
            }

            rows.Add(new AnalyticsTableRow(chart.Categories[c].Label, values));
        }

        if (summable && rows.Count > 1)
        {
            var columns = header.Count - 1;
            rows.Add(new AnalyticsTableRow(localizer["Analytics.Export.Total"], Enumerable.Range(0, columns).Select(i => Sum(rows.Select(r => r.Values[i]))).ToList(), IsTotal: true));
        }

        return new AnalyticsTable(chart.Title, chart.Format, header, rows);
    }

    /// <summary>A value as a person reads it: "R$ 1.234,56" / "R$1,234.56", "1.234", "28,6%", "3,5"; "—" for nothing.</summary>
    public static string Text(decimal? value, ValueFormat format, CultureInfo culture) => value is not { } v ? "—" : format switch
    {
        ValueFormat.Money => MoneyFormat.InCulture(v, culture),
        ValueFormat.Percent => v.ToString("N1", culture) + "%",
        ValueFormat.Days => v.ToString("N1", culture),
        _ => v.ToString("N0", culture),
    };

    /// <summary>An axis tick or a heatmap cell: as <see cref="Text"/>, but money without centavos when whole.</summary>
    public static string AxisText(decimal value, ValueFormat format, CultureInfo culture)
    {
        if (format == ValueFormat.Money && value == decimal.Truncate(value))
        {
            var numbers = (NumberFormatInfo)culture.NumberFormat.Clone();
            numbers.CurrencySymbol = "R$";
            return value.ToString("C0", numbers);
        }

        return format == ValueFormat.Percent && value == decimal.Truncate(value) ? value.ToString("N0", culture) + "%" : Text(value, format, culture);
    }

    /// <summary>The table as CSV for a spreadsheet of <paramref name="culture"/> (see the class' remarks).</summary>
    public static byte[] Csv(AnalyticsTable table, CultureInfo culture)
    {
        var separator = culture.NumberFormat.NumberDecimalSeparator == "," ? ';' : ',';
        var unit = table.Format switch
        {
            ValueFormat.Money => " (R$)",
            ValueFormat.Percent => " (%)",
            _ => "",
        };
        var text = new StringBuilder();
        text.Append(CsvLine(table.Header.Select((h, i) => i == 0 ? Safe(h) : Safe(h) + unit), separator));
        foreach (var row in table.Rows)
        {
            text.Append(CsvLine(row.Values.Select(v => CsvNumber(v, table.Format, culture)).Prepend(Safe(row.Label)), separator));
        }

        return [.. CsvEncoding.GetPreamble(), .. CsvEncoding.GetBytes(text.ToString())];
    }

    /// <summary>The field as written: quoted, its quotes doubled, when it holds the separator, a quote or a line break.</summary>
    public static string CsvField(string field, char separator) =>
        field.AsSpan().IndexOfAny([separator, '"', '\r', '\n']) < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>The table as an XLSX workbook of one sheet (named after the chart).</summary>
    public static byte[] Xlsx(AnalyticsTable table)
    {
        var format = table.Format switch
        {
            ValueFormat.Money => "\"R$\" #,##0.00",
            ValueFormat.Percent => "0.0%",
            ValueFormat.Days => "0.0",
            _ => "#,##0",
        };
        var columns = table.Header.Select((header, i) => new DynamicExcelColumn(Key(i))
        {
            Name = header,
            Index = i,
            Width = i == 0 ? 28 : 16,
            Format = i == 0 ? null : format,
        }).ToArray();
        var rows = table.Rows.Select(row =>
        {
            var cells = new Dictionary<string, object?> { [Key(0)] = row.Label };
            for (var i = 0; i < row.Values.Count; i++)
            {
                // A percentage is stored as the fraction the cell's percent format expects (28.6 → 0.286).
                cells[Key(i + 1)] = row.Values[i] is { } value ? (table.Format == ValueFormat.Percent ? value / 100m : value) : null;
            }

            return cells;
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(rows, printHeader: true, sheetName: SheetName(table.Title), excelType: ExcelType.XLSX,
            configuration: new OpenXmlConfiguration { DynamicColumns = columns, TableStyles = TableStyles.None, AutoFilter = false });
        return stream.ToArray();
    }

    /// <summary>The XLSX's column key of a table's column (MiniExcel names columns by key; labels may repeat).</summary>
    public static string Key(int column) => $"c{column}";

    private static decimal? Sum(IEnumerable<decimal?> values)
    {
        var present = values.Where(v => v is not null).ToList();
        return present.Count == 0 ? null : present.Sum();
    }

    private static string CsvLine(IEnumerable<string> fields, char separator) =>
        string.Join(separator, fields.Select(f => CsvField(f, separator))) + "\r\n";

    private static string CsvNumber(decimal? value, ValueFormat format, CultureInfo culture) => value is not { } v ? "" : format switch
    {
        ValueFormat.Money => v.ToString("0.00", culture),
        ValueFormat.Percent or ValueFormat.Days => v.ToString("0.0", culture),
        _ => v.ToString("0.##", culture),
    };

    /// <summary>Text that a spreadsheet would take for a formula gets a leading apostrophe.</summary>
    private static string Safe(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>Excel's sheet names: at most 31 characters, none of []:*?/\.</summary>
    private static string SheetName(string title)
    {
        var clean = new string(title.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray()).Trim();
        return clean.Length == 0 ? "Sheet1" : clean.Length > 31 ? clean[..31] : clean;
    }
}
