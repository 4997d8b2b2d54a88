using System.Net;
using ClinicApp.Data.Audit;
using ClinicApp.Data.Catalog;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Backups;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Backups;

/// <summary>The admins' backups against the real app: who may, which hospital's runs they see and take,
/// what a download leaves in the audit trail, and the nightly hour.</summary>
[Collection(AppCollection.Name)]
public sealed class BackupAdminServiceTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    private static BackupAdminService Backups(Desk desk) => desk.Services.GetRequiredService<BackupAdminService>();

    private BackupNowRunner Runner => _app.Services.GetRequiredService<BackupNowRunner>();

    private async Task<Http> SignedInAsync(string slug, string role)
    {
        var http = new Http(_app.BaseUrl);
        var email = await new TestUsers(_app).CreateAsync(slug, role);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync(slug, email, TestUsers.Password)).StatusCode);
        return http;
    }

    private async Task<int> RunCountAsync(Guid hospitalId)
    {
        await using var db = _app.Services.GetRequiredService<TenantConnections>().CreateCatalog();
        return await db.BackupRuns.CountAsync(r => r.HospitalId == hospitalId);
    }

    private async Task<BackupRun> RunAsync(Guid runId)
    {
        await using var db = _app.Services.GetRequiredService<TenantConnections>().CreateCatalog();
        return await db.BackupRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
    }

    /// <summary>Presses "back up now" as the desk's admin and waits for the background backup to end.</summary>
    private async Task<BackupOutcome> BackUpNowAsync(Desk admin)
    {
        Backups(admin).BackUpNow();
        await (Runner.RunningTask(admin.Hospital.Id) ?? Task.CompletedTask);
        var state = Backups(admin).NowState();
        Assert.False(state.Running);
        return state.Last!;
    }

    private static async Task<int> DownloadAuditsAsync(Desk desk, Guid runId)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var id = runId.ToString();
        return await db.AuditEntries.CountAsync(a => a.EntityType == BackupAdminService.AuditEntity && a.EntityId == id && a.Action == AuditAction.Downloaded);
    }

    [Theory]
    [InlineData(Roles.Receptionist)]
    [InlineData(Roles.Veterinarian)]
    [InlineData(Roles.Nurse)]
    public async Task Only_an_admin_lists_backs_up_downloads_or_moves_the_hour(string role)
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", role);
        var service = Backups(desk);
        var runsBefore = await RunCountAsync(desk.Hospital.Id);
        var hourBefore = (await _app.HospitalAsync("aurora")).BackupHour;

        Assert.Equal("Common.Error.NotAllowed", Assert.Throws<DomainRuleException>(service.BackUpNow).Message);
        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => service.ListAsync())).Message);
        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => service.OpenDownloadAsync(Guid.NewGuid()))).Message);
        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => service.SaveBackupHourAsync(5))).Message);
        Assert.Equal("Common.Error.NotAllowed", Assert.Throws<DomainRuleException>(() => service.NowState()).Message);

        // Nothing started, nothing recorded, nothing moved.
        Assert.Null(Runner.RunningTask(desk.Hospital.Id));
        Assert.Equal(runsBefore, await RunCountAsync(desk.Hospital.Id));
        Assert.Equal(hourBefore, (await _app.HospitalAsync("aurora")).BackupHour);
    }

    [Fact]
    public async Task Back_up_now_runs_in_the_background_in_the_admins_name_and_a_second_press_is_refused()
    {
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        var service = Backups(admin);

        service.BackUpNow();
        var second = Assert.Throws<DomainRuleException>(service.BackUpNow);
        Assert.Equal("Backups.Error.AlreadyRunning", second.Message);
        Assert.True(service.NowState().Running);
        await Runner.RunningTask(admin.Hospital.Id)!;

        var outcome = service.NowState().Last!;
        Assert.Equal(BackupStatus.Verified, outcome.Status);
        var row = Assert.Single(await service.ListAsync(), r => r.Id == outcome.RunId);
        Assert.Equal(BackupTrigger.Manual, row.Trigger);
        Assert.Equal(BackupStatus.Verified, row.Status);
        Assert.Equal($"{Roles.Admin}@test", row.RequestedBy);
        Assert.True(row.CanDownload);
        Assert.True(row.SizeBytes > 0);

        // One press, one run: the refused one recorded nothing.
        Assert.Single(await service.ListAsync(), r => r.StartedAt >= row.StartedAt);
    }

    [Fact]
    public async Task Without_a_hospital_in_the_scope_nothing_is_backed_up()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetUser(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, "admin@test"), new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, Roles.Admin)], "test")));
        var service = scope.ServiceProvider.GetRequiredService<BackupAdminService>();

        Assert.Throws<TenantUnavailableException>(service.BackUpNow);
        await Assert.ThrowsAsync<TenantUnavailableException>(() => service.ListAsync());
        await Assert.ThrowsAsync<TenantUnavailableException>(() => service.OpenDownloadAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Another_hospitals_admin_neither_lists_nor_downloads_the_run()
    {
        await using var auroraAdmin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        await using var boavistaAdmin = await Desk.AsAsync(_app, "boavista", Roles.Admin);
        var outcome = await BackUpNowAsync(auroraAdmin);
        var runId = outcome.RunId!.Value;

        Assert.DoesNotContain(await Backups(boavistaAdmin).ListAsync(), r => r.Id == runId);
        Assert.Null(await Backups(boavistaAdmin).OpenDownloadAsync(runId));

        using var boavista = await SignedInAsync("boavista", Roles.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await boavista.GetAsync($"boavista/admin/backups/{runId}/download")).StatusCode);

        // Nor does the run's own address let them in: they are signed in to boavista, not aurora.
        Assert.NotEqual(HttpStatusCode.OK, (await boavista.GetAsync($"aurora/admin/backups/{runId}/download")).StatusCode);
        Assert.Equal(0, await DownloadAuditsAsync(auroraAdmin, runId));
        Assert.Equal(0, await DownloadAuditsAsync(boavistaAdmin, runId));
    }

    [Fact]
    public async Task The_download_streams_the_exact_encrypted_archive_and_is_audited()
    {
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        var outcome = await BackUpNowAsync(admin);
        var run = await RunAsync(outcome.RunId!.Value);
        var archive = await File.ReadAllBytesAsync(run.ArchivePath!);

        using var http = await SignedInAsync("aurora", Roles.Admin);
        var response = await http.GetAsync($"aurora/admin/backups/{run.Id}/download");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(Path.GetFileName(run.ArchivePath), response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(archive, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, await DownloadAuditsAsync(admin, run.Id));

        // A receptionist of the same hospital gets no archive, and no audit entry is written for them.
        using var reception = await SignedInAsync("aurora", Roles.Receptionist);
        Assert.NotEqual(HttpStatusCode.OK, (await reception.GetAsync($"aurora/admin/backups/{run.Id}/download")).StatusCode);
        Assert.Equal(1, await DownloadAuditsAsync(admin, run.Id));
    }

    [Fact]
    public async Task A_run_that_is_not_verified_is_not_found()
    {
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        var failed = new BackupRun
        {
            HospitalId = admin.Hospital.Id,
            Scope = admin.Hospital.Slug,
            Trigger = BackupTrigger.Nightly,
            Status = BackupStatus.Failed,
            RequestedBy = "nightly",
            StartedAt = DateTime.UtcNow,
            Error = "Backups.Error.Io: No space left on device",
        };
        await using (var db = _app.Services.GetRequiredService<TenantConnections>().CreateCatalog())
        {
            db.BackupRuns.Add(failed);
            await db.SaveChangesAsync();
        }

        Assert.Null(await Backups(admin).OpenDownloadAsync(failed.Id));
        Assert.Null(await Backups(admin).OpenDownloadAsync(Guid.NewGuid()));
        Assert.False(Assert.Single(await Backups(admin).ListAsync(), r => r.Id == failed.Id).CanDownload);
        Assert.Equal(0, await DownloadAuditsAsync(admin, failed.Id));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(24)]
    public async Task An_hour_outside_the_day_is_refused_and_nothing_changes(int hour)
    {
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        var before = await Backups(admin).BackupHourAsync();

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => Backups(admin).SaveBackupHourAsync(hour));

        Assert.Equal("Backups.Error.Hour", refusal.Message);
        Assert.Equal(before, await Backups(admin).BackupHourAsync());
    }

    [Fact]
    public async Task A_new_hour_is_saved_in_the_catalog_and_the_hospital_reads_it_at_once()
    {
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        var service = Backups(admin);
        var before = await service.BackupHourAsync();
        var hour = before == 3 ? 4 : 3;
        var otherHospital = (await _app.HospitalAsync("boavista")).BackupHour;
        try
        {
            await service.SaveBackupHourAsync(hour);

            Assert.Equal(hour, await service.BackupHourAsync());
            // The cache was emptied: the schedules and every screen read the new hour, not the old one for 10 s.
            Assert.Equal(hour, (await _app.HospitalAsync("aurora")).BackupHour);
            Assert.Equal(otherHospital, (await _app.HospitalAsync("boavista")).BackupHour);
        }
        finally
        {
            await service.SaveBackupHourAsync(before);
        }
    }
}
