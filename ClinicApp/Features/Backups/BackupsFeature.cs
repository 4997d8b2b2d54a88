using ClinicApp.Common;
using ClinicApp.Components.Shared;
using ClinicApp.Infrastructure.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicApp.Features.Backups;

/// <summary>The admins' side of backups: the backups page, "back up now", downloads, the nightly job per
/// hospital and the notices of a failed backup. The engine (archives, verification) is
/// <c>Infrastructure/Backups</c>; restores are the operator's command line.</summary>
public static class BackupsFeature
{
    public static WebApplicationBuilder AddBackups(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IHospitalRecurringJob, NightlyBackupJob>();
        builder.Services.AddScoped<CatalogBackupJob>();
        builder.Services.AddHostedService<CatalogBackupSchedule>();
        builder.Services.AddSingleton<BackupNowRunner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BackupNowRunner>());
        builder.Services.AddScoped<BackupAdminService>();
        builder.Services.AddScoped<LastBackupService>();
        builder.Services.AddToSlot<Home.AdminHomeCards, LastBackupCard>(order: 10);
        return builder;
    }

    /// <summary>A verified archive of the hospital, still encrypted (useless without the backup key), for
    /// its Admin, under the hospital's path. A run of another hospital, not verified or gone: 404.</summary>
    public static IEndpointRouteBuilder MapBackups(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/backups/{runId:guid}/download", async Task<Results<FileStreamHttpResult, NotFound>> (
            Guid runId, BackupAdminService backups, CancellationToken ct) =>
            await backups.OpenDownloadAsync(runId, ct) is { } download
                ? TypedResults.File(download.Content, "application/octet-stream", download.FileName)
                : TypedResults.NotFound())
            .RequireAuthorization(Policies.Admin);
        return endpoints;
    }
}
