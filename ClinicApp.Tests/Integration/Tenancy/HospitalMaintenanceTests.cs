using System.Net;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Tenancy;

/// <summary>Issue 13: while a hospital's data is restored, new page loads wait on a page that reloads itself (503 +
/// Retry-After), its open circuits stay connected, the other hospitals and the health endpoints are untouched; and
/// every app instance notices a restore started by the operator's command line (another process) within seconds.
/// Each test puts a hospital of its own into maintenance, so the shared app's others keep working.</summary>
[Collection(AppCollection.Name)]
public sealed class HospitalMaintenanceTests(AppFixture fixture) : IDisposable
{
    /// <summary>Generous against a busy machine; the watch looks every two seconds.</summary>
    private static readonly TimeSpan Seen = MaintenanceWatch.PollInterval * 5;

    private readonly Http _http = new(fixture.BaseUrl);

    private HospitalMaintenance Maintenance => fixture.App.Services.GetRequiredService<HospitalMaintenance>();

    [Theory]
    [InlineData("pt-BR", "restauro-pt", "Restaurando dados", "Clínica Restauro está restaurando seus dados; esta página se recarrega sozinha em alguns segundos.")]
    [InlineData("en", "restauro-en", "Restoring data", "Clínica Restauro is restoring its data; this page reloads by itself in a few seconds.")]
    public async Task A_new_page_load_of_a_hospital_in_maintenance_waits_on_a_page_that_reloads_itself(
        string language, string slug, string title, string text)
    {
        var hospital = await NewHospitalAsync(slug);
        var readyBefore = (await _http.GetAsync("health/ready")).StatusCode;
        Assert.True(await Maintenance.EnterAsync(hospital.Id, "restore"));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{slug}/account/login");
            request.Headers.AcceptLanguage.Clear();
            request.Headers.AcceptLanguage.ParseAdd(language);
            using var response = await _http.Client.SendAsync(request);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(TenantResolutionMiddleware.MaintenanceRetrySeconds), response.Headers.RetryAfter?.Delta);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("data-reason=\"Maintenance\"", html, StringComparison.Ordinal);
            Assert.Contains($"<meta http-equiv=\"refresh\" content=\"{TenantResolutionMiddleware.MaintenanceRetrySeconds}\"", html, StringComparison.Ordinal);
            Assert.Contains(title, Http.Text(html), StringComparison.Ordinal);
            Assert.Contains(text, Http.Text(html), StringComparison.Ordinal);

            // Its home and its webhooks wait too; the other hospitals and the platform's health do not.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _http.GetAsync($"{slug}/")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("aurora/account/login")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("health")).StatusCode);
            Assert.Equal(readyBefore, (await _http.GetAsync("health/ready")).StatusCode);
        }
        finally
        {
            await Maintenance.LeaveAsync(hospital.Id);
        }

        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"{slug}/account/login")).StatusCode);
    }

    [Fact]
    public async Task The_open_screens_of_a_hospital_in_maintenance_keep_their_circuit_and_scripts()
    {
        var hospital = await NewHospitalAsync("restauro-circuito");
        Assert.True(await Maintenance.EnterAsync(hospital.Id, "restore"));
        try
        {
            // A reconnecting (or just opening) screen negotiates its circuit again: that is not a new page load.
            using var negotiate = await _http.Client.PostAsync("restauro-circuito/_blazor/negotiate?negotiateVersion=1", null);
            Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("restauro-circuito/_framework/blazor.web.js")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("restauro-circuito/lib/roboto/roboto.css")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("restauro-circuito/app.css")).StatusCode);
        }
        finally
        {
            await Maintenance.LeaveAsync(hospital.Id);
        }
    }

    [Fact]
    public async Task A_maintenance_flag_set_in_the_catalog_by_another_process_is_seen_and_published_within_seconds()
    {
        var hospital = await NewHospitalAsync("restauro-outro");
        var services = fixture.App.Services;
        var catalog = services.GetRequiredService<HospitalCatalog>();
        var connections = services.GetRequiredService<TenantConnections>();
        var seen = new List<(bool Event, bool? Catalog)>();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var left = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = services.GetRequiredService<IEventBus>().Subscribe<HospitalMaintenanceChanged>(hospital.Id, async e =>
        {
            // What a screen reads when told: this instance's catalog must already agree with the event.
            var now = await catalog.FindByIdAsync(hospital.Id);
            lock (seen)
            {
                seen.Add((e.InMaintenance, now?.InMaintenance));
            }

            (e.InMaintenance ? entered : left).TrySetResult();
        });

        // This instance's catalog cache holds the hospital as working, as it would when another process starts a restore.
        Assert.False((await catalog.FindByIdAsync(hospital.Id))!.InMaintenance);
        try
        {
            await SetFlagAsAnotherProcessAsync(connections, hospital.Id, inMaintenance: true);
            await entered.Task.WaitAsync(Seen);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _http.GetAsync("restauro-outro/account/login")).StatusCode);

            await SetFlagAsAnotherProcessAsync(connections, hospital.Id, inMaintenance: false);
            await left.Task.WaitAsync(Seen);
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("restauro-outro/account/login")).StatusCode);
        }
        finally
        {
            await Maintenance.LeaveAsync(hospital.Id);
        }

        lock (seen)
        {
            Assert.Equal([(true, true), (false, false)], seen);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<TenantInfo> NewHospitalAsync(string slug)
    {
        var provisioning = fixture.App.Services.GetRequiredService<HospitalProvisioning>();
        return (await provisioning.AddAsync(slug, "Clínica Restauro", $"admin@{slug}.vet", adminPassword: ClinicAppFactory.Password)).Tenant;
    }

    /// <summary>Straight into the catalog database, as the operator's command line does from its own process:
    /// nothing in this app instance is told.</summary>
    private static async Task SetFlagAsAnotherProcessAsync(TenantConnections connections, Guid hospitalId, bool inMaintenance)
    {
        await using var db = connections.CreateCatalog();
        var hospital = await db.Hospitals.SingleAsync(h => h.Id == hospitalId);
        if (inMaintenance)
        {
            hospital.EnterMaintenance("restore from the command line", DateTime.UtcNow);
        }
        else
        {
            hospital.LeaveMaintenance();
        }

        await db.SaveChangesAsync();
    }
}
