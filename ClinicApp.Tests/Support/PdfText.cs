using UglyToad.PdfPig;

namespace ClinicApp.Tests.Support;

/// <summary>The text of a PDF's pages as PdfPig reads it, compared without regard to whitespace
/// (money has a no-break space in pt-BR, and word gaps are PdfPig's guess).</summary>
public static class PdfText
{
    public static string[] Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToArray();
    }

    public static bool Has(string text, string expected) =>
        Squash(text).Contains(Squash(expected), StringComparison.Ordinal);

    private static string Squash(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
}
