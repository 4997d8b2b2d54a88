using System.Text;
using ClinicApp.Features.Exams;

namespace ClinicApp.Tests.Unit.Exams;

public sealed class ExamFileSignatureTests
{
    public static readonly byte[] PngHeader = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    [Fact]
    public void A_pdf_is_recognised_by_its_first_bytes() =>
        Assert.Equal(("application/pdf", ".pdf"), ExamFileSignature.Sniff("%PDF-1.7\n"u8));

    [Fact]
    public void A_png_is_recognised_by_its_eight_byte_signature() =>
        Assert.Equal(("image/png", ".png"), ExamFileSignature.Sniff(PngHeader));

    [Fact]
    public void A_jpeg_is_recognised_by_its_start_of_image_marker() =>
        Assert.Equal(("image/jpeg", ".jpg"), ExamFileSignature.Sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 16]));

    [Theory]
    [InlineData("Hemograma: normal")]
    [InlineData("<html><body>%PDF-</body></html>")]
    [InlineData("")]
    [InlineData("%PD")]
    public void Text_or_anything_else_is_not_a_result_file(string content) =>
        Assert.Null(ExamFileSignature.Sniff(Encoding.UTF8.GetBytes(content)));

    [Theory]
    [InlineData("report.html", ".pdf", "report.pdf")]
    [InlineData("laudo.PDF", ".pdf", "laudo.PDF")]
    [InlineData("foto.jpeg", ".jpg", "foto.jpeg")]
    [InlineData("foto.png.svg", ".png", "foto.png.png")]
    [InlineData("semextensao", ".png", "semextensao.png")]
    [InlineData(".html", ".pdf", "file.pdf")]
    public void The_shown_name_ends_in_the_detected_type(string clientName, string extension, string expected) =>
        Assert.Equal(expected, ExamFileSignature.NameFor(clientName, extension));

    [Fact]
    public void A_truncated_png_signature_is_refused() =>
        Assert.Null(ExamFileSignature.Sniff(PngHeader.AsSpan(0, 5)));

    [Fact]
    public void The_stored_path_is_made_of_ids_only()
    {
        var exam = Guid.NewGuid();
        var file = Guid.NewGuid();

        var path = ExamFileStore.RelativePath(exam, file, ".pdf");

        Assert.Equal(Path.Combine("exams", exam.ToString("N"), file.ToString("N") + ".pdf"), path);
    }
}
