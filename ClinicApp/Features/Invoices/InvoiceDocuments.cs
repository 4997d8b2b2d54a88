using ClinicApp.Common;
using System.Globalization;
using ClinicApp.Components.Shared;
using ClinicApp.Data.Billing;
using ClinicApp.Infrastructure.Pdf;
using ClinicApp.Tenancy;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Invoices;

/// <summary>A rendered document and the name it is downloaded or attached as.</summary>
/// <summary>The invoice and its payment receipts as PDF, in the current culture's language, money in
/// BRL and times in the hospital's zone.</summary>
public sealed class InvoiceDocuments(InvoiceService invoices, TenantContext tenant, IStringLocalizer<SharedResource> localizer)
{
    public async Task<PdfFile?> InvoiceAsync(Guid invoiceId, CancellationToken ct = default) =>
        await invoices.GetAsync(invoiceId, ct) is { } details ? RenderInvoice(details, tenant.Tenant, localizer) : null;

    public async Task<PdfFile?> ReceiptAsync(Guid invoiceId, Guid paymentId, CancellationToken ct = default) =>
        await invoices.GetAsync(invoiceId, ct) is { } details && details.Invoice.Payments.Any(p => p.Id == paymentId)
            ? RenderReceipt(details, paymentId, tenant.Tenant, localizer)
            : null;

    public static PdfFile RenderInvoice(InvoiceDetails details, TenantInfo hospital, IStringLocalizer localizer)
    {
        var invoice = details.Invoice;
        var composer = new PdfComposer(Frame(hospital, localizer))
            .Text(localizer["Pdf.Invoice.Title", invoice.Number], 16f, bold: true, spaceAfter: 10f)
            .KeyValues(Party(details, localizer, [
                (localizer["Pdf.Invoice.IssuedAt"], Time(invoice.IssuedAt, hospital)),
                (localizer["Pdf.Status"], localizer[$"Invoice.Status.{invoice.Status}"]),
            ]));

        if (invoice.Items.Count == 0)
        {
            composer.Text(localizer["Pdf.NoItems"]);
        }
        else
        {
            composer.Table(
                [
                    new PdfColumn(localizer["Pdf.Item.Description"], 6),
                    new PdfColumn(localizer["Pdf.Item.Quantity"], 1.2f, PdfAlign.Right),
                    new PdfColumn(localizer["Pdf.Item.UnitPrice"], 2, PdfAlign.Right),
                    new PdfColumn(localizer["Pdf.Item.Total"], 2, PdfAlign.Right),
                ],
                invoice.Items.Select(i => (IReadOnlyList<string>)[
                    i.Description,
                    i.Quantity.ToString("0.###", CultureInfo.CurrentCulture),
                    i.UnitPrice.Brl(),
                    i.Total.Brl(),
                ]));
        }

        List<(string, string)> totals = [(localizer["Pdf.Subtotal"], invoice.Subtotal.Brl())];
        if (invoice.Discount > 0)
        {
            totals.Add((localizer["Pdf.Discount"], (-invoice.Discount).Brl()));
        }

        totals.Add((localizer["Pdf.Total"], invoice.Total.Brl()));
        totals.Add((localizer["Pdf.Paid"], invoice.Paid.Brl()));
        totals.Add((localizer["Pdf.Balance"], invoice.Balance.Brl()));
        composer.KeyValues(totals, keyShare: 0.7f);

        if (invoice.Status == InvoiceStatus.Cancelled)
        {
            composer.Text(localizer["Pdf.Cancelled", invoice.CancelledAt is { } at ? Time(at, hospital) : "", invoice.CancellationReason ?? ""], bold: true);
        }

        if (!string.IsNullOrWhiteSpace(invoice.Notes))
        {
            composer.Text(localizer["Pdf.Notes"], bold: true, spaceAfter: 2f).Text(invoice.Notes);
        }

        return new PdfFile($"fatura-{invoice.Number}.pdf", composer.ToPdf());
    }

    public static PdfFile RenderReceipt(InvoiceDetails details, Guid paymentId, TenantInfo hospital, IStringLocalizer localizer)
    {
        var invoice = details.Invoice;
        var ordered = invoice.Payments.OrderBy(p => p.PaidAt).ThenBy(p => p.CreatedAt).ToList();
        var index = ordered.FindIndex(p => p.Id == paymentId);
        var payment = ordered[index];
        var balanceAfter = invoice.Total - ordered.Take(index + 1).Sum(p => p.Amount);
        var number = $"{invoice.Number}-{index + 1}";

        List<(string, string)> facts =
        [
            (localizer["Pdf.Receipt.Amount"], payment.Amount.Brl()),
            (localizer["Pdf.Receipt.Method"], localizer[$"Payment.Method.{payment.Method}"]),
            (localizer["Pdf.Receipt.Date"], Time(payment.PaidAt, hospital)),
        ];
        if (payment.Reference is { } reference)
        {
            facts.Add((localizer["Pdf.Receipt.Reference"], reference));
        }

        facts.Add((localizer["Pdf.Receipt.Invoice"], invoice.Number.ToString(CultureInfo.CurrentCulture)));
        facts.Add((localizer["Pdf.Receipt.BalanceAfter"], balanceAfter.Brl()));

        var composer = new PdfComposer(Frame(hospital, localizer))
            .Text(localizer["Pdf.Receipt.Title", number], 16f, bold: true, spaceAfter: 10f)
            .Text(localizer["Pdf.Receipt.Statement", details.TutorName, payment.Amount.Brl(), invoice.Number], spaceAfter: 10f)
            .KeyValues(Party(details, localizer, []))
            .KeyValues(facts);
        return new PdfFile($"recibo-{number}.pdf", composer.ToPdf());
    }

    private static PdfPageFrame Frame(TenantInfo hospital, IStringLocalizer localizer) =>
        new(hospital.Name, null, (page, pages) => localizer["Pdf.PageOf", page, pages]);

    private static List<(string, string)> Party(InvoiceDetails details, IStringLocalizer localizer, List<(string, string)> first)
    {
        first.Add((localizer["Pdf.Tutor"], details.TutorName));
        if (details.TutorCpf is { } cpf)
        {
            first.Add((localizer["Pdf.Cpf"], Common.Cpf.Format(cpf)));
        }

        if (details.PetName is { } pet)
        {
            first.Add((localizer["Pdf.Pet"], pet));
        }

        return first;
    }

    private static string Time(DateTime utc, TenantInfo hospital) =>
        HospitalTime.ToLocal(utc, hospital.TimeZone).ToString("g", CultureInfo.CurrentCulture);
}
