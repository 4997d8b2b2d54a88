using System.Net;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Portal;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Portal;

/// <summary>The tutor's invoices in the portal: only their own, every service method and download tried
/// with their ids, another tutor's, a staff-only one and as a staff member.</summary>
[Collection(AppCollection.Name)]
public sealed class PortalInvoicesTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task The_tutor_sees_their_invoices_open_first_and_the_open_balance_but_not_cancelled_or_empty_ones()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var (paid, _) = await PortalData.InvoiceAsync(_app, "aurora", tutor.TutorId, tutor.PetId, 80m, paid: 80m);
        var (open, _) = await PortalData.InvoiceAsync(_app, "aurora", tutor.TutorId, tutor.PetId, 150m, paid: 50m);
        var (cancelled, _) = await PortalData.InvoiceAsync(_app, "aurora", tutor.TutorId, tutor.PetId, 30m);
        Guid empty;
        await using (var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin))
        {
            await admin.Services.GetRequiredService<InvoiceService>().CancelAsync(cancelled, "Lançada em duplicidade");
            empty = await admin.Services.GetRequiredService<InvoiceService>().CreateAsync(tutor.TutorId, tutor.PetId);
        }

        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var portal = scope.ServiceProvider.GetRequiredService<PortalInvoices>();

        var list = await portal.ListAsync();
        var balance = (await portal.BalanceAsync())!;

        Assert.Equal([open, paid], list.Select(r => r.Id));
        Assert.Equal((InvoiceStatus.PartiallyPaid, 100m), (list[0].Status, list[0].Balance));
        Assert.Equal((100m, open), (balance.Balance, balance.SingleOpenInvoiceId));
        await Assert.ThrowsAsync<PortalNotFoundException>(() => portal.GetAsync(cancelled));
        await Assert.ThrowsAsync<PortalNotFoundException>(() => portal.GetAsync(empty));
    }

    [Fact]
    public async Task An_invoice_shows_its_items_discount_totals_and_payments()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var (id, payment) = await PortalData.InvoiceAsync(_app, "aurora", tutor.TutorId, tutor.PetId, 200m, paid: 50m, item: "Hemograma completo");
        await using (var desk = await Desk.AsAsync(_app, "aurora", Roles.Receptionist))
        {
            await desk.Services.GetRequiredService<InvoiceService>().SetDiscountAsync(id, 20m);
        }

        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var invoice = await scope.ServiceProvider.GetRequiredService<PortalInvoices>().GetAsync(id);

        var item = Assert.Single(invoice.Items);
        Assert.Equal(("Hemograma completo", 200m), (item.Description, item.Total));
        Assert.Equal((200m, 20m, 180m, 50m, 130m), (invoice.Subtotal, invoice.Discount, invoice.Total, invoice.Paid, invoice.Balance));
        var paid = Assert.Single(invoice.Payments);
        Assert.Equal((payment!.Value, PaymentMethod.Cash, 50m), (paid.Id, paid.Method, paid.Amount));
        Assert.True(invoice.IsOpen);
    }

    [Fact]
    public async Task Another_tutors_invoice_and_a_staff_only_invoice_are_not_found_by_every_portal_method()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var other = await PortalTutors.CreateAsync(_app, "aurora");
        var (theirs, theirPayment) = await PortalData.InvoiceAsync(_app, "aurora", other.TutorId, other.PetId, 120m, paid: 20m);
        var (mine, myPayment) = await PortalData.InvoiceAsync(_app, "aurora", tutor.TutorId, tutor.PetId, 120m, paid: 20m);
        var staffOnly = await PortalData.StaffOnlyInvoiceAsync(_app, "aurora");

        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var portal = scope.ServiceProvider.GetRequiredService<PortalInvoices>();

        Assert.Equal([mine], (await portal.ListAsync()).Select(r => r.Id));
        Assert.Equal([mine], (await portal.BalanceAsync())!.OpenInvoiceIds);
        foreach (var id in new[] { theirs, staffOnly, Guid.NewGuid() })
        {
            await Assert.ThrowsAsync<PortalNotFoundException>(() => portal.GetAsync(id));
            await Assert.ThrowsAsync<PortalNotFoundException>(() => portal.PayLinkAsync(id));
            Assert.Null(await portal.InvoicePdfAsync(id));
        }

        Assert.Null(await portal.ReceiptPdfAsync(theirs, theirPayment!.Value));
        // Their payment's id on my invoice: a receipt is only of the invoice it belongs to.
        Assert.Null(await portal.ReceiptPdfAsync(mine, theirPayment.Value));
        Assert.NotNull(await portal.ReceiptPdfAsync(mine, myPayment!.Value));
        Assert.NotNull(await portal.InvoicePdfAsync(mine));
    }

    [Theory]
    [InlineData(Roles.Receptionist)]
    [InlineData(Roles.Admin)]
    public async Task A_staff_member_calling_the_portal_services_finds_nothing(string role)
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var (id, payment) = await PortalData.InvoiceAsync(_app, "aurora", tutor.TutorId, tutor.PetId, 60m, paid: 10m);
        await using var staff = await Desk.AsAsync(_app, "aurora", role);
        var portal = staff.Services.GetRequiredService<PortalInvoices>();

        Assert.Null(await portal.BalanceAsync());
        await Assert.ThrowsAsync<PortalNotFoundException>(() => portal.ListAsync());
        await Assert.ThrowsAsync<PortalNotFoundException>(() => portal.GetAsync(id));
        await Assert.ThrowsAsync<PortalNotFoundException>(() => portal.PayLinkAsync(id));
        Assert.Null(await portal.InvoicePdfAsync(id));
        Assert.Null(await portal.ReceiptPdfAsync(id, payment!.Value));
    }

    [Fact]
    public async Task The_downloads_answer_the_signed_in_tutor_and_404_for_anyone_elses_ids()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var other = await PortalTutors.CreateAsync(_app, "aurora");
        var (mine, myPayment) = await PortalData.InvoiceAsync(_app, "aurora", tutor.TutorId, tutor.PetId, 75m, paid: 75m, item: "Vacina V10");
        var (theirs, theirPayment) = await PortalData.InvoiceAsync(_app, "aurora", other.TutorId, other.PetId, 75m, paid: 75m);
        var staffOnly = await PortalData.StaffOnlyInvoiceAsync(_app, "aurora");
        using var http = new Http(fixture.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", tutor.Email, TestUsers.Password)).StatusCode);

        var invoicePdf = await http.GetAsync($"aurora/portal/invoices/{mine}.pdf");
        var receiptPdf = await http.GetAsync($"aurora/portal/invoices/{mine}/payments/{myPayment}/receipt.pdf");

        Assert.Equal(HttpStatusCode.OK, invoicePdf.StatusCode);
        Assert.Equal("application/pdf", invoicePdf.Content.Headers.ContentType?.MediaType);
        Assert.Contains(PdfText.Pages(await invoicePdf.Content.ReadAsByteArrayAsync()), p => PdfText.Has(p, "Vacina V10"));
        Assert.Equal(HttpStatusCode.OK, receiptPdf.StatusCode);
        Assert.Equal("application/pdf", receiptPdf.Content.Headers.ContentType?.MediaType);
        foreach (var path in new[]
        {
            $"aurora/portal/invoices/{theirs}.pdf",
            $"aurora/portal/invoices/{staffOnly}.pdf",
            $"aurora/portal/invoices/{Guid.NewGuid()}.pdf",
            $"aurora/portal/invoices/{theirs}/payments/{theirPayment}/receipt.pdf",
            $"aurora/portal/invoices/{mine}/payments/{theirPayment}/receipt.pdf",
            $"aurora/portal/invoices/{mine}/payments/{Guid.NewGuid()}/receipt.pdf",
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task The_downloads_are_not_for_the_anonymous()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        var (mine, _) = await PortalData.InvoiceAsync(_app, "aurora", tutor.TutorId, tutor.PetId, 75m);
        using var http = new Http(fixture.BaseUrl);

        var response = await http.GetAsync($"aurora/portal/invoices/{mine}.pdf");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
    }
}
