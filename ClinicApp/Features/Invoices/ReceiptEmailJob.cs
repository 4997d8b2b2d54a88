using ClinicApp.Components.Shared;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Invoices;

/// <summary>After every saved payment, queues the job that emails its receipt. Queuing must never undo
/// or fail the payment itself: a failure is logged and the receipt can still be downloaded.</summary>
public sealed class ReceiptOnPayment(HospitalJobs jobs, ILogger<ReceiptOnPayment> logger) : IPaymentObserver
{
    public Task PaymentRecordedAsync(Guid invoiceId, Guid paymentId, CancellationToken ct)
    {
        try
        {
            jobs.Enqueue<ReceiptEmailJob>(job => job.RunAsync(jobs.TenantId, paymentId));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "The receipt email of payment {Payment} (invoice {Invoice}) could not be queued", paymentId, invoiceId);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Emails a payment's receipt (PDF attached) to the tutor, in the hospital's language;
/// nothing to do when the tutor has no email address.</summary>
public sealed class ReceiptEmailJob(ClinicDbFactory dbFactory, InvoiceService invoices, HospitalMailer mailer, TenantContext tenant,
    IStringLocalizer<SharedResource> localizer, ILogger<ReceiptEmailJob> logger)
{
    public async Task RunAsync(Guid tenantId, Guid paymentId)
    {
        _ = tenantId; // the job activator has set the hospital from it
        Guid invoiceId;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            invoiceId = await db.Payments.AsNoTracking().Where(p => p.Id == paymentId).Select(p => p.InvoiceId).FirstOrDefaultAsync();
        }

        if (await invoices.GetAsync(invoiceId) is not { } details)
        {
            logger.LogWarning("Receipt for payment {Payment}: payment not found", paymentId);
            return;
        }

        if (string.IsNullOrWhiteSpace(details.TutorEmail))
        {
            return;
        }

        using var culture = HospitalCulture.Use(tenant.Tenant);
        var receipt = InvoiceDocuments.RenderReceipt(details, paymentId, tenant.Tenant, localizer);
        var invoice = details.Invoice;
        var payment = invoice.Payments.Single(p => p.Id == paymentId);
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

        await mailer.SendAsync(new EmailDraft(details.TutorEmail, details.TutorName, localizer["Email.Receipt.Subject", invoice.Number, tenant.Tenant.Name], paragraphs,
            Attachments: [receipt], InvoiceId: invoice.Id));
    }
}
