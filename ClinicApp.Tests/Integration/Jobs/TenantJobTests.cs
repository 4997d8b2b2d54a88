using ClinicApp.Data.Audit;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Jobs;

/// <summary>A job that writes a marker into the hospital database its scope was built for.</summary>
public sealed class WriteMarkerJob(ClinicDbFactory dbFactory, TimeProvider time)
{
    public async Task RunAsync(Guid tenantId, string marker)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        db.AuditEntries.Add(new AuditEntry { At = time.GetUtcNow().UtcDateTime, UserName = marker, EntityType = "JobProbe", EntityId = tenantId.ToString() });
        await db.SaveChangesAsync();
    }

    public Task RunWithoutHospitalAsync(string marker) => RunAsync(Guid.Empty, marker);
}

[Collection(AppCollection.Name)]
public sealed class TenantJobTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task A_job_for_one_hospital_writes_only_to_that_hospital()
    {
        var aurora = await _app.HospitalAsync("aurora");
        var marker = $"job-{Guid.NewGuid():N}";

        await using (var scope = _app.Services.GetRequiredService<TenantScopes>().Create(aurora))
        {
            scope.ServiceProvider.GetRequiredService<HospitalJobs>().Enqueue<WriteMarkerJob>(j => j.RunAsync(aurora.Id, marker));
        }

        Assert.True(await EventuallyAsync(async () => await CountAsync("aurora", marker) == 1), "the job ran for aurora");
        Assert.Equal(0, await CountAsync("boavista", marker));
    }

    [Fact]
    public async Task Each_app_in_the_process_keeps_its_own_job_storage_and_activator()
    {
        // Hangfire's defaults are process-wide statics; a second host must not take over the first's jobs.
        await using var other = new ClinicAppFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        _ = other.BaseUrl;

        Assert.NotSame(_app.Services.GetRequiredService<JobStorage>(), other.Services.GetRequiredService<JobStorage>());
        Assert.IsType<TenantJobActivator>(_app.Services.GetRequiredService<JobActivator>());
        Assert.NotSame(_app.Services.GetRequiredService<JobActivator>(), other.Services.GetRequiredService<JobActivator>());

        await A_job_for_one_hospital_writes_only_to_that_hospital();
    }

    [Fact]
    public async Task A_hospital_cannot_enqueue_a_job_naming_another_hospital()
    {
        var aurora = await _app.HospitalAsync("aurora");
        var boavista = await _app.HospitalAsync("boavista");
        await using var scope = _app.Services.GetRequiredService<TenantScopes>().Create(aurora);
        var jobs = scope.ServiceProvider.GetRequiredService<HospitalJobs>();

        Assert.Throws<InvalidOperationException>(() => jobs.Enqueue<WriteMarkerJob>(j => j.RunAsync(boavista.Id, "x")));
    }

    [Fact]
    public async Task A_job_for_an_unknown_hospital_fails_closed_and_writes_nothing()
    {
        var marker = $"job-{Guid.NewGuid():N}";
        var id = _app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<WriteMarkerJob>(j => j.RunAsync(Guid.NewGuid(), marker));

        var state = await FailedStateAsync(id);

        Assert.Contains("unknown hospital", state, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("aurora", marker));
        Assert.Equal(0, await CountAsync("boavista", marker));
    }

    [Fact]
    public async Task A_job_that_names_no_hospital_fails_closed()
    {
        var marker = $"job-{Guid.NewGuid():N}";
        var id = _app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<WriteMarkerJob>(j => j.RunWithoutHospitalAsync(marker));

        var state = await FailedStateAsync(id);

        Assert.Contains("names no hospital", state, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("aurora", marker));
    }

    [Fact]
    public async Task An_event_published_in_one_hospital_reaches_only_that_hospitals_subscribers()
    {
        var aurora = await _app.HospitalAsync("aurora");
        var boavista = await _app.HospitalAsync("boavista");
        var scopes = _app.Services.GetRequiredService<TenantScopes>();
        var inAurora = new List<string>();
        var inBoavista = new List<string>();
        await using var a = scopes.Create(aurora);
        await using var b = scopes.Create(boavista);
        using var subA = a.ServiceProvider.GetRequiredService<HospitalEvents>().Subscribe<string>(e => { lock (inAurora) { inAurora.Add(e); } return Task.CompletedTask; });
        using var subB = b.ServiceProvider.GetRequiredService<HospitalEvents>().Subscribe<string>(e => { lock (inBoavista) { inBoavista.Add(e); } return Task.CompletedTask; });

        await a.ServiceProvider.GetRequiredService<HospitalEvents>().PublishAsync("appointment booked in aurora");

        Assert.Equal(["appointment booked in aurora"], inAurora);
        Assert.Empty(inBoavista);
    }

    private async Task<int> CountAsync(string slug, string marker)
    {
        await using var scope = _app.Services.GetRequiredService<TenantScopes>().Create(await _app.HospitalAsync(slug));
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(a => a.UserName == marker);
    }

    /// <summary>The job's first failure (Hangfire then schedules a retry, which fails the same way).</summary>
    private async Task<string> FailedStateAsync(string jobId)
    {
        string? reason = null;
        Assert.True(await EventuallyAsync(() =>
        {
            var history = _app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId)?.History ?? [];
            reason = history.Where(h => h.StateName == "Failed")
                .Select(h => h.Data.TryGetValue("ExceptionMessage", out var message) ? message : null)
                .FirstOrDefault(m => m is not null);
            return Task.FromResult(reason is not null);
        }), "the job failed");
        return reason!;
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
