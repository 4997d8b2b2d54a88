using ClinicApp.Infrastructure.Jobs;

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
        return builder;
    }

    public static IEndpointRouteBuilder MapBackups(this IEndpointRouteBuilder endpoints) => endpoints;
}
