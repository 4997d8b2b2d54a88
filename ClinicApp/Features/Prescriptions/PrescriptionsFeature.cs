using ClinicApp.Common;
using ClinicApp.Features.Pets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicApp.Features.Prescriptions;

/// <summary>Prescriptions and their items, the doses a hospital prescription schedules, the receituário (DOMAIN.md area 3).</summary>
public static class PrescriptionsFeature
{
    public static WebApplicationBuilder AddPrescriptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PrescriptionService>();
        builder.Services.AddScoped<PrescriptionDocuments>();
        builder.Services.AddScoped<IPetTimelineSource, PrescriptionTimelineSource>();
        return builder;
    }

    /// <summary>The receituário for the staff, under the hospital's path. An id of another hospital is not in
    /// this hospital's database: 404.</summary>
    public static IEndpointRouteBuilder MapPrescriptions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/prescriptions/{id:guid}/pdf", async Task<Results<FileContentHttpResult, NotFound>> (
            Guid id, PrescriptionDocuments documents, CancellationToken ct) =>
            await documents.ReceituarioAsync(id, ct) is { } file
                ? TypedResults.File(file.Content, "application/pdf", file.FileName)
                : TypedResults.NotFound())
            .RequireAuthorization(Policies.Staff);
        return endpoints;
    }
}
