using ClinicApp.Data.Catalog;
using ClinicApp.Data.Common;
using ClinicApp.Infrastructure.Backups;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ClinicApp.Features.Backups;

/// <summary>Every night, at the hospital's backup hour (<see cref="TenantInfo.BackupHour"/>, 02:00 unless the
/// catalog says otherwise) in its own time zone, one verified backup of the hospital. A hospital being
/// restored (in maintenance) is skipped: its data is about to be replaced, and the restore takes its own
/// backup first. A failed run is recorded and its admins are told by the backup service itself.</summary>
public sealed class NightlyBackupJob(
    BackupService backups,
    HospitalCatalog catalog,
    TenantContext tenant,
    ILogger<NightlyBackupJob> logger) : IHospitalRecurringJob
{
    public const string JobName = "backup";

    public const string RequestedBy = "nightly";

    public string Name => JobName;

    /// <summary>Daily at the hour (0–23); anything else stored falls back to 02:00.</summary>
    public static string Cron(int hour) => $"0 {(hour is >= 0 and <= 23 ? hour : 2)} * * *";

    public Task<string?> CronAsync(CancellationToken ct) => Task.FromResult<string?>(Cron(tenant.Tenant.BackupHour));

    public async Task RunAsync(CancellationToken ct)
    {
        // The catalog itself, not the scope's (possibly cached) copy: a restore may have begun a moment ago.
        var hospital = await catalog.LoadAsync(tenant.Tenant.Id, ct);
        if (hospital is null || hospital.MaintenanceSince is not null)
        {
            logger.LogInformation("Nightly backup of {Hospital} skipped: it is in maintenance", tenant.Tenant.Slug);
            return;
        }

        try
        {
            var run = await backups.BackUpHospitalAsync(hospital.Id, BackupTrigger.Nightly, RequestedBy, null, ct);
            if (run.Status != BackupStatus.Verified)
            {
                logger.LogWarning("Nightly backup of {Hospital} failed: {Error}", hospital.Slug, run.Error);
            }
        }
        catch (DomainRuleException e) when (e.Message == "Backups.Error.AlreadyRunning")
        {
            // An admin's "back up now" is running: that backup is tonight's.
            logger.LogInformation("Nightly backup of {Hospital} skipped: another backup of it is running", hospital.Slug);
        }
    }
}

/// <summary>The catalog (the hospitals, their users' sign-in hosts, the backup runs) once a night at
/// <c>Backups:CatalogHourUtc</c>: a platform job, no hospital's scope.</summary>
[PlatformJob]
public sealed class CatalogBackupJob(BackupService backups, ILogger<CatalogBackupJob> logger)
{
    public const string JobId = "backup:_catalog";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        var run = await backups.BackUpCatalogAsync(BackupTrigger.Nightly, NightlyBackupJob.RequestedBy, ct);
        if (run.Status != BackupStatus.Verified)
        {
            logger.LogError("Nightly backup of the catalog failed: {Error}", run.Error);
        }
    }
}

/// <summary>Registers the catalog's nightly backup with Hangfire at start (hour from configuration, UTC).</summary>
internal sealed class CatalogBackupSchedule(IRecurringJobManager recurring, IOptions<BackupOptions> options) : IHostedService
{
    public static string Cron(int hourUtc) => $"0 {(hourUtc is >= 0 and <= 23 ? hourUtc : 5)} * * *";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<CatalogBackupJob>(CatalogBackupJob.JobId, j => j.RunAsync(CancellationToken.None), Cron(options.Value.CatalogHourUtc),
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
