using ClinicApp.Common;
using ClinicApp.Components.Shared;
using ClinicApp.Features.Pets;
using ClinicApp.Infrastructure.Pdf;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicApp.Features.Invoices;

/// <summary>Invoices, the price list, payments at the desk, receipts, and the charges care posts by itself
/// (DOMAIN.md area 5).</summary>
public static class InvoicesFeature
{
    public static WebApplicationBuilder AddInvoices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<InvoiceService>();
        services.AddScoped<InvoiceDocuments>();
        services.AddScoped<IPetTimelineSource, InvoiceTimelineSource>();
        services.AddScoped<ReceiptOutbox>();
        services.AddScoped<Infrastructure.Email.IOutboxComposer, ReceiptComposer>();
        services.AddToSlot<Tutors.TutorFacts, TutorOpenBalance>(order: 10);

        // Care posts its own charges: the clinical areas tell their observers, and CareCharges is one.
        services.AddScoped<CareCharges>();
        services.AddScoped<Ram.IAdministrationObserver>(sp => sp.GetRequiredService<CareCharges>());
        services.AddScoped<Agenda.IAppointmentObserver>(sp => sp.GetRequiredService<CareCharges>());
        services.AddScoped<Exams.IExamObserver>(sp => sp.GetRequiredService<CareCharges>());
        services.AddScoped<Hospitalizations.IStayObserver>(sp => sp.GetRequiredService<CareCharges>());
        return builder;
    }

    /// <summary>Invoice and receipt PDFs for the staff, under the hospital's path ("/{hospital}/…"). An id
    /// of another hospital is not in this hospital's database: 404.</summary>
    public static IEndpointRouteBuilder MapInvoices(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/invoices/{id:guid}/pdf", async Task<Results<FileContentHttpResult, NotFound>> (
            Guid id, InvoiceDocuments documents, CancellationToken ct) =>
            await documents.InvoiceAsync(id, ct) is { } file ? Pdf(file) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Staff);

        endpoints.MapGet("/invoices/{id:guid}/payments/{paymentId:guid}/receipt", async Task<Results<FileContentHttpResult, NotFound>> (
            Guid id, Guid paymentId, InvoiceDocuments documents, CancellationToken ct) =>
            await documents.ReceiptAsync(id, paymentId, ct) is { } file ? Pdf(file) : TypedResults.NotFound())
            .RequireAuthorization(Policies.Staff);
        return endpoints;
    }

    private static FileContentHttpResult Pdf(PdfFile file) => TypedResults.File(file.Content, "application/pdf", file.FileName);
}
