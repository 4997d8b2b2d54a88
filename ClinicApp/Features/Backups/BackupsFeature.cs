using ClinicApp.Components.Shared;

namespace ClinicApp.Features.Backups;

/// <summary>The admins' side of backups: the backups page, "back up now", downloads, the nightly job per
/// hospital and the notices of a failed backup. The engine (archives, verification) is
/// <c>Infrastructure/Backups</c>; restores are the operator's command line.</summary>
public static class BackupsFeature
{
    public static WebApplicationBuilder AddBackups(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<LastBackupService>();
        builder.Services.AddToSlot<Home.AdminHomeCards, LastBackupCard>(order: 10);
        return builder;
    }

    public static IEndpointRouteBuilder MapBackups(this IEndpointRouteBuilder endpoints) => endpoints;
}
