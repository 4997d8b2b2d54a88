using System.Net;
using System.Text.Json;
using ClinicApp.Data.Catalog;
using ClinicApp.Infrastructure.Backups;
using ClinicApp.Infrastructure.Health;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace ClinicApp.Tests.Integration.Platform;

/// <summary>Issue 13, monitoring: /health/ready reports Degraded (still 200) naming the hospitals whose last
/// good backup is older than Backups:MaxAgeHours (26), or that have none and exist for longer; a hospital
/// added moments ago (every test's) is fine.</summary>
public sealed class BackupsHealthTests
{
    [Fact]
    public async Task Ready_stays_200_and_names_only_the_old_hospital_without_a_backup()
    {
        await using var app = new ClinicAppFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl + "/") };
        await NewHospitalAsync(app, "recente");
        Assert.Equal("Healthy", (await BackupsCheckAsync(http)).Status);

        var old = await NewHospitalAsync(app, "antigo");
        await AgeAsync(app, old.Id, TimeSpan.FromDays(3));

        var (status, description, code) = await BackupsCheckAsync(http);
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Degraded", status);
        Assert.Contains("antigo (no good backup)", description, StringComparison.Ordinal);
        Assert.DoesNotContain("recente", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Degraded_without_a_backup_healthy_after_a_verified_run_and_degraded_again_26_hours_later()
    {
        await using var app = new ClinicAppFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        var hospital = await NewHospitalAsync(app, "vigiado");
        await AgeAsync(app, hospital.Id, TimeSpan.FromDays(10));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var check = ActivatorUtilities.CreateInstance<BackupsHealthCheck>(app.Services, (TimeProvider)clock);

        var before = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, before.Status);
        Assert.Contains("vigiado (no good backup)", before.Description, StringComparison.Ordinal);

        var run = await app.Services.GetRequiredService<BackupService>().BackUpHospitalAsync(hospital.Id, BackupTrigger.Manual, "test");
        Assert.Equal(BackupStatus.Verified, run.Status);
        clock.SetUtcNow(new DateTimeOffset(run.StartedAt, TimeSpan.Zero).AddMinutes(1));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        clock.Advance(TimeSpan.FromHours(1));
        var after = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, after.Status);
        Assert.Contains("vigiado (last good backup", after.Description, StringComparison.Ordinal);
    }

    private static async Task<TenantInfo> NewHospitalAsync(ClinicAppFactory app, string slug) =>
        (await app.Services.GetRequiredService<HospitalProvisioning>()
            .AddAsync(slug, $"Hospital {slug}", $"admin@{slug}.vet", adminPassword: ClinicAppFactory.Password)).Tenant;

    /// <summary>Makes the hospital look as if it was added <paramref name="age"/> ago.</summary>
    private static async Task AgeAsync(ClinicAppFactory app, Guid hospitalId, TimeSpan age)
    {
        await using var db = app.Services.GetRequiredService<TenantConnections>().CreateCatalog();
        var hospital = await db.Hospitals.SingleAsync(h => h.Id == hospitalId);
        hospital.CreatedAt -= age;
        await db.SaveChangesAsync();
    }

    private static async Task<(string Status, string Description, HttpStatusCode Code)> BackupsCheckAsync(HttpClient http)
    {
        using var ready = await http.GetAsync("health/ready");
        var check = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("backups");
        return (check.GetProperty("status").GetString()!, check.GetProperty("description").GetString() ?? "", ready.StatusCode);
    }
}
