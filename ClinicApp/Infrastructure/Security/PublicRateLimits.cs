using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ClinicApp.Infrastructure.Security;

/// <summary>The "RateLimits" settings section: requests per minute per client address.</summary>
public sealed class PublicRateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Public pay-link pages and their checkout form (a tutor needs a handful).</summary>
    public int PayLinkRequestsPerMinute { get; set; } = 60;

    /// <summary>Stripe webhook deliveries (Stripe retries a 429 later).</summary>
    public int WebhookRequestsPerMinute { get; set; } = 300;

    /// <summary>Requests to /hangfire without the operator's valid credentials.</summary>
    public int OperatorSignInAttemptsPerMinute { get; set; } = 10;
}

/// <summary>Throttling of what anyone on the internet can reach without signing in (issue 11 #8): the
/// pay links, the webhooks and the operator dashboard's Basic sign-in. Per client address (the real
/// one behind a known proxy, see <see cref="ReverseProxy"/>); a refusal is 429 with Retry-After.
/// Named endpoint policies, kept apart from the global sign-in limiter.</summary>
public static class PublicRateLimits
{
    public const string PayLinks = "pay-links";
    public const string Webhooks = "webhooks";
    public const string OperatorDashboard = "operator-dashboard";

    public static WebApplicationBuilder AddPublicRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PublicRateLimitOptions>().Bind(builder.Configuration.GetSection(PublicRateLimitOptions.Section));
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<PublicRateLimitOptions>>((limiter, limits) =>
        {
            limiter.AddPolicy(PayLinks, new PerClientPolicy(PayLinks, () => limits.Value.PayLinkRequestsPerMinute));
            limiter.AddPolicy(Webhooks, new PerClientPolicy(Webhooks, () => limits.Value.WebhookRequestsPerMinute));
            limiter.AddPolicy(OperatorDashboard, new PerClientPolicy(OperatorDashboard, () => limits.Value.OperatorSignInAttemptsPerMinute,
                exempt: Jobs.OperatorDashboardAuthorization.HasOperatorCredentials));
        });
        return builder;
    }

    /// <summary>The client address a limit counts by.</summary>
    public static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private sealed class PerClientPolicy(string name, Func<int> perMinute, Func<HttpContext, bool>? exempt = null) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (rejected, ct) =>
        {
            var response = rejected.HttpContext.Response;
            var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            response.ContentType = "text/plain; charset=utf-8";
            var texts = rejected.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            await response.WriteAsync(texts["Error.TooManyRequests"], ct);
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            exempt?.Invoke(httpContext) == true
                ? RateLimitPartition.GetNoLimiter($"{name}:exempt")
                : RateLimitPartition.GetFixedWindowLimiter($"{name}:{ClientKey(httpContext)}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, perMinute()),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
    }
}
