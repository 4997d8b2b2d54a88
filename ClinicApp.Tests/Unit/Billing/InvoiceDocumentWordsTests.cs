using ClinicApp.Data.Billing;
using ClinicApp.Data.Catalog;
using ClinicApp.Features.Invoices;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Tests.Unit.Billing;

/// <summary>The printed invoice and receipt name a status and a payment method with the very words the
/// screen shows: a tutor holding the PDF and a receptionist looking at the screen must agree.</summary>
public sealed class InvoiceDocumentWordsTests
{
    private static readonly TenantInfo Hospital = new(Guid.NewGuid(), "words", "Hospital Veterinário Aurora", "pt-BR", "America/Sao_Paulo", "BRL", HospitalStatus.Active, []);

    [Theory]
    [InlineData("pt-BR")]
    [InlineData("en")]
    public void The_invoice_pdf_names_each_status_as_the_screen_does(string culture)
    {
        using var services = new ServiceCollection().AddClinicTexts().BuildServiceProvider();
        var localizer = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        using var scope = new CultureScope(culture);

        foreach (var status in Enum.GetValues<InvoiceStatus>())
        {
            var invoice = InvoiceIn(status);
            var text = string.Concat(PdfText.Pages(InvoiceDocuments.RenderInvoice(Details(invoice), Hospital, localizer).Content));

            var onScreen = localizer[$"Invoice.Status.{status}"];
            Assert.False(onScreen.ResourceNotFound);
            Assert.True(PdfText.Has(text, onScreen.Value), $"{culture}: the PDF of a {status} invoice does not say \"{onScreen.Value}\"");
        }
    }

    [Theory]
    [InlineData("pt-BR")]
    [InlineData("en")]
    public void The_receipt_names_each_payment_method_as_the_screen_does(string culture)
    {
        using var services = new ServiceCollection().AddClinicTexts().BuildServiceProvider();
        var localizer = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        using var scope = new CultureScope(culture);

        foreach (var method in Enum.GetValues<PaymentMethod>())
        {
            var invoice = new Invoice { Number = 1042, IssuedAt = DateTime.UtcNow };
            invoice.AddItem("Consulta clínica", ChargeKind.Consultation, 1, 180m);
            var payment = invoice.Pay(method, 180m, DateTime.UtcNow, "REF123", null);
            var text = string.Concat(PdfText.Pages(InvoiceDocuments.RenderReceipt(Details(invoice), payment.Id, Hospital, localizer).Content));

            var onScreen = localizer[$"Payment.Method.{method}"];
            Assert.True(PdfText.Has(text, onScreen.Value), $"{culture}: the receipt of a {method} payment does not say \"{onScreen.Value}\"");
        }
    }

    private static InvoiceDetails Details(Invoice invoice) =>
        new(invoice, "Maria da Silva Souza", "maria@example.com", null, "12345678909", "Rex", new Dictionary<Guid, string>());

    private static Invoice InvoiceIn(InvoiceStatus status)
    {
        var invoice = new Invoice { Number = 1042, IssuedAt = DateTime.UtcNow };
        invoice.AddItem("Consulta clínica", ChargeKind.Consultation, 1, 180m);
        switch (status)
        {
            case InvoiceStatus.PartiallyPaid:
                invoice.Pay(PaymentMethod.Cash, 80m, DateTime.UtcNow, null, null);
                break;
            case InvoiceStatus.Paid:
                invoice.Pay(PaymentMethod.Cash, 180m, DateTime.UtcNow, null, null);
                break;
            case InvoiceStatus.Cancelled:
                invoice.Cancel("Lançada em duplicidade", DateTime.UtcNow);
                break;
        }

        Assert.Equal(status, invoice.Status);
        return invoice;
    }
}
