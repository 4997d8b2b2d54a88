using System.Net;
using System.Text;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Exams;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using ClinicApp.Tests.Unit.Exams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Exams;

[Collection(AppCollection.Name)]
public sealed class ExamFileTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    private static ExamService Exams(Desk desk) => desk.Services.GetRequiredService<ExamService>();

    private static byte[] Png(int size)
    {
        var bytes = new byte[size];
        ExamFileSignatureTests.PngHeader.CopyTo(bytes, 0);
        Random.Shared.NextBytes(bytes.AsSpan(ExamFileSignatureTests.PngHeader.Length));
        return bytes;
    }

    private static async Task<Guid> NewExamAsync(Desk vet) =>
        await Exams(vet).RequestAsync(new ExamRequestInput { PetId = await vet.NewPetAsync(), ExamType = "Raio-X tórax" });

    private async Task<Http> SignedInAsync(string slug, string role)
    {
        var http = new Http(_app.BaseUrl);
        var email = await new TestUsers(_app).CreateAsync(slug, role);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync(slug, email, TestUsers.Password)).StatusCode);
        return http;
    }

    private static async Task<int> FileRowsAsync(Desk desk, Guid examId)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.ExamFiles.CountAsync(f => f.ExamRequestId == examId);
    }

    private string ExamFolder(string slug, Guid examId) => Path.Combine(_app.DataDirectory, "files", slug, "exams", examId.ToString("N"));

    [Fact]
    public async Task A_png_result_is_stored_in_the_hospitals_folder_and_downloads_as_an_attachment()
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        var examId = await NewExamAsync(vet);
        var content = Png(40_000);

        var fileId = await Exams(nurse).AddFileAsync(examId, new MemoryStream(content), "../../wwwroot/raio x.png", content.Length);

        var stored = Path.Combine(ExamFolder("aurora", examId), fileId.ToString("N") + ".png");
        Assert.True(File.Exists(stored), stored);
        Assert.Equal(content, await File.ReadAllBytesAsync(stored));
        Assert.DoesNotContain("wwwroot", Path.GetFullPath(stored), StringComparison.OrdinalIgnoreCase);
        var details = await Exams(nurse).GetAsync(examId);
        var file = Assert.Single(details!.Files);
        Assert.Equal("raio x.png", file.FileName);
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(content.Length, file.SizeBytes);

        using var http = await SignedInAsync("aurora", Roles.Receptionist);
        var response = await http.GetAsync($"aurora/exams/{examId}/files/{fileId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());

        // With a file attached, the exam completes without result text.
        await Exams(nurse).CompleteAsync(examId, null);
    }

    [Fact]
    public async Task A_pdf_named_html_is_kept_and_downloaded_as_pdf_never_as_html()
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        var examId = await NewExamAsync(vet);
        var content = Encoding.UTF8.GetBytes("%PDF-1.4\n<html><script>alert(document.cookie)</script></html>");

        var fileId = await Exams(nurse).AddFileAsync(examId, new MemoryStream(content), "report.html", content.Length);

        var file = Assert.Single((await Exams(nurse).GetAsync(examId))!.Files);
        Assert.Equal("report.pdf", file.FileName);
        Assert.Equal("application/pdf", file.ContentType);
        using var http = await SignedInAsync("aurora", Roles.Receptionist);
        var response = await http.GetAsync($"aurora/exams/{examId}/files/{fileId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("report.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
    }

    [Fact]
    public async Task A_text_file_named_pdf_is_refused_and_nothing_is_stored()
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        var examId = await NewExamAsync(vet);
        var text = Encoding.UTF8.GetBytes("Laudo: hemograma normal. Não é um PDF.");

        var refusal = await Refusals.CaptureAsync(Exams(nurse).AddFileAsync(examId, new MemoryStream(text), "laudo.pdf", text.Length));

        Assert.Equal("Exams.Error.FileType", refusal?.Message);
        Assert.Equal(0, await FileRowsAsync(nurse, examId));
        Assert.True(!Directory.Exists(ExamFolder("aurora", examId)) || Directory.GetFiles(ExamFolder("aurora", examId)).Length == 0);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_with_the_limit_even_when_its_announced_length_lies()
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        var examId = await NewExamAsync(vet);
        var limit = Exams(nurse).MaxFileBytes;
        Assert.Equal(10 * 1024 * 1024, limit);
        var big = Png((int)limit + 1);

        var announced = await Refusals.CaptureAsync(Exams(nurse).AddFileAsync(examId, new MemoryStream(big), "grande.png", big.Length));
        var lying = await Refusals.CaptureAsync(Exams(nurse).AddFileAsync(examId, new MemoryStream(big), "grande.png", 1000));

        Assert.Equal("Exams.Error.FileTooLarge", announced?.Message);
        Assert.Equal("Exams.Error.FileTooLarge", lying?.Message);
        Assert.Contains("MB", (string)lying!.Arguments[0], StringComparison.Ordinal);
        Assert.Equal(0, await FileRowsAsync(nurse, examId));
        Assert.True(!Directory.Exists(ExamFolder("aurora", examId)) || Directory.GetFiles(ExamFolder("aurora", examId)).Length == 0);
    }

    [Fact]
    public async Task Another_hospitals_file_url_is_not_found_and_anonymous_is_sent_to_sign_in()
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        var examId = await NewExamAsync(vet);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF");
        var fileId = await Exams(nurse).AddFileAsync(examId, new MemoryStream(pdf), "laudo.pdf", pdf.Length);
        using var boavista = await SignedInAsync("boavista", Roles.Veterinarian);
        using var anonymous = new Http(_app.BaseUrl);

        var foreign = await boavista.GetAsync($"boavista/exams/{examId}/files/{fileId}");
        var crossing = await boavista.GetAsync($"aurora/exams/{examId}/files/{fileId}");
        var signedOut = await anonymous.GetAsync($"aurora/exams/{examId}/files/{fileId}");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, crossing.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Contains("/account/login", Http.Location(signedOut), StringComparison.Ordinal);
        Assert.False(Directory.Exists(ExamFolder("boavista", examId)));
    }
}
