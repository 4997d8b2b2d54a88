using ClinicApp.Components.Shared;
using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Invoices;

/// <summary>A payment's receipt e-mail is an outbox row written in the SAME save as the payment (desk or
/// payment provider), so a crash can never leave a committed payment without its receipt, nor a receipt
/// without its payment. Nothing when the tutor has no e-mail address. The dispatcher delivers it.</summary>
public sealed class ReceiptOutbox(TenantContext tenant, IStringLocalizer<SharedResource> localizer)
{
    public async Task AddAsync(ClinicDbContext db, Invoice invoice, Payment payment, CancellationToken ct)
    {
        var email = await db.Tutors.AsNoTracking().Where(t => t.Id == invoice.TutorId).Select(t => t.Email).FirstOrDefaultAsync(ct);
        if (string.IsNullOrWhiteSpace(email))
        {
            return;
        }

        using var culture = HospitalCulture.Use(tenant.Tenant);
        db.OutboxMessages.Add(new OutboxMessage
        {
            Channel = OutboxChannel.Email,
            Kind = OutboxMessage.ReceiptKind,
            To = email.Trim(),
            Subject = HospitalMailer.Clip(localizer["Email.Receipt.Subject", invoice.Number, tenant.Tenant.Name], 300),
            InvoiceId = invoice.Id,
            PaymentId = payment.Id,
        });
    }
}

/// <summary>Composes a receipt message when it is first delivered: the payment's receipt (PDF attached) for
/// the tutor, in the hospital's language.</summary>
public sealed class ReceiptComposer(InvoiceService invoices, TenantContext tenant, IStringLocalizer<SharedResource> localizer) : IOutboxComposer
{
    public string Kind => OutboxMessage.ReceiptKind;

    public async Task<EmailDraft?> ComposeAsync(OutboxMessage message, CancellationToken ct)
    {
        if (message.InvoiceId is not { } invoiceId || message.PaymentId is not { } paymentId
            || await invoices.GetAsync(invoiceId, ct) is not { } details
            || details.Invoice.Payments.FirstOrDefault(p => p.Id == paymentId) is not { } payment)
        {
            return null;
        }

        using var culture = HospitalCulture.Use(tenant.Tenant);
        var receipt = InvoiceDocuments.RenderReceipt(details, paymentId, tenant.Tenant, localizer);
        var invoice = details.Invoice;
        List<string> paragraphs =
        [
            localizer["Email.Greeting", details.TutorName],
            localizer["Email.Receipt.Body", payment.Amount.Brl(), invoice.Number, tenant.Tenant.Name],
            localizer["Email.Receipt.Attached"],
        ];
        if (invoice.Balance > 0)
        {
            paragraphs.Add(localizer["Email.Receipt.Balance", invoice.Balance.Brl()]);
        }

        return new EmailDraft(message.To, details.TutorName, message.Subject, paragraphs, Attachments: [receipt], InvoiceId: invoice.Id);
    }
}
