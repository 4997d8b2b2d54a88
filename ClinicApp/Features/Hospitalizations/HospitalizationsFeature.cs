using ClinicApp.Common;
using ClinicApp.Features.Pets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicApp.Features.Hospitalizations;

/// <summary>Wards and beds, stays (admission to discharge), progress notes and the discharge summary (DOMAIN.md area 4).</summary>
public static class HospitalizationsFeature
{
    public static WebApplicationBuilder AddHospitalizations(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<WardService>();
        builder.Services.AddScoped<HospitalizationService>();
        builder.Services.AddScoped<HospitalizationDocuments>();
        builder.Services.AddScoped<StayBulletins>();
        builder.Services.AddScoped<IPetTimelineSource, HospitalizationTimelineSource>();
        return builder;
    }

    /// <summary>GET /{hospital}/hospitalizations/{id}/discharge.pdf for the care staff; a stay of another
    /// hospital is not in this hospital's database: 404.</summary>
    public static IEndpointRouteBuilder MapHospitalizations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/hospitalizations/{id:guid}/discharge.pdf", async Task<Results<FileContentHttpResult, NotFound>> (
            Guid id, HospitalizationDocuments documents, CancellationToken ct) =>
            await documents.DischargeAsync(id, ct) is { } file
                ? TypedResults.File(file.Content, "application/pdf", file.FileName)
                : TypedResults.NotFound())
            .RequireAuthorization(Policies.Care);
        return endpoints;
    }
}
