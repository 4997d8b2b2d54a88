using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ClinicApp.Tests.Support;

namespace ClinicApp.Tests.Integration.Security;

/// <summary>The app in Production behind a proxy on the same machine (loopback, trusted by default),
/// with small public limits so that tests reach them.</summary>
public sealed class ProxiedProductionFixture : IAsyncLifetime
{
    public const string OperatorPassword = ClinicAppFactory.OperatorPassword;

    public ClinicAppFactory App { get; } = new ProductionAppFactory(new Dictionary<string, string?>
    {
        ["RateLimits:PayLinkRequestsPerMinute"] = "3",
        ["RateLimits:WebhookRequestsPerMinute"] = "3",
        ["RateLimits:OperatorSignInAttemptsPerMinute"] = "3",
    });

    public string BaseUrl { get; private set; } = "";

    public Task InitializeAsync()
    {
        BaseUrl = App.BaseUrl;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The test app with the Production environment (and a key-encryption key, which Production requires).</summary>
public sealed class ProductionAppFactory(IDictionary<string, string?> overrides)
    : ClinicAppFactory(new Dictionary<string, string?>(overrides)
    {
        ["DataProtection:KeyEncryptionKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        ["Backups:Key"] = Convert.ToBase64String(Enumerable.Range(2, 32).Select(i => (byte)i).ToArray()),
    })
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseEnvironment(builder, "Production");
    }
}

/// <summary>Issue 11 #2 and #8: behind a known proxy the client's address and scheme are the ones the
/// proxy saw (the public limits count per real client, the cookie is Secure, HSTS is sent).</summary>
public sealed partial class ReverseProxyTests(ProxiedProductionFixture fixture) : IClassFixture<ProxiedProductionFixture>, IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        BaseAddress = new Uri(fixture.BaseUrl + "/"),
    };

    private static HttpRequestMessage Proxied(HttpMethod method, string path, string client, string scheme = "https", HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", scheme);
        return request;
    }

    [Fact]
    public async Task Pay_links_are_limited_per_forwarded_client_with_retry_after()
    {
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await _http.SendAsync(Proxied(HttpMethod.Get, "aurora/pay/no-such-link", "203.0.113.10")));
        }

        var otherClient = await _http.SendAsync(Proxied(HttpMethod.Get, "aurora/pay/no-such-link", "203.0.113.11"));

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.NotFound, a.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[3].StatusCode);
        Assert.True(answers[3].Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
        Assert.Equal(HttpStatusCode.NotFound, otherClient.StatusCode);
    }

    [Fact]
    public async Task Webhooks_are_limited_per_client_with_retry_after()
    {
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await _http.SendAsync(Proxied(HttpMethod.Post, "aurora/webhooks/stripe", "203.0.113.20",
                content: new StringContent("{}", Encoding.UTF8, "application/json"))));
        }

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[3].StatusCode);
        Assert.NotNull(answers[3].Headers.RetryAfter);
    }

    [Fact]
    public async Task Operator_dashboard_guesses_are_limited_but_the_operator_is_not()
    {
        HttpRequestMessage Dashboard(string password)
        {
            var request = Proxied(HttpMethod.Get, "hangfire", "203.0.113.30");
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClinicAppFactory.OperatorUser}:{password}")));
            return request;
        }

        var guesses = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            guesses.Add(await _http.SendAsync(Dashboard($"guess-{i}")));
        }

        var operatorAfter = await _http.SendAsync(Dashboard(ClinicAppFactory.OperatorPassword));

        Assert.All(guesses.Take(3), g => Assert.Equal(HttpStatusCode.Unauthorized, g.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, guesses[3].StatusCode);
        Assert.NotNull(guesses[3].Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, operatorAfter.StatusCode);
    }

    [Fact]
    public async Task Signing_in_through_an_https_proxy_gives_a_secure_cookie_and_hsts()
    {
        var page = await _http.SendAsync(Proxied(HttpMethod.Get, "aurora/account/login", "203.0.113.40"));
        var cookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = Http.AntiforgeryTokenOf(await page.Content.ReadAsStringAsync());
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = "reception@aurora.vet",
            ["Input.Password"] = ClinicAppFactory.Password,
        });
        var post = Proxied(HttpMethod.Post, "aurora/account/login", "203.0.113.40", content: form);
        post.Headers.Add("Cookie", cookies);

        var signedIn = await _http.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var auth = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".ClinicApp.Auth=", StringComparison.Ordinal));
        Assert.Contains("; secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.All(page.Headers.GetValues("Set-Cookie"), c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("wss://", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_sends_hsts_over_https_through_the_proxy()
    {
        var request = Proxied(HttpMethod.Get, "aurora/account/login", "203.0.113.50");
        request.Headers.Host = "clinica.example";

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    public void Dispose() => _http.Dispose();

}

/// <summary>The app with a configured proxy that is not where the requests come from.</summary>
public sealed class UntrustedProxyFixture : IAsyncLifetime
{
    public ClinicAppFactory App { get; } = new(new Dictionary<string, string?>
    {
        ["ReverseProxy:KnownProxies:0"] = "192.0.2.1",
        ["ReverseProxy:KnownNetworks:0"] = "198.51.100.0/24",
        ["RateLimits:PayLinkRequestsPerMinute"] = "2",
    });

    public string BaseUrl { get; private set; } = "";

    public Task InitializeAsync()
    {
        BaseUrl = App.BaseUrl;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Issue 11 #2: forwarded headers from anyone but a configured proxy are ignored.</summary>
public sealed class UntrustedProxyTests(UntrustedProxyFixture fixture) : IClassFixture<UntrustedProxyFixture>
{
    [Fact]
    public async Task Forwarded_headers_from_an_unknown_proxy_change_neither_the_client_nor_the_scheme()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl + "/") };
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            // A different claimed client each time: were it believed, no bucket would fill.
            var request = new HttpRequestMessage(HttpMethod.Get, "aurora/pay/no-such-link");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{60 + i}");
            request.Headers.Add("X-Forwarded-Proto", "https");
            answers.Add(await http.SendAsync(request));
        }

        Assert.Equal(HttpStatusCode.NotFound, answers[0].StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[2].StatusCode);
        var csp = answers[0].Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("ws://127.0.0.1", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("wss://", csp, StringComparison.Ordinal);
    }
}
