using System.IO.Compression;
using System.Net;
using System.Text.Json;
using ClinicApp.Data.Audit;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Portal;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Portal;
using ClinicApp.Features.Privacy;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Privacy;

/// <summary>"Download my data": the tutor asks, the Hangfire job builds the ZIP (data.json and a
/// readable PDF), the tutor downloads it over HTTP for 24 hours; nobody else can, and the cleanup
/// deletes it once expired.</summary>
[Collection(AppCollection.Name)]
public sealed class TutorExportTests(AppFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task The_zip_holds_the_tutors_data_as_json_and_pdf()
    {
        var tutor = await PrivacyData.NewTutorAsync(_app);
        int invoiceNumber;
        await using (var desk = await Desk.AsAsync(_app, "aurora"))
        {
            var vet = await desk.NewVetAsync();
            await desk.Agenda.BookAsync(Desk.Booking(tutor.Portal.PetId, vet, desk.FutureSlot(weeksAhead: 5)));
            var invoices = desk.Services.GetRequiredService<InvoiceService>();
            var invoiceId = await invoices.CreateAsync(tutor.TutorId, tutor.Portal.PetId);
            await invoices.AddItemAsync(invoiceId, "Consulta de rotina", ChargeKind.Service, 1, 150m);
            await invoices.RegisterPaymentAsync(invoiceId, PaymentMethod.Cash, 150m, null);
            invoiceNumber = (await invoices.GetAsync(invoiceId))!.Invoice.Number;
        }

        await using var scope = await PortalTutors.ScopeAsync(_app, tutor.Portal);
        var myData = scope.ServiceProvider.GetRequiredService<MyDataService>();
        await myData.SetConsentAsync(ConsentPurpose.Marketing, true);
        var export = await ReadyAsync(myData);

        var path = scope.ServiceProvider.GetRequiredService<TutorExportFiles>().FileOf("aurora", $"{export.Id:N}.zip");
        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(["data.json", "data.pdf"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var json = JsonDocument.Parse(Bytes(zip.GetEntry("data.json")!));
        var root = json.RootElement;
        var person = root.GetProperty("tutor");
        Assert.Equal(tutor.Name, person.GetProperty("name").GetString());
        Assert.Equal(tutor.Cpf, person.GetProperty("cpf").GetString());
        Assert.Equal(tutor.Phone, person.GetProperty("phone").GetString());
        Assert.Equal(tutor.Email, person.GetProperty("email").GetString());
        Assert.True(person.GetProperty("marketingConsent").GetBoolean());
        var pet = Assert.Single(root.GetProperty("pets").EnumerateArray());
        Assert.Equal(tutor.Portal.PetId, pet.GetProperty("id").GetGuid());
        var appointment = Assert.Single(root.GetProperty("appointments").EnumerateArray());
        Assert.Equal("Scheduled", appointment.GetProperty("status").GetString());
        var invoice = Assert.Single(root.GetProperty("invoices").EnumerateArray());
        Assert.Equal(invoiceNumber, invoice.GetProperty("number").GetInt32());
        Assert.Equal("Paid", invoice.GetProperty("status").GetString());
        Assert.Equal("Consulta de rotina", Assert.Single(invoice.GetProperty("items").EnumerateArray()).GetProperty("description").GetString());
        Assert.Equal(150m, Assert.Single(invoice.GetProperty("payments").EnumerateArray()).GetProperty("amount").GetDecimal());
        var consents = root.GetProperty("consents").EnumerateArray().ToList();
        Assert.Contains(consents, c => c.GetProperty("purpose").GetString() == "Reminders" && c.GetProperty("channel").GetString() == "Desk");
        Assert.Contains(consents, c => c.GetProperty("purpose").GetString() == "Marketing" && c.GetProperty("channel").GetString() == "Portal");

        // The readable copy, in the hospital's language (aurora: pt-BR).
        var pdf = string.Join('\n', PdfText.Pages(Bytes(zip.GetEntry("data.pdf")!)));
        Assert.True(PdfText.Has(pdf, tutor.Name), pdf);
        Assert.True(PdfText.Has(pdf, "Seus dados pessoais"), pdf);
        Assert.True(PdfText.Has(pdf, pet.GetProperty("name").GetString()!), pdf);
        Assert.True(PdfText.Has(pdf, "Consulta de rotina") || PdfText.Has(pdf, invoiceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)), pdf);
    }

    [Fact]
    public async Task Only_the_tutor_who_asked_downloads_it_while_it_is_ready_and_each_download_is_counted_and_audited()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var other = await PortalTutors.CreateAsync(_app, "aurora");
        TutorExportRow export;
        await using (var scope = await PortalTutors.ScopeAsync(_app, tutor))
        {
            export = await ReadyAsync(scope.ServiceProvider.GetRequiredService<MyDataService>());
        }

        var url = $"aurora/{PrivacyFeature.DownloadPath(export.Id)}";
        using (var http = new Http(_app.BaseUrl))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", tutor.Email, TestUsers.Password)).StatusCode);
            var response = await http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
            Assert.True(await response.Content.ReadAsByteArrayAsync() is [(byte)'P', (byte)'K', ..], "not a ZIP");
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"aurora/{PrivacyFeature.DownloadPath(Guid.NewGuid())}")).StatusCode);
        }

        // Another tutor, and staff, are answered as for a missing export.
        using (var http = new Http(_app.BaseUrl))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", other.Email, TestUsers.Password)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(url)).StatusCode);
        }

        using (var http = new Http(_app.BaseUrl))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", await new TestUsers(_app).CreateAsync("aurora", Roles.Admin), TestUsers.Password)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(url)).StatusCode);
        }

        await using var desk = await Desk.AsAsync(_app, "aurora");
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var row = await db.TutorDataExports.AsNoTracking().SingleAsync(e => e.Id == export.Id);
        Assert.Equal(1, row.DownloadCount);
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityId == export.Id.ToString() && a.Action == AuditAction.Downloaded);
        Assert.Equal(tutor.UserId, audit.UserId);

        // Past its 24 hours: not found, and the cleanup deletes the file and marks it expired.
        await db.TutorDataExports.Where(e => e.Id == export.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)));
        using (var http = new Http(_app.BaseUrl))
        {
            await http.SignInAsync("aurora", tutor.Email, TestUsers.Password);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(url)).StatusCode);
        }

        var path = desk.Services.GetRequiredService<TutorExportFiles>().FileOf("aurora", row.FileName!);
        Assert.True(File.Exists(path));
        await desk.Services.GetServices<ClinicApp.Infrastructure.Jobs.IHospitalRecurringJob>().Single(j => j.Name == TutorExportCleanupJob.JobName).RunAsync(default);
        Assert.False(File.Exists(path));
        row = await db.TutorDataExports.AsNoTracking().SingleAsync(e => e.Id == export.Id);
        Assert.Equal((TutorDataExportStatus.Expired, (string?)null), (row.Status, row.FileName));
        await using var scope2 = await PortalTutors.ScopeAsync(_app, tutor);
        var shown = (await scope2.ServiceProvider.GetRequiredService<MyDataService>().GetAsync()).Exports.Single(e => e.Id == export.Id);
        Assert.Equal(TutorDataExportStatus.Expired, shown.Shown);
        Assert.False(shown.CanDownload);
    }

    [Fact]
    public async Task One_export_in_progress_per_tutor_and_none_for_staff()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        await using var desk = await Desk.AsAsync(_app, "aurora");
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var running = new TutorDataExport { TutorId = tutor.TutorId, RequestedAt = DateTime.UtcNow, Status = TutorDataExportStatus.Running };
        db.TutorDataExports.Add(running);
        await db.SaveChangesAsync();

        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var again = await scope.ServiceProvider.GetRequiredService<MyDataService>().RequestExportAsync();
        Assert.Equal(running.Id, again.Id);
        Assert.Equal(1, await db.TutorDataExports.CountAsync(e => e.TutorId == tutor.TutorId));

        await Assert.ThrowsAsync<PortalNotFoundException>(() => desk.Services.GetRequiredService<MyDataService>().RequestExportAsync());
        Assert.Null(await desk.Services.GetRequiredService<MyDataService>().DownloadAsync(running.Id));
        await db.TutorDataExports.Where(e => e.Id == running.Id).ExecuteDeleteAsync();
    }

    internal static async Task<TutorExportRow> ReadyAsync(MyDataService myData)
    {
        var requested = await myData.RequestExportAsync();
        Assert.True(requested.InProgress);
        var until = DateTime.UtcNow + Wait;
        while (true)
        {
            var row = (await myData.GetAsync()).Exports.Single(e => e.Id == requested.Id);
            if (!row.InProgress)
            {
                Assert.Equal(TutorDataExportStatus.Ready, row.Status);
                Assert.True(row.CanDownload);
                return row;
            }

            Assert.True(DateTime.UtcNow < until, "The export did not finish");
            await Task.Delay(200);
        }
    }

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
