using ClinicApp.Infrastructure.Pdf;
using ClinicApp.Common;
using ClinicApp.Features.Account;
using ClinicApp.Features.Settings;
using ClinicApp.Infrastructure.Email;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicApp.Features.Invoices;

public static class BillingDocumentsExtensions
{
    /// <summary>Invoice and receipt PDFs, the hospital's email with its outbox, and the receipt sent on payment.</summary>
    public static IServiceCollection AddBillingDocuments(this IServiceCollection services)
    {
        services.AddScoped<InvoiceDocuments>();
        services.AddSingleton<IEmailSender, MailKitEmailSender>();
        services.AddScoped<SmtpAccounts>();
        services.AddScoped<OutboxFolder>();
        services.AddScoped<HospitalMailer>();
        services.AddScoped<IPaymentObserver, ReceiptOnPayment>();
        services.AddScoped<OutboxService>();
        return services;
    }

    /// <summary>Invoice and receipt PDFs for the staff and the outbox's .eml files for the Admin, under the
    /// hospital's path ("/{hospital}/…"). An id of another hospital is not in this hospital's database: 404.</summary>
    public static IEndpointRouteBuilder MapBillingDocumentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/invoices/{id:guid}/pdf", async Task<Results<FileContentHttpResult, NotFound>> (
            Guid id, InvoiceDocuments documents, CancellationToken ct) =>
            await documents.InvoiceAsync(id, ct) is { } file ? Pdf(file) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Staff);

        endpoints.MapGet("/invoices/{id:guid}/payments/{paymentId:guid}/receipt", async Task<Results<FileContentHttpResult, NotFound>> (
            Guid id, Guid paymentId, InvoiceDocuments documents, CancellationToken ct) =>
            await documents.ReceiptAsync(id, paymentId, ct) is { } file ? Pdf(file) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Staff);

        endpoints.MapGet("/admin/outbox/{id:guid}/eml", async Task<Results<PhysicalFileHttpResult, NotFound>> (
            Guid id, OutboxService outbox, CancellationToken ct) =>
            await outbox.FileAsync(id, ct) is { } path
                ? TypedResults.PhysicalFile(path, "message/rfc822", $"{id:N}.eml")
                : TypedResults.NotFound())
            .RequireAuthorization(Policies.Admin);
        return endpoints;
    }

    private static FileContentHttpResult Pdf(PdfFile file) => TypedResults.File(file.Content, "application/pdf", file.FileName);
}
