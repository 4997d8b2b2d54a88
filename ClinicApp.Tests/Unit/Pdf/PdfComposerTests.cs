using ClinicApp.Infrastructure.Pdf;
using ClinicApp.Tests.Support;
using UglyToad.PdfPig;

namespace ClinicApp.Tests.Unit.Pdf;

public sealed class PdfComposerTests
{
    private static PdfComposer NewComposer(string? subtitle = "Rua das Flores, 10") =>
        new(new PdfPageFrame("Hospital Veterinário Aurora", subtitle, (page, pages) => $"Página {page} de {pages}"));

    private static string[] PageTexts(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToArray();
    }

    [Fact]
    public void Wrap_breaks_between_words_and_inside_words_too_long_for_a_line()
    {
        var font = PdfFonts.Get(bold: false, 10f);
        var lines = PdfComposer.Wrap("uma frase bem comprida que não cabe numa linha estreita", font, 80f);

        Assert.True(lines.Count > 3);
        Assert.All(lines, line => Assert.True(font.MeasureText(line) <= 80f, line));
        Assert.Equal("uma frase bem comprida que não cabe numa linha estreita", string.Join(" ", lines));

        var broken = PdfComposer.Wrap(new string('x', 200), font, 50f);
        Assert.True(broken.Count > 1);
        Assert.Equal(200, broken.Sum(l => l.Length));
        Assert.Equal(["a", "", "b"], PdfComposer.Wrap("a\n\nb", font, 100f));
    }

    [Fact]
    public void A_short_document_is_one_page_with_header_footer_and_text()
    {
        var pdf = NewComposer().Text("Fatura 1042", 16f, bold: true).KeyValues([("Tutor", "Maria Souza"), ("Pet", "Rex")]).ToPdf();

        var pages = PageTexts(pdf);
        var page = Assert.Single(pages);
        Assert.Contains("Hospital Veterinário Aurora", page);
        Assert.True(PdfText.Has(page, "Rua das Flores, 10"), page);
        Assert.Contains("Fatura 1042", page);
        Assert.Contains("Maria Souza", page);
        Assert.Contains("Página 1 de 1", page);
    }

    [Fact]
    public void A_long_table_flows_over_pages_repeating_its_header_row_and_the_page_header()
    {
        var columns = new[] { new PdfColumn("Descrição", 5), new PdfColumn("Qtd", 1, PdfAlign.Right), new PdfColumn("Total", 2, PdfAlign.Right) };
        var rows = Enumerable.Range(1, 150).Select(i => (IReadOnlyList<string>)[$"Item{i:D3} consulta", "1", $"R$ {i},00"]);
        var composer = NewComposer(subtitle: null).Text("Itens").Table(columns, rows);

        var pdf = composer.ToPdf();
        var pages = PageTexts(pdf);

        Assert.True(pages.Length >= 3, $"{pages.Length} pages");
        Assert.Equal(composer.CountPages(), pages.Length);
        for (var i = 0; i < pages.Length; i++)
        {
            Assert.Contains("Hospital Veterinário Aurora", pages[i]);
            Assert.Contains("Descrição Qtd Total", pages[i]);
            Assert.Contains($"Página {i + 1} de {pages.Length}", pages[i]);
        }

        // Every row exactly once, in order across the pages.
        var all = string.Join(" ", pages);
        for (var i = 1; i <= 150; i++)
        {
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(all, $"Item{i:D3} "));
        }

        Assert.Contains("Item001", pages[0]);
        Assert.Contains("Item150", pages[^1]);
    }

    [Fact]
    public void Long_text_wraps_and_continues_on_the_next_page()
    {
        var paragraph = string.Join(" ", Enumerable.Repeat("palavra", 3000));
        var pages = PageTexts(NewComposer().Text(paragraph).Text("FIM", bold: true).ToPdf());

        Assert.True(pages.Length > 1);
        Assert.Contains("FIM", pages[^1]);
        Assert.All(pages, p => Assert.Contains("Hospital Veterinário Aurora", p));
    }
}
