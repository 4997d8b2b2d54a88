using ClinicApp.Common;
using ClinicApp.Components.Shared;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicApp.Features.Portal;

/// <summary>The portal's pets and documents: the home card, the pet page, the documents page and their
/// downloads. Every download answers 404 alike for an id of another tutor, a staff-only id or an unknown one.</summary>
public static class PortalPetsFeature
{
    public static IServiceCollection AddPortalPets(this IServiceCollection services)
    {
        services.AddScoped<PortalPets>();
        services.AddScoped<PortalDocuments>();
        services.AddToSlot<PortalHomeCards, PortalPetsCard>(order: 10);
        return services;
    }

    public static IEndpointRouteBuilder MapPortalPets(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/portal/pets/{petId:guid}/vaccination-card.pdf", async Task<Results<FileContentHttpResult, NotFound>> (
            Guid petId, PortalPets pets, CancellationToken ct) =>
        {
            try
            {
                var file = await pets.VaccinationCardAsync(petId, ct);
                return TypedResults.File(file.Content, "application/pdf", file.FileName);
            }
            catch (PortalNotFoundException)
            {
                return TypedResults.NotFound();
            }
        })
            .RequireAuthorization(Policies.Tutor);

        endpoints.MapGet("/portal/prescriptions/{id:guid}.pdf", async Task<Results<FileContentHttpResult, NotFound>> (
            Guid id, PortalDocuments documents, CancellationToken ct) =>
        {
            try
            {
                var file = await documents.PrescriptionPdfAsync(id, ct);
                return TypedResults.File(file.Content, "application/pdf", file.FileName);
            }
            catch (PortalNotFoundException)
            {
                return TypedResults.NotFound();
            }
        })
            .RequireAuthorization(Policies.Tutor);

        endpoints.MapGet("/portal/exams/{examId:guid}/files/{fileId:guid}", async Task<Results<FileStreamHttpResult, NotFound>> (
            Guid examId, Guid fileId, PortalDocuments documents, HttpContext http, CancellationToken ct) =>
        {
            try
            {
                var file = await documents.OpenExamFileAsync(examId, fileId, ct);
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return TypedResults.File(file.Content, file.ContentType, file.FileName);
            }
            catch (PortalNotFoundException)
            {
                return TypedResults.NotFound();
            }
        })
            .RequireAuthorization(Policies.Tutor);
        return endpoints;
    }
}
