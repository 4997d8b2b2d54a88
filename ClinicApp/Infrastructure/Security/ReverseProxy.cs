using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ClinicApp.Infrastructure.Security;

/// <summary>The "ReverseProxy" settings section: who may tell the app the client's address and scheme.</summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "ReverseProxy";

    /// <summary>Proxy addresses whose X-Forwarded-For/-Proto are believed ("10.0.0.5", "::1").</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR form ("10.0.0.0/8", "fd00::/8").</summary>
    public string[] KnownNetworks { get; set; } = [];
}

/// <summary>Running behind a reverse proxy (issue 11 #2), the normal production set-up: the proxy ends
/// TLS and connects from its own address, so without this every client shares the proxy's IP (one
/// rate-limit bucket for everyone), the auth cookie is not marked Secure and no HSTS is sent.</summary>
public static class ReverseProxy
{
    public static WebApplicationBuilder AddReverseProxy(this WebApplicationBuilder builder)
    {
        // Read when the options are first used, not while building: settings added later (a test
        // host's, an environment's) must count.
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((options, configuration) =>
            Configure(options, configuration.GetSection(ReverseProxyOptions.Section).Get<ReverseProxyOptions>() ?? new()));

        // Outside Development the session cookie only travels over HTTPS; in Development (plain
        // http://localhost) it follows the request.
        builder.Services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>>(services =>
            new PostConfigureOptions<CookieAuthenticationOptions, IHostEnvironment>(
                name: null, services.GetRequiredService<IHostEnvironment>(), (cookie, environment) => cookie.Cookie.SecurePolicy = SecurePolicy(environment)));
        // The antiforgery cookie follows the request (Secure over HTTPS, which behind a known proxy
        // includes X-Forwarded-Proto: https). "Always" would make antiforgery throw on every form page
        // served over plain HTTP: a misconfigured Production must not answer 500 everywhere.
        builder.Services.AddOptions<AntiforgeryOptions>().Configure(antiforgery =>
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    private static CookieSecurePolicy SecurePolicy(IHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    /// <summary>Only the configured proxies are believed. With none configured, a proxy on the same
    /// machine (loopback) is; configuring any replaces that default, so a list is the whole truth.</summary>
    public static void Configure(ForwardedHeadersOptions options, ReverseProxyOptions settings)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        var proxies = settings.KnownProxies.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        var networks = settings.KnownNetworks.Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        if (proxies.Count == 0 && networks.Count == 0)
        {
            options.KnownProxies.Add(IPAddress.Loopback);
            options.KnownProxies.Add(IPAddress.IPv6Loopback);
            return;
        }

        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy.Trim(), out var address)
                ? address
                : throw new InvalidOperationException($"ReverseProxy:KnownProxies has '{proxy}', which is not an IP address."));
        }

        foreach (var network in networks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network.Trim(), out var parsed)
                ? parsed
                : throw new InvalidOperationException($"ReverseProxy:KnownNetworks has '{network}', which is not a CIDR network such as 10.0.0.0/8."));
        }
    }
}
