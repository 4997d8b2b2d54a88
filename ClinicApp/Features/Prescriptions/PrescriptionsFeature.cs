using ClinicApp.Common;
using ClinicApp.Components.Shared;
using ClinicApp.Data.Common;
using ClinicApp.Features.Pets;
using Microsoft.Extensions.Localization;
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
        endpoints.MapGet("/prescriptions/{id:guid}/pdf", async Task<Results<FileContentHttpResult, NotFound, ContentHttpResult>> (
            Guid id, PrescriptionDocuments documents, IStringLocalizer<SharedResource> localizer, CancellationToken ct) =>
            {
                try
                {
                    return await documents.ReceituarioAsync(id, ct) is { } file
                        ? TypedResults.File(file.Content, "application/pdf", file.FileName)
                        : TypedResults.NotFound();
                }
                catch (DomainRuleException refusal)
                {
                    // Said in the reader's language, as a page, since the link opens in a new tab.
                    return TypedResults.Text(localizer.Describe(refusal), "text/plain; charset=utf-8", statusCode: StatusCodes.Status409Conflict);
                }
            })
            .RequireAuthorization(Policies.Staff);
        return endpoints;
    }
}
