using ClinicApp.Common;
using ClinicApp.Components.Shared;
using ClinicApp.Infrastructure.Pdf;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace ClinicApp.Features.Portal;

/// <summary>The tutors' portal (/{tenant}/portal): a pet owner's own pets, appointments, invoices,
/// documents and stays, and their LGPD rights. Every service here takes the tutor from
/// <see cref="PortalAccess"/>, never from the page.</summary>
public static class PortalFeature
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PortalAccess>();
        builder.Services.AddScoped<PortalHomeService>();

        // Invitations: Identity finds a token provider by name in IdentityOptions and resolves its type here.
        builder.Services.AddOptions<PortalInviteTokenOptions>();
        builder.Services.AddTransient<PortalInviteTokenProvider>();
        builder.Services.Configure<IdentityOptions>(identity =>
            identity.Tokens.ProviderMap[PortalInviteTokenProvider.ProviderName] = new TokenProviderDescriptor(typeof(PortalInviteTokenProvider)));
        builder.Services.AddScoped<PortalInvitations>();
        builder.Services.AddToSlot<Tutors.TutorFacts, PortalInviteButton>(order: 20);
        builder.Services.AddPortalPets();
        builder.Services.AddScoped<PortalInvoices>();
        builder.Services.AddScoped<PortalStays>();
        builder.Services.AddToSlot<PortalHomeCards, PortalStayCard>(order: 20);
        builder.Services.AddToSlot<PortalHomeCards, PortalInvoicesCard>(order: 30);
        return builder;
    }

    /// <summary>The tutor's downloads, under the hospital's path. The services check the tutor themselves:
    /// another tutor's id, a staff-only id or a staff account all get the same 404.</summary>
    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPortalPets();
        endpoints.MapGet("/portal/invoices/{id:guid}.pdf", async Task<Results<FileContentHttpResult, NotFound>> (
            Guid id, PortalInvoices invoices, CancellationToken ct) =>
            Pdf(await invoices.InvoicePdfAsync(id, ct)))
            .RequireAuthorization(Policies.Tutor);

        endpoints.MapGet("/portal/invoices/{id:guid}/payments/{paymentId:guid}/receipt.pdf", async Task<Results<FileContentHttpResult, NotFound>> (
            Guid id, Guid paymentId, PortalInvoices invoices, CancellationToken ct) =>
            Pdf(await invoices.ReceiptPdfAsync(id, paymentId, ct)))
            .RequireAuthorization(Policies.Tutor);

        endpoints.MapGet("/portal/stays/{id:guid}/discharge.pdf", async Task<Results<FileContentHttpResult, NotFound>> (
            Guid id, PortalStays stays, CancellationToken ct) =>
            Pdf(await stays.DischargePdfAsync(id, ct)))
            .RequireAuthorization(Policies.Tutor);
        return endpoints;
    }

    private static Results<FileContentHttpResult, NotFound> Pdf(PdfFile? file) =>
        file is null ? TypedResults.NotFound() : TypedResults.File(file.Content, "application/pdf", file.FileName);
}
