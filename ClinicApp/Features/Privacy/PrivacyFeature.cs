using ClinicApp.Common;
using ClinicApp.Components.Shared;
using ClinicApp.Features.Portal;
using ClinicApp.Features.Tutors;
using ClinicApp.Infrastructure.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicApp.Features.Privacy;

/// <summary>The tutor's rights under the LGPD: consents and their history, access and portability
/// ("download my data"), erasure (request, review, anonymisation), the hospital's privacy notice.</summary>
public static class PrivacyFeature
{
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TutorExportFiles>();
        builder.Services.AddScoped<ConsentService>();
        builder.Services.AddScoped<MyDataService>();
        builder.Services.AddScoped<ErasureService>();
        builder.Services.AddScoped<PrivacyNoticeService>();
        builder.Services.AddScoped<TutorExportJob>();
        builder.Services.AddScoped<IHospitalRecurringJob, TutorExportCleanupJob>();
        builder.Services.AddToSlot<TutorSections, TutorPrivacySection>(order: 30);
        builder.Services.AddToSlot<Settings.SettingsCards, PrivacyNoticeCard>(order: 20);
        return builder;
    }

    /// <summary>The download of a tutor's ready export: only by that tutor, only while ready and
    /// unexpired; anything else (another tutor's id, a staff member, expired) is not found. Counted and audited.</summary>
    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/portal/my-data/exports/{id:guid}/download", async Task<Results<FileStreamHttpResult, NotFound>> (
            Guid id, MyDataService myData, CancellationToken ct) =>
            await myData.DownloadAsync(id, ct) is { } download
                ? TypedResults.File(
                    new FileStream(download.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, useAsync: true),
                    "application/zip", DownloadName)
                : TypedResults.NotFound())
            // Any signed-in account: the service answers "not found" to all but the tutor who asked (staff included).
            .RequireAuthorization();
        return endpoints;
    }

    /// <summary>The name the tutor's browser saves the ZIP under.</summary>
    public const string DownloadName = "my-data.zip";

    /// <summary>The address of an export's download, relative to the hospital's base.</summary>
    public static string DownloadPath(Guid id) => $"portal/my-data/exports/{id}/download";
}
