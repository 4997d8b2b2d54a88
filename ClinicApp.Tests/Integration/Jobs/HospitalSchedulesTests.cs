using ClinicApp.Data.Catalog;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Jobs;

/// <summary>Every active hospital has its recurring jobs (reminders, the attendance report, the nightly backup, the exports'
/// cleanup), also one added or
/// reactivated by the operator's command line while the app runs; a suspended one has none.</summary>
public sealed class HospitalSchedulesTests : IAsyncLifetime
{
    private readonly ClinicAppFactory _app = new(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });

    public Task InitializeAsync()
    {
        _ = _app.BaseUrl;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_sweep_schedules_a_hospital_added_while_running_and_drops_a_suspended_ones_jobs()
    {
        var slug = $"sch-{Guid.NewGuid():N}"[..16];
        var provisioning = _app.Services.GetRequiredService<HospitalProvisioning>();
        await provisioning.AddAsync(slug, $"Hospital {slug}", $"admin@{slug}.vet", adminPassword: ClinicAppFactory.Password);
        var schedules = _app.Services.GetRequiredService<HospitalSchedules>();

        await schedules.ScheduleAllAsync(CancellationToken.None);
        var hospital = await _app.HospitalAsync(slug);
        Assert.Equal(
            [HospitalSchedules.JobId("analytics-days", hospital), HospitalSchedules.JobId("analytics-report", hospital), HospitalSchedules.JobId("attendance-report", hospital), HospitalSchedules.JobId("backup", hospital), HospitalSchedules.JobId("export-cleanup", hospital), HospitalSchedules.JobId("reminders", hospital), HospitalSchedules.JobId("tutor-export-cleanup", hospital)],
            JobsOf(slug).Select(j => j.Id).Order(StringComparer.Ordinal));
        Assert.All(JobsOf(slug), j => Assert.Equal(hospital.TimeZone.Id, j.TimeZoneId));

        await provisioning.SetStatusAsync(slug, HospitalStatus.Suspended);
        await schedules.ScheduleAllAsync(CancellationToken.None);
        Assert.Empty(JobsOf(slug));

        await provisioning.SetStatusAsync(slug, HospitalStatus.Active);
        await schedules.ScheduleAllAsync(CancellationToken.None);
        Assert.Equal(7, JobsOf(slug).Count);
    }

    private List<RecurringJobDto> JobsOf(string slug)
    {
        using var connection = _app.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Where(j => j.Id.EndsWith($":{slug}", StringComparison.Ordinal)).ToList();
    }
}
