using System.Globalization;
using System.Net;
using System.Text;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Analytics;
using ClinicApp.Tests.Support;
using MiniExcelLibs;

namespace ClinicApp.Tests.Integration.Analytics;

/// <summary>The report and table downloads through the real app: the period of the address, who may download
/// what, and that a hospital's figures never leave it.</summary>
public sealed class AnalyticsExportsTests(AnalyticsExportFixture fixture) : IClassFixture<AnalyticsExportFixture>
{
    private const string November = "from=2026-11-01&to=2026-11-30";

    private readonly AnalyticsExportApp _app = fixture.App;

    [Fact]
    public async Task An_admin_downloads_the_pdf_report_and_a_charts_csv_and_xlsx_for_the_period_of_the_address()
    {
        var tutor = $"{ExportTestSection.Marker} Conceição; \"Ju\" {Guid.NewGuid():N}"[..40];
        await using (var desk = await Desk.AsAsync(_app, "aurora"))
        {
            await desk.NewTutorAsync(tutor);
        }

        using var admin = await SignedInAsync("aurora", Roles.Admin);
        var hospital = await _app.HospitalAsync("aurora");

        var pdf = await admin.GetAsync($"aurora/analytics/report.pdf?{November}");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        // In the admin's language: the hospital's (pt-BR) until they choose another.
        Assert.Equal("analises-aurora-2026-11-01-2026-11-30.pdf", FileName(pdf));
        var text = string.Join(" ", PdfText.Pages(await pdf.Content.ReadAsByteArrayAsync()));
        Assert.True(PdfText.Has(text, hospital.Name), text);
        Assert.True(PdfText.Has(text, "01/11/2026 a 30/11/2026"), text);
        Assert.True(PdfText.Has(text, "Export test 2026-11-01..2026-11-30"), text);
        Assert.True(PdfText.Has(text, tutor), text);

        var csv = await admin.GetAsync($"aurora/analytics/{ExportTestSection.ChartId}.csv?{November}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{ExportTestSection.ChartId}-aurora-2026-11-01-2026-11-30.csv", FileName(csv));
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("Categoria;Valor (R$)", lines[0]);
        Assert.Contains($"\"{tutor.Replace("\"", "\"\"", StringComparison.Ordinal)}\";1234,56", lines);
        Assert.Contains("hospital;1234,56", lines);

        var xlsx = await admin.GetAsync($"aurora/analytics/{ExportTestSection.ChartId}.xlsx?{November}");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal(AnalyticsTables.XlsxContentType, xlsx.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{ExportTestSection.ChartId}-aurora-2026-11-01-2026-11-30.xlsx", FileName(xlsx));
        using var sheet = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = sheet.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var row = rows.Single(r => Equals(r["Categoria"], tutor));
        Assert.Equal(1234.56m, Convert.ToDecimal(row["Valor"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_bad_period_is_refused_with_the_reason_no_period_is_the_last_30_days_and_an_unknown_chart_is_not_found()
    {
        using var admin = await SignedInAsync("aurora", Roles.Admin);

        foreach (var bad in new[] { "from=2026-11-30&to=2026-11-01", "from=ontem&to=hoje", "from=2020-01-01&to=2026-01-01", "from=2026-11-01" })
        {
            foreach (var path in new[] { "analytics/report.pdf", $"analytics/{ExportTestSection.ChartId}.csv", $"analytics/{ExportTestSection.ChartId}.xlsx" })
            {
                var response = await admin.GetAsync($"aurora/{path}?{bad}");
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Equal($"Escolha um período de no máximo {AnalyticsPeriod.MaxDays} dias, com o fim igual ou depois do início.", await response.Content.ReadAsStringAsync());
            }
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, (await _app.HospitalAsync("aurora")).TimeZone));
        var fallback = await admin.GetAsync($"aurora/analytics/{ExportTestSection.ChartId}.csv");
        Assert.Equal(HttpStatusCode.OK, fallback.StatusCode);
        Assert.Equal($"{ExportTestSection.ChartId}-aurora-{today.AddDays(-29):yyyy-MM-dd}-{today:yyyy-MM-dd}.csv", FileName(fallback));

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"aurora/analytics/no-such-chart.csv?{November}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"aurora/analytics/no-such-chart.xlsx?{November}")).StatusCode);
    }

    [Fact]
    public async Task A_vet_gets_their_own_view_reception_nothing_and_another_hospital_never_this_ones_figures()
    {
        var tutor = $"{ExportTestSection.Marker} Aurora {Guid.NewGuid():N}";
        await using (var desk = await Desk.AsAsync(_app, "aurora"))
        {
            await desk.NewTutorAsync(tutor);
        }

        var csvPath = $"aurora/analytics/{ExportTestSection.ChartId}.csv?{November}";
        var vetEmail = await new TestUsers(_app).CreateAsync("aurora", Roles.Veterinarian);
        var vetId = (await new TestUsers(_app).FindAsync("aurora", vetEmail)).Id;
        using var vet = await SignedInAsync("aurora", vetEmail);
        var own = await vet.GetAsync(csvPath);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var ownText = await own.Content.ReadAsStringAsync();
        Assert.Contains($"{ExportTestSection.Viewer(vetId)};", ownText, StringComparison.Ordinal);
        Assert.DoesNotContain($"{ExportTestSection.Viewer(null)};", ownText, StringComparison.Ordinal);
        var vetPdf = await vet.GetAsync($"aurora/analytics/report.pdf?{November}");
        Assert.Equal(HttpStatusCode.OK, vetPdf.StatusCode);
        Assert.True(PdfText.Has(string.Join(" ", PdfText.Pages(await vetPdf.Content.ReadAsByteArrayAsync())), "Somente a sua produção"));

        using var reception = await SignedInAsync("aurora", Roles.Receptionist);
        foreach (var path in new[] { $"aurora/analytics/report.pdf?{November}", csvPath, $"aurora/analytics/{ExportTestSection.ChartId}.xlsx?{November}" })
        {
            var refused = await reception.GetAsync(path);
            Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
            Assert.Null(refused.Content.Headers.ContentDisposition);
        }

        using var other = await SignedInAsync("boavista", Roles.Admin);
        var foreign = await other.GetAsync(csvPath);
        Assert.NotEqual(HttpStatusCode.OK, foreign.StatusCode);
        Assert.Null(foreign.Content.Headers.ContentDisposition);
        var theirs = await other.GetAsync($"boavista/analytics/{ExportTestSection.ChartId}.csv?{November}");
        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
        Assert.DoesNotContain(tutor, await theirs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var theirPdf = string.Join(" ", PdfText.Pages(await (await other.GetAsync($"boavista/analytics/report.pdf?{November}")).Content.ReadAsByteArrayAsync()));
        Assert.False(PdfText.Has(theirPdf, tutor), theirPdf);
        Assert.False(PdfText.Has(theirPdf, (await _app.HospitalAsync("aurora")).Name), theirPdf);

        using var anonymous = new Http(_app.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(csvPath)).StatusCode);
    }

    private static string? FileName(HttpResponseMessage response) => response.Content.Headers.ContentDisposition?.FileName?.Trim('"');

    private async Task<Http> SignedInAsync(string slug, string roleOrEmail)
    {
        var http = new Http(_app.BaseUrl);
        var email = roleOrEmail.Contains('@', StringComparison.Ordinal) ? roleOrEmail : await new TestUsers(_app).CreateAsync(slug, roleOrEmail);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync(slug, email, TestUsers.Password)).StatusCode);
        return http;
    }
}
