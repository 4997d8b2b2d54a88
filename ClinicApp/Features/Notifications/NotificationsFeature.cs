namespace ClinicApp.Features.Notifications;

/// <summary>A person's notifications (the bell).</summary>
public static class NotificationsFeature
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<NotificationService>();
        builder.Services.AddScoped<Infrastructure.Email.IOutboxObserver, OutboxGaveUpNotifier>();
        builder.Services.AddScoped<Infrastructure.Backups.IBackupObserver, BackupFailedNotifier>();
        return builder;
    }
}
