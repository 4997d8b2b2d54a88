using System.Net;
using System.Text;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Fakes;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Tenancy;

/// <summary>Issue 11 item 18: a hospital whose database file is deleted while the app runs stops
/// answering (503 page, 503 to webhooks so Stripe retries) instead of writing into the unlinked file,
/// the file is never re-created empty, and the other hospitals keep working.</summary>
public sealed class HospitalDatabaseLostTests : IAsyncLifetime
{
    private readonly ClinicAppFactory _app = new(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });

    public Task InitializeAsync()
    {
        _ = _app.BaseUrl;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_deleted_hospital_database_answers_503_and_is_not_recreated_while_the_others_keep_working()
    {
        var provisioning = _app.Services.GetRequiredService<HospitalProvisioning>();
        var lost = (await provisioning.AddAsync("perdido", "Hospital Perdido", "admin@perdido.vet", adminPassword: ClinicAppFactory.Password)).Tenant;
        await provisioning.AddAsync("inteiro", "Hospital Inteiro", "admin@inteiro.vet", adminPassword: ClinicAppFactory.Password);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_app.BaseUrl + "/") };

        // A pooled connection already holds the file open when it is deleted.
        var file = Path.Combine(_app.DataDirectory, "perdido.db");
        Assert.Equal(HttpStatusCode.BadRequest, (await PostWebhookAsync(http, lost)).StatusCode);
        foreach (var path in new[] { file, file + "-wal", file + "-shm" }.Where(File.Exists))
        {
            File.Delete(path);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await PostWebhookAsync(http, lost)).StatusCode);
        using var page = new HttpRequestMessage(HttpMethod.Get, "perdido/account/login");
        page.Headers.AcceptLanguage.ParseAdd("pt-BR");
        using var unavailable = await http.SendAsync(page);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        var html = WebUtility.HtmlDecode(await unavailable.Content.ReadAsStringAsync());
        Assert.Contains("data-reason=\"Down\"", html, StringComparison.Ordinal);
        Assert.Contains("Temporariamente indisponível", html, StringComparison.Ordinal);
        Assert.False(File.Exists(file), "the lost database was re-created empty");

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("inteiro/account/login")).StatusCode);
    }

    private static async Task<HttpResponseMessage> PostWebhookAsync(HttpClient http, TenantInfo hospital)
    {
        var payload = StripeFixture.CheckoutEvent($"evt_{Guid.NewGuid():N}", hospital, Guid.NewGuid(), 1000);
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{hospital.Slug}/webhooks/stripe") { Content = content };
        request.Headers.Add("Stripe-Signature", StripeFixture.Sign(payload, "whsec_none"));
        return await http.SendAsync(request);
    }
}
