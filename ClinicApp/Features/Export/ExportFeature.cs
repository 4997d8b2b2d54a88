using ClinicApp.Common;
using ClinicApp.Infrastructure.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicApp.Features.Export;

/// <summary>The hospital's full export (every table as CSV plus its files, in one ZIP): asked for by an
/// admin, built by a background job, downloadable for 24 hours.</summary>
public static class ExportFeature
{
    public static WebApplicationBuilder AddExport(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ExportLocations>();
        builder.Services.AddScoped<ExportService>();
        builder.Services.AddScoped<ExportJob>();
        builder.Services.AddScoped<IHospitalRecurringJob, ExportCleanupJob>();
        return builder;
    }

    /// <summary>The download of a ready export, under the hospital's path: admins only; an export of
    /// another hospital (not in this hospital's database), expired, not ready or whose file is gone is
    /// not found. Each download is counted and audited.</summary>
    public static IEndpointRouteBuilder MapExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/export/{id:guid}/download", async Task<Results<FileStreamHttpResult, NotFound>> (
            Guid id, ExportService exports, CancellationToken ct) =>
            await exports.DownloadAsync(id, ct) is { } download
                ? TypedResults.File(
                    new FileStream(download.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, useAsync: true),
                    "application/zip", download.FileName)
                : TypedResults.NotFound())
            .RequireAuthorization(Policies.Admin);
        return endpoints;
    }

    /// <summary>The address of an export's download, relative to the hospital's base.</summary>
    public static string DownloadPath(Guid id) => $"admin/export/{id}/download";
}
