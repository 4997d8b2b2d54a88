using System.Globalization;
using ClinicApp.Features.Export;

namespace ClinicApp.Tests.Unit.Export;

/// <summary>The export's CSV dialect: RFC 4180 quoting and the culture-free formats, whatever the
/// culture of the thread that writes (a pt-BR server would otherwise write 12,5 and dd/MM/yyyy).</summary>
public sealed class ExportCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rlf", "\"cr\rlf\"")]
    [InlineData("João", "João")]
    [InlineData("", "")]
    public void A_field_is_quoted_only_when_it_must_be(string value, string written) =>
        Assert.Equal(written, ExportCsv.Quote(value));

    [Fact]
    public void Values_are_written_the_same_in_any_culture()
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("pt-BR");
        try
        {
            Assert.Equal("1234.56", ExportCsv.Format(1234.56m));
            Assert.Equal("0.1", ExportCsv.Format(0.1d));
            Assert.Equal("true", ExportCsv.Format(true));
            Assert.Equal("false", ExportCsv.Format(false));
            Assert.Equal("2026-12-07T14:30:05Z", ExportCsv.Format(new DateTime(2026, 12, 7, 14, 30, 5, DateTimeKind.Utc)));
            Assert.Equal("2026-12-07T14:30:05.25Z", ExportCsv.Format(new DateTime(2026, 12, 7, 14, 30, 5, 250, DateTimeKind.Unspecified)));
            Assert.Equal("2026-12-07T12:00:00Z", ExportCsv.Format(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(-3))));
            Assert.Equal("2026-02-28", ExportCsv.Format(new DateOnly(2026, 2, 28)));
            Assert.Equal("08:30:00", ExportCsv.Format(new TimeOnly(8, 30)));
            Assert.Equal("", ExportCsv.Format(null));
            Assert.Equal("", ExportCsv.Format(DBNull.Value));
            Assert.Equal("Friday", ExportCsv.Format(DayOfWeek.Friday));
            Assert.Equal("AQID", ExportCsv.Format(new byte[] { 1, 2, 3 }));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Lines_read_back_field_for_field()
    {
        string[][] rows = [["Id", "Name", "Notes"], ["1", "Joana \"Jô\" d'Ávila, filha\r\nSegunda linha", ""], ["2", ",", "\""]];
        var text = "\uFEFF" + string.Concat(rows.Select(r => ExportCsv.Line(r) + ExportCsv.NewLine));

        var read = ExportCsv.Parse(text);

        Assert.Equal(rows.Length, read.Count);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(rows[i], read[i]);
        }
    }
}
