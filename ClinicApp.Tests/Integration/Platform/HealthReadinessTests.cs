using System.Net;
using System.Text.Json;
using ClinicApp.Infrastructure.Health;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Platform;

/// <summary>Issue 11 item 19: /health/ready tells the truth — a hospital whose database fails its
/// quick_check, a data directory that cannot be written, and a disk below the free-space threshold
/// make the instance not ready (503), naming the cause; /health/live stays 200.</summary>
public sealed class HealthReadinessTests
{
    [Fact]
    public async Task A_healthy_app_is_ready_and_lists_the_integrity_and_storage_checks()
    {
        await using var app = new ClinicAppFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl + "/") };
        await NewHospitalAsync(app, "saudavel");
        await app.Services.GetRequiredService<HospitalIntegrity>().RunAsync();

        using var ready = await http.GetAsync("health/ready");
        var checks = await ChecksAsync(ready);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", checks.GetProperty("integrity").GetProperty("status").GetString());
        Assert.Contains("2 databases", checks.GetProperty("integrity").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", checks.GetProperty("storage").GetProperty("status").GetString());
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, ".health-write-probe")), "the write probe left its file behind");
    }

    [Fact]
    public async Task A_corrupted_hospital_database_makes_ready_503_naming_the_hospital_while_live_stays_200()
    {
        await using var app = new ClinicAppFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl + "/") };
        await NewHospitalAsync(app, "corrompido");
        await NewHospitalAsync(app, "intacto");
        var integrity = app.Services.GetRequiredService<HospitalIntegrity>();
        Assert.Empty((await integrity.RunAsync()).Failures);

        // Every pooled connection closed: the WAL is checkpointed into the file, which is then damaged
        // in the middle (its first page, the header, stays intact so it still opens and "connects").
        SqliteConnection.ClearAllPools();
        var file = Path.Combine(app.DataDirectory, "corrompido.db");
        Assert.False(File.Exists(file + "-wal") && new FileInfo(file + "-wal").Length > 0, "the WAL was not checkpointed");
        var length = new FileInfo(file).Length;
        Assert.True(length >= 16 * 4096, $"the database has too few pages to damage ({length} bytes)");
        await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write))
        {
            stream.Seek(4096 * 2, SeekOrigin.Begin);
            var garbage = new byte[length - 4096 * 4];
            new Random(19).NextBytes(garbage);
            await stream.WriteAsync(garbage);
        }

        await integrity.RunAsync();
        using var ready = await http.GetAsync("health/ready");
        var integrityCheck = (await ChecksAsync(ready)).GetProperty("integrity");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", integrityCheck.GetProperty("status").GetString());
        var description = integrityCheck.GetProperty("description").GetString()!;
        Assert.Contains("corrompido", description, StringComparison.Ordinal);
        Assert.DoesNotContain("intacto", description, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("health")).StatusCode);
    }

    [Fact]
    public async Task A_hospital_marked_unavailable_makes_ready_503_naming_it()
    {
        await using var app = new ClinicAppFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl + "/") };
        var lost = await NewHospitalAsync(app, "sumido");
        app.Services.GetRequiredService<UnavailableHospitals>().Mark(lost, new IOException("disk detached"));

        using var ready = await http.GetAsync("health/ready");
        var description = (await ChecksAsync(ready)).GetProperty("integrity").GetProperty("description").GetString()!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("sumido is unavailable", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Free_disk_below_the_threshold_makes_ready_503_naming_the_disk()
    {
        await using var app = new ClinicAppFactory(new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "false",
            ["Health:MinFreeDiskMegabytes"] = "1000000000000",
        });
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl + "/") };

        using var ready = await http.GetAsync("health/ready");
        var storage = (await ChecksAsync(ready)).GetProperty("storage");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", storage.GetProperty("status").GetString());
        Assert.Contains("free disk space", storage.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("health")).StatusCode);
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_written_makes_ready_503()
    {
        await using var app = new ClinicAppFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl + "/") };
        // A directory where the probe's file must go: the write fails as on a read-only or broken volume
        // (tests run as root, so file permissions would not stop it).
        Directory.CreateDirectory(Path.Combine(app.DataDirectory, ".health-write-probe"));

        using var ready = await http.GetAsync("health/ready");
        var storage = (await ChecksAsync(ready)).GetProperty("storage");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("cannot be written", storage.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private static async Task<TenantInfo> NewHospitalAsync(ClinicAppFactory app, string slug) =>
        (await app.Services.GetRequiredService<HospitalProvisioning>()
            .AddAsync(slug, $"Hospital {slug}", $"admin@{slug}.vet", adminPassword: ClinicAppFactory.Password)).Tenant;

    private static async Task<JsonElement> ChecksAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
}
