using ClinicApp.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicApp.Features.Settings;

/// <summary>The hospital's settings: opening hours and agenda grid, rooms, integrations (SMTP, Stripe), the outbox.</summary>
public static class SettingsFeature
{
    public static WebApplicationBuilder AddSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AgendaSettingsService>();
        builder.Services.AddScoped<IntegrationSettingsService>();
        builder.Services.AddScoped<OutboxService>();
        return builder;
    }

    /// <summary>The outbox's files (an e-mail's .eml, a WhatsApp message's .txt) for the Admin, under the hospital's path. An id of another hospital
    /// is not in this hospital's database: 404.</summary>
    public static IEndpointRouteBuilder MapSettings(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/outbox/{id:guid}/eml", async Task<Results<PhysicalFileHttpResult, NotFound>> (
            Guid id, OutboxService outbox, CancellationToken ct) =>
            await outbox.FileAsync(id, ct) is { } path
                ? TypedResults.PhysicalFile(path, OutboxService.ContentType(path), Path.GetFileName(path))
                : TypedResults.NotFound())
            .RequireAuthorization(Policies.Admin);
        return endpoints;
    }
}
