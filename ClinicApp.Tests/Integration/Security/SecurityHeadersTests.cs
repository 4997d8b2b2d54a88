using System.Net;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Security;

/// <summary>Issue 11 #3: every kind of response carries the browser-side defences.</summary>
[Collection(AppCollection.Name)]
public sealed class SecurityHeadersTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    private static void AssertDefences(HttpResponseMessage response)
    {
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → {(int)response.StatusCode}";
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), what);
        var policy = Directives(Assert.Single(csp));
        Assert.Equal("'self'", policy["default-src"]);
        Assert.StartsWith("'self' 'nonce-", policy["script-src"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy["script-src"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy["script-src"], StringComparison.Ordinal);
        Assert.Equal("'self' 'unsafe-inline'", policy["style-src"]);
        Assert.Equal("'self' data:", policy["img-src"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.StartsWith("'self' ws://127.0.0.1:", policy["connect-src"], StringComparison.Ordinal);
        Assert.DoesNotContain("http", string.Join(' ', policy.Values), StringComparison.Ordinal);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["strict-origin-when-cross-origin"], response.Headers.GetValues("Referrer-Policy"));
        var permissions = Assert.Single(response.Headers.GetValues("Permissions-Policy"));
        Assert.Contains("camera=()", permissions, StringComparison.Ordinal);
        Assert.Contains("microphone=()", permissions, StringComparison.Ordinal);
        Assert.Contains("geolocation=()", permissions, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Directives(string csp) =>
        csp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    [Fact]
    public async Task A_page_carries_the_headers_and_its_only_inline_script_has_the_policys_nonce()
    {
        using var http = new Http(_app.BaseUrl);

        var response = await http.GetAsync("aurora/account/login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertDefences(response);
        var nonce = Directives(response.Headers.GetValues("Content-Security-Policy").Single())["script-src"].Split("'nonce-")[1].TrimEnd('\'');
        var html = await response.Content.ReadAsStringAsync();
        var inline = System.Text.RegularExpressions.Regex.Matches(html, "<script(?![^>]*\\bsrc=)[^>]*>");
        Assert.All(inline, script => Assert.Contains($"nonce=\"{nonce}\"", script.Value, StringComparison.Ordinal));

        // A fresh nonce per response: a nonce seen once cannot be reused by injected markup.
        var again = await http.GetAsync("aurora/account/login");
        Assert.NotEqual(response.Headers.GetValues("Content-Security-Policy").Single(), again.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task A_pdf_download_carries_the_headers()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora");
        var tutorId = await desk.NewTutorAsync();
        var petId = await desk.NewPetAsync(tutorId);
        var invoices = desk.Services.GetRequiredService<InvoiceService>();
        var id = await invoices.CreateAsync(tutorId, petId);
        await invoices.AddItemAsync(id, "Consulta", ChargeKind.Consultation, 1, 100m);
        using var http = new Http(_app.BaseUrl);
        var email = await new TestUsers(_app).CreateAsync("aurora", Roles.Receptionist);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", email, TestUsers.Password)).StatusCode);

        var response = await http.GetAsync($"aurora/invoices/{id}/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        AssertDefences(response);
    }

    [Fact]
    public async Task Json_a_webhook_refusal_and_a_not_found_carry_the_headers()
    {
        using var http = new Http(_app.BaseUrl);
        using var content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");

        var health = await http.GetAsync("health/ready");
        var webhook = await http.Client.PostAsync("aurora/webhooks/stripe", content);
        var missing = await http.GetAsync("aurora/no-such-page");

        Assert.Equal("application/json", health.Content.Headers.ContentType?.MediaType);
        AssertDefences(health);
        Assert.Equal(HttpStatusCode.BadRequest, webhook.StatusCode);
        AssertDefences(webhook);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        AssertDefences(missing);
    }
}
