using System.Net;
using ClinicApp.Components.Shared;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Settings;
using ClinicApp.Features.Tutors;
using ClinicApp.Tests.Fakes;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ClinicApp.Tests.Integration.Billing;

[Collection(AppCollection.Name)]
public sealed class BillingDocumentsTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    private static async Task<(Guid InvoiceId, string Item, decimal Total)> NewInvoiceAsync(Desk desk, string? email = null)
    {
        var tutorId = await desk.Tutors.SaveAsync(null, new TutorInput { Name = $"Tutor {Guid.NewGuid():N}"[..20], Cpf = Desk.NewCpf(), Email = email });
        var petId = await desk.NewPetAsync(tutorId, "Bolinha");
        var invoices = desk.Services.GetRequiredService<InvoiceService>();
        var id = await invoices.CreateAsync(tutorId, petId);
        var item = $"Consulta pdf {Guid.NewGuid():N}"[..22];
        await invoices.AddItemAsync(id, item, ChargeKind.Consultation, 1, 180.50m);
        await invoices.AddItemAsync(id, "Vacina V10", ChargeKind.Medication, 2, 95m);
        return (id, item, 370.50m);
    }

    private static bool HasMoney(string text, decimal amount) =>
        PdfText.Has(text, MoneyFormat.InCulture(amount, new System.Globalization.CultureInfo("en")))
        || PdfText.Has(text, MoneyFormat.InCulture(amount, new System.Globalization.CultureInfo("pt-BR")));

    private async Task<Http> SignedInAsync(string slug, string role)
    {
        var http = new Http(_app.BaseUrl);
        var email = await new TestUsers(_app).CreateAsync(slug, role);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync(slug, email, TestUsers.Password)).StatusCode);
        return http;
    }

    [Fact]
    public async Task Reception_downloads_the_invoice_pdf_with_hospital_items_and_total()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora");
        var (id, item, total) = await NewInvoiceAsync(desk);
        using var http = await SignedInAsync("aurora", Roles.Receptionist);

        var response = await http.GetAsync($"aurora/invoices/{id}/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("fatura-", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var text = string.Join(" ", PdfText.Pages(await response.Content.ReadAsByteArrayAsync()));
        Assert.True(PdfText.Has(text, desk.Hospital.Name), text);
        Assert.True(PdfText.Has(text, item), text);
        Assert.True(PdfText.Has(text, "Vacina V10"), text);
        Assert.True(HasMoney(text, total), text);
    }

    [Fact]
    public async Task The_receipt_of_a_payment_downloads_and_other_hospitals_ids_are_not_found()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora");
        var (id, _, _) = await NewInvoiceAsync(desk);
        var paymentId = await desk.Services.GetRequiredService<InvoiceService>().RegisterPaymentAsync(id, PaymentMethod.Cash, 70.50m, null);
        await using var other = await Desk.AsAsync(_app, "boavista");
        var (otherId, _, _) = await NewInvoiceAsync(other);
        using var http = await SignedInAsync("aurora", Roles.Receptionist);

        var receipt = await http.GetAsync($"aurora/invoices/{id}/payments/{paymentId}/receipt");
        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        Assert.Matches("^recibo-\\d+-1\\.pdf$", receipt.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var text = string.Join(" ", PdfText.Pages(await receipt.Content.ReadAsByteArrayAsync()));
        Assert.True(HasMoney(text, 70.50m), text);
        Assert.True(HasMoney(text, 300m), text); // balance after

        var foreign = await http.GetAsync($"aurora/invoices/{otherId}/pdf");
        Assert.True(foreign.StatusCode == HttpStatusCode.NotFound, foreign.StatusCode.ToString());
        Assert.False(foreign.Headers.Contains("Set-Cookie"), "a 404 keeps the person signed in");
        var missing = await http.GetAsync($"aurora/invoices/{id}/payments/{Guid.NewGuid()}/receipt");
        Assert.True(missing.StatusCode == HttpStatusCode.NotFound, $"{missing.StatusCode} {Http.Location(missing)}");
    }

    [Fact]
    public async Task Anonymous_is_sent_to_sign_in()
    {
        using var http = new Http(_app.BaseUrl);

        var response = await http.GetAsync($"aurora/invoices/{Guid.NewGuid()}/pdf");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", Http.Location(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_receipt_goes_through_smtp_with_the_pdf_attached()
    {
        await using var smtp = new FakeSmtpServer();
        await using var desk = await Desk.AsAsync(_app, "boavista");
        var settings = desk.Services.GetRequiredService<IntegrationSettingsService>();
        await desk.AsAdminAsync(() => settings.SaveSmtpAsync(new SmtpSettingsInput
        {
            Host = "127.0.0.1", Port = smtp.Port, StartTls = false, FromAddress = "caixa@boavista.test", FromName = "Boa Vista",
        }));
        try
        {
            var email = $"tutor-{Guid.NewGuid():N}@mail.test";
            var (id, _, _) = await NewInvoiceAsync(desk, email);
            await desk.Services.GetRequiredService<InvoiceService>().RegisterPaymentAsync(id, PaymentMethod.Cash, 100m, null);

            Assert.True(await EventuallyAsync(() => Task.FromResult(!smtp.Messages.IsEmpty)), "the receipt email arrived");
            Assert.True(smtp.Messages.TryDequeue(out var raw));
            using var message = await MimeMessage.LoadAsync(new MemoryStream(raw!));
            Assert.Equal(email, message.To.Mailboxes.Single().Address);
            Assert.NotNull(message.TextBody);
            Assert.NotNull(message.MessageId);
            Assert.NotNull(message.HtmlBody);
            var pdf = message.Attachments.OfType<MimePart>().Single(a => a.ContentType.MimeType == "application/pdf");
            using var content = new MemoryStream();
            await pdf.Content!.DecodeToAsync(content);
            var text = string.Join(" ", PdfText.Pages(content.ToArray()));
            Assert.True(PdfText.Has(text, desk.Hospital.Name), text);
            Assert.True(HasMoney(text, 100m), text);

            Assert.True(await EventuallyAsync(async () => (await OutboxRowAsync(desk, id))?.Status == OutboxStatus.Sent));
            var row = await OutboxRowAsync(desk, id);
            Assert.Equal(1, row!.Attempts);
            Assert.NotNull(row.SentAt);
            Assert.Equal(message.MessageId, row.ProviderId);
        }
        finally
        {
            await desk.AsAdminAsync(() => settings.SaveSmtpAsync(new SmtpSettingsInput()));
        }
    }

    [Fact]
    public async Task Without_smtp_the_receipt_is_kept_as_an_eml_in_the_hospitals_outbox_folder()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora");
        var email = $"tutor-{Guid.NewGuid():N}@mail.test";
        var (id, _, _) = await NewInvoiceAsync(desk, email);
        await desk.Services.GetRequiredService<InvoiceService>().RegisterPaymentAsync(id, PaymentMethod.Cash, 50m, null);

        Assert.True(await EventuallyAsync(async () => (await OutboxRowAsync(desk, id))?.Status == OutboxStatus.Kept), "the message was kept");
        var row = await OutboxRowAsync(desk, id);
        var path = Path.Combine(_app.DataDirectory, "outbox", "aurora", row!.File!);
        Assert.True(File.Exists(path));
        Assert.False(File.Exists(Path.Combine(_app.DataDirectory, "outbox", "boavista", row.File!)));
        using var message = await MimeMessage.LoadAsync(path);
        Assert.Equal(email, message.To.Mailboxes.Single().Address);
        Assert.Single(message.Attachments);

        // The admin downloads it by message id; another hospital's admin cannot.
        using var admin = await SignedInAsync("aurora", Roles.Admin);
        var download = await admin.GetAsync($"aurora/admin/outbox/{row.Id}/eml");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Contains(email, await download.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var otherAdmin = await SignedInAsync("boavista", Roles.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.GetAsync($"boavista/admin/outbox/{row.Id}/eml")).StatusCode);
        using var reception = await SignedInAsync("aurora", Roles.Receptionist);
        Assert.NotEqual(HttpStatusCode.OK, (await reception.GetAsync($"aurora/admin/outbox/{row.Id}/eml")).StatusCode);
    }

    [Fact]
    public async Task A_tutor_without_email_gets_no_message()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora");
        var (id, _, _) = await NewInvoiceAsync(desk);
        await desk.Services.GetRequiredService<InvoiceService>().RegisterPaymentAsync(id, PaymentMethod.Cash, 10m, null);
        await Task.Delay(1500);

        Assert.Null(await OutboxRowAsync(desk, id));
    }

    [Fact]
    public async Task The_payment_link_email_names_invoice_balance_and_link()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora");
        var email = $"tutor-{Guid.NewGuid():N}@mail.test";
        var (id, _, _) = await NewInvoiceAsync(desk, email);

        var (url, emailedTo, _) = await desk.Services.GetRequiredService<ClinicApp.Features.Payments.PaymentLinks>().SendPaymentLinkAsync(id);

        Assert.Equal(email, emailedTo);
        Assert.True(await EventuallyAsync(async () => (await OutboxRowAsync(desk, id))?.Status == OutboxStatus.Kept), "the dispatcher kept it");
        var row = await OutboxRowAsync(desk, id);
        using var message = await MimeMessage.LoadAsync(Path.Combine(_app.DataDirectory, "outbox", "aurora", row!.File!));
        Assert.Contains("/pay/", url, StringComparison.Ordinal);
        Assert.Contains(url, message.TextBody, StringComparison.Ordinal);
        Assert.Contains(url, message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(desk.Hospital.Name, message.TextBody, StringComparison.Ordinal);
        Assert.Contains("370,50", message.TextBody, StringComparison.Ordinal); // the hospital's language: pt-BR
    }

    private static async Task<OutboxMessage?> OutboxRowAsync(Desk desk, Guid invoiceId)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicApp.Tenancy.ClinicDbFactory>().CreateDbContextAsync();
        return await db.OutboxMessages.AsNoTracking().Where(m => m.InvoiceId == invoiceId).OrderBy(m => m.CreatedAt).FirstOrDefaultAsync();
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
