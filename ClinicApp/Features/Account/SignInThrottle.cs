using System.Security.Claims;
using System.Threading.RateLimiting;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ClinicApp.Features.Account;

/// <summary>Marks a page whose form posts guess or probe a password (sign-in, forgot password, the
/// second factor): its posts are throttled by <see cref="SignInThrottle"/>. The mark sits on the
/// endpoint, so every spelling of its path (a trailing slash, another case) is counted.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SignInThrottledAttribute(string accountField = "Input.Email") : Attribute
{
    /// <summary>Names no form field: the account is the one Identity's two-factor cookie holds
    /// (the code step, whose form carries no e-mail).</summary>
    public const string PendingTwoFactorUser = "";

    /// <summary>The form field that names the account being tried.</summary>
    public string AccountField { get; } = accountField;
}

/// <summary>Two fixed-window limiters per hospital: one per client IP (one client cannot spray many
/// accounts) and one per account tried (one account cannot be sprayed from many IPs). Partitions are
/// keyed by the hospital too, so exhausting one hospital's sign-in never locks another's.</summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _byClient;
    private readonly PartitionedRateLimiter<string> _byAccount;

    public SignInThrottle(IOptions<SecurityOptions> options)
    {
        var security = options.Value;
        _byClient = Limiter(security.LoginAttemptsPerMinute);
        _byAccount = Limiter(security.LoginAttemptsPerAccountPerMinute);
    }

    /// <summary>Whether one more attempt is allowed; counts it either way.</summary>
    public bool TryAttempt(Guid hospitalId, string client, string? account)
    {
        using var clientLease = _byClient.AttemptAcquire($"{hospitalId:N}|{client}");
        if (!clientLease.IsAcquired)
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(account))
        {
            return true;
        }

        using var accountLease = _byAccount.AttemptAcquire($"{hospitalId:N}|{account.Trim().ToUpperInvariant()}");
        return accountLease.IsAcquired;
    }

    public void Dispose()
    {
        _byClient.Dispose();
        _byAccount.Dispose();
    }

    private static PartitionedRateLimiter<string> Limiter(int permitsPerMinute) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(
            key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    /// <summary>The middleware: after routing (the endpoint is known) and the hospital, before the page.</summary>
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (HttpMethods.IsPost(context.Request.Method)
            && context.GetEndpoint()?.Metadata.GetMetadata<SignInThrottledAttribute>() is { } throttled
            && context.RequestServices.GetRequiredService<TenantContext>().Current is { } hospital)
        {
            // The form is buffered by the framework: the page reads the same copy afterwards.
            var account = throttled.AccountField == SignInThrottledAttribute.PendingTwoFactorUser
                ? await PendingTwoFactorUserAsync(context)
                : context.Request.HasFormContentType
                    ? (await context.Request.ReadFormAsync(context.RequestAborted))[throttled.AccountField].ToString()
                    : null;
            var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var throttle = context.RequestServices.GetRequiredService<SignInThrottle>();
            if (!throttle.TryAttempt(hospital.Id, client, account))
            {
                var localizer = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "60";
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(localizer["Login.TooManyAttempts"], context.RequestAborted);
                return;
            }
        }

        await next(context);
    }

    private static async Task<string?> PendingTwoFactorUserAsync(HttpContext context)
    {
        var pending = await context.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        return pending.Principal?.FindFirstValue(ClaimTypes.Name) is { } userId ? $"2fa:{userId}" : null;
    }
}
