namespace ClinicApp.Infrastructure.Backups;

public static class BackupsExtensions
{
    /// <summary>The backup engine: key, archive writer and reader, the runs in the catalog, the clean-up at
    /// start, the restore.</summary>
    public static WebApplicationBuilder AddBackupEngine(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BackupOptions>().Bind(builder.Configuration.GetSection(BackupOptions.Section));
        builder.Services.AddSingleton<BackupKey>();
        builder.Services.AddSingleton<IArchiveFiles, ArchiveFiles>();
        builder.Services.AddSingleton<BackupWriter>();
        builder.Services.AddSingleton<BackupReader>();
        builder.Services.AddSingleton<BackupLocations>();
        builder.Services.AddSingleton<BackupRetention>();
        builder.Services.AddSingleton<BackupService>();
        // At start: the key resolved (Development says it generated one), what a killed backup left removed.
        builder.Services.AddSingleton<BackupStartup>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BackupStartup>());
        builder.Services.AddSingleton<IRestoreSteps, NoRestoreSteps>();
        builder.Services.AddSingleton<RestoreService>();
        return builder;
    }
}
