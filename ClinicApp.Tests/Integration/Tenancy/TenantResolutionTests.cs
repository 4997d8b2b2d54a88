using System.Net;
using System.Text.Json;
using ClinicApp.Data.Catalog;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Tenancy;

[Collection(AppCollection.Name)]
public sealed class TenantResolutionTests(AppFixture fixture) : IDisposable
{
    private readonly Http _http = new(fixture.BaseUrl);

    [Fact]
    public async Task Health_is_live_and_ready_outside_any_hospital()
    {
        var live = await _http.GetAsync("health");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        var ready = await _http.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("catalog").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("hospitals").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("jobs").GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unknown_hospital_gets_a_friendly_404_page()
    {
        var response = await _http.GetAsync("no-such-hospital/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-reason=\"NotFound\"", html, StringComparison.Ordinal);
        Assert.Contains("Hospital not found", Http.Text(html), StringComparison.Ordinal);
        Assert.DoesNotContain("Aurora", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unavailable_page_speaks_the_visitors_language()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "no-such-hospital/");
        request.Headers.AcceptLanguage.ParseAdd("pt-BR,pt;q=0.9");
        var response = await _http.Client.SendAsync(request);

        Assert.Contains("Hospital não encontrado", Http.Text(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suspended_hospital_gets_a_403_page()
    {
        var provisioning = fixture.App.Services.GetRequiredService<HospitalProvisioning>();
        await provisioning.AddAsync("pausada", "Clínica Pausada", "admin@pausada.vet", adminPassword: ClinicAppFactory.Password);
        Assert.Equal(HttpStatusCode.Found, (await _http.GetAsync("pausada/")).StatusCode);

        await provisioning.SetStatusAsync("pausada", HospitalStatus.Suspended);
        var response = await _http.GetAsync("pausada/");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("data-reason=\"Suspended\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.GetAsync("pausada/account/login")).StatusCode);
    }

    [Fact]
    public async Task The_hospital_address_without_a_slash_redirects_inside_the_hospital()
    {
        var response = await _http.GetAsync("aurora");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/aurora/", Http.Location(response));
    }

    [Fact]
    public async Task A_hospital_address_in_other_letter_case_redirects_to_the_canonical_one()
    {
        var response = await _http.GetAsync("Aurora/account/login?x=1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/aurora/account/login?x=1", Http.Location(response));
    }

    [Fact]
    public async Task A_hospital_page_for_an_anonymous_visitor_redirects_to_that_hospitals_sign_in()
    {
        var response = await _http.GetAsync("aurora/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/aurora/account/login?returnurl=%2faurora%2fadmin%2fusers", Http.Location(response), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_sign_in_page_shows_the_hospital_and_its_base_href()
    {
        var html = await (await _http.GetAsync("boavista/account/login")).Content.ReadAsStringAsync();

        Assert.Contains("<base href=\"/boavista/\"", html, StringComparison.Ordinal);
        Assert.Contains("Clínica Veterinária Boa Vista", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain("Aurora", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_assets_are_served_inside_a_hospital_and_fonts_are_self_hosted()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("aurora/_framework/blazor.web.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("aurora/lib/roboto/roboto.css")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("aurora/lib/apexcharts/apexcharts.min.js")).StatusCode);
        var html = await (await _http.GetAsync("aurora/account/login")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("fonts.googleapis", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_page_inside_a_hospital_is_404()
    {
        var response = await _http.GetAsync("aurora/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose() => _http.Dispose();
}
