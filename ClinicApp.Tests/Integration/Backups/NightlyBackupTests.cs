using ClinicApp.Data.Catalog;
using ClinicApp.Features.Backups;
using ClinicApp.Infrastructure.Backups;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Backups;

/// <summary>Issue 13 #1: the nightly backup as the recurring job Hangfire runs per hospital, and the catalog's.</summary>
public sealed class NightlyBackupTests(BackupAppFixture fixture) : IClassFixture<BackupAppFixture>
{
    [Fact]
    public async Task Every_active_hospital_has_its_nightly_backup_at_its_hour_in_its_time_zone_and_the_catalog_one_in_utc()
    {
        var early = await fixture.NewHospitalAsync("early", "America/Manaus");
        var usual = await fixture.NewHospitalAsync("usual");
        var closed = await fixture.NewHospitalAsync("closed");
        await using (var db = fixture.App.Services.GetRequiredService<TenantConnections>().CreateCatalog())
        {
            await db.Hospitals.Where(h => h.Slug == early).ExecuteUpdateAsync(s => s.SetProperty(h => h.BackupHour, 4));
        }

        var catalog = fixture.App.Services.GetRequiredService<HospitalCatalog>();
        catalog.Invalidate();
        await fixture.App.Services.GetRequiredService<HospitalProvisioning>().SetStatusAsync(closed, HospitalStatus.Suspended);
        catalog.Invalidate();

        await fixture.App.Services.GetRequiredService<HospitalSchedules>().ScheduleAllAsync(CancellationToken.None);

        var jobs = RecurringJobs();
        var earlyJob = jobs[HospitalSchedules.JobId(NightlyBackupJob.JobName, await fixture.App.HospitalAsync(early))];
        var usualJob = jobs[HospitalSchedules.JobId(NightlyBackupJob.JobName, await fixture.App.HospitalAsync(usual))];
        Assert.Equal(("0 4 * * *", "America/Manaus"), (earlyJob.Cron, earlyJob.TimeZoneId));
        Assert.Equal(("0 2 * * *", "America/Sao_Paulo"), (usualJob.Cron, usualJob.TimeZoneId));
        Assert.False(jobs.ContainsKey(HospitalSchedules.JobId(NightlyBackupJob.JobName, await fixture.App.HospitalAsync(closed))));
        var catalogJob = jobs[CatalogBackupJob.JobId];
        Assert.Equal(("0 5 * * *", "UTC"), (catalogJob.Cron, catalogJob.TimeZoneId));
    }

    [Fact]
    public async Task The_nightly_run_makes_a_verified_archive_and_its_copy_in_the_hospitals_own_folders_and_touches_no_other()
    {
        var slug = await fixture.NewHospitalAsync("night");
        var other = await fixture.NewHospitalAsync("other");
        var otherBackups = fixture.Locations.For(other);
        var otherCopies = fixture.Locations.CopyFor(other)!;

        Assert.Equal("Succeeded", await RunNightlyAsync(slug));

        var run = Assert.Single(await BackupData.RunsAsync(fixture.App, slug));
        Assert.Equal(BackupStatus.Verified, run.Status);
        Assert.Equal(BackupTrigger.Nightly, run.Trigger);
        Assert.Equal(NightlyBackupJob.RequestedBy, run.RequestedBy);
        Assert.Null(run.Error);
        var folder = Path.Combine(fixture.App.DataDirectory, "backups", slug);
        Assert.Equal(folder, Path.GetDirectoryName(run.ArchivePath));
        Assert.Equal(run.ArchivePath, Assert.Single(BackupData.FilesUnder(folder)));
        Assert.Equal(Path.Combine(fixture.App.DataDirectory, "copies", slug, Path.GetFileName(run.ArchivePath!)), run.CopyPath);
        Assert.Equal(await File.ReadAllBytesAsync(run.ArchivePath!), await File.ReadAllBytesAsync(run.CopyPath!));
        Assert.Equal(run.CopyPath, Assert.Single(BackupData.FilesUnder(Path.GetDirectoryName(run.CopyPath)!)));
        var manifest = await fixture.App.Services.GetRequiredService<BackupReader>().VerifyAsync(run.CopyPath!, CancellationToken.None);
        Assert.Equal(slug, manifest.Scope);

        Assert.Empty(BackupData.FilesUnder(otherBackups));
        Assert.Empty(BackupData.FilesUnder(otherCopies));
        Assert.Empty(await BackupData.RunsAsync(fixture.App, other));
    }

    [Fact]
    public async Task A_hospital_in_maintenance_is_not_backed_up_by_the_nightly_run()
    {
        var slug = await fixture.NewHospitalAsync("maint");
        var hospital = await fixture.App.HospitalAsync(slug);
        var maintenance = fixture.App.Services.GetRequiredService<HospitalMaintenance>();
        Assert.True(await maintenance.EnterAsync(hospital.Id, "restore"));
        try
        {
            Assert.Equal("Succeeded", await RunNightlyAsync(slug));

            Assert.Empty(await BackupData.RunsAsync(fixture.App, slug));
            Assert.Empty(BackupData.FilesUnder(fixture.Locations.For(slug)));
        }
        finally
        {
            await maintenance.LeaveAsync(hospital.Id);
        }
    }

    [Fact]
    public async Task A_failing_second_copy_leaves_the_backup_verified_and_says_so()
    {
        var slug = await fixture.NewHospitalAsync("nocopy");
        // A file where the hospital's copy folder should be: the copy cannot be made.
        Directory.CreateDirectory(fixture.Locations.CopyRoot!);
        await File.WriteAllTextAsync(fixture.Locations.CopyFor(slug)!, "in the way");

        var run = await fixture.Backups.BackUpHospitalAsync((await fixture.App.HospitalAsync(slug)).Id, BackupTrigger.Manual, "test");

        Assert.Equal(BackupStatus.Verified, run.Status);
        Assert.True(File.Exists(run.ArchivePath));
        Assert.Null(run.CopyPath);
        Assert.StartsWith(BackupService.CopyError, run.Error, StringComparison.Ordinal);
        var stored = Assert.Single(await BackupData.RunsAsync(fixture.App, slug));
        Assert.Equal((BackupStatus.Verified, run.Error), (stored.Status, stored.Error));
    }

    private Dictionary<string, RecurringJobDto> RecurringJobs()
    {
        using var connection = fixture.App.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().ToDictionary(j => j.Id, StringComparer.Ordinal);
    }

    /// <summary>Triggers the hospital's recurring backup job as Hangfire would at night and waits for its end.</summary>
    private async Task<string> RunNightlyAsync(string slug)
    {
        var hospital = await fixture.App.HospitalAsync(slug);
        await fixture.App.Services.GetRequiredService<HospitalSchedules>().ScheduleAsync(hospital);
        var id = HospitalSchedules.JobId(NightlyBackupJob.JobName, hospital);
        fixture.App.Services.GetRequiredService<IRecurringJobManager>().Trigger(id);
        var storage = fixture.App.Services.GetRequiredService<JobStorage>();
        for (var i = 0; i < 600; i++)
        {
            using (var connection = storage.GetConnection())
            {
                var lastJobId = connection.GetRecurringJobs().SingleOrDefault(j => j.Id == id)?.LastJobId;
                var state = lastJobId is null ? null : storage.GetMonitoringApi().JobDetails(lastJobId)?.History.FirstOrDefault()?.StateName;
                if (state is "Succeeded" or "Failed")
                {
                    return state;
                }
            }

            await Task.Delay(100);
        }

        return "no final state";
    }
}
