using System.Security.Claims;
using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;

namespace ClinicApp.Features.Account;

/// <summary>Marks an endpoint a person whose account is not set up yet may still use (the password
/// change, the two-factor set-up, signing out).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AllowedDuringAccountSetUpAttribute : Attribute;

/// <summary>Keeps a person whose account the hospital does not accept yet on the page that fixes it:
/// one signed in with a one-time password (<see cref="ApplicationUser.MustChangePassword"/>) goes to
/// the password change; an administrator without two-factor, when the hospital requires it
/// (<see cref="SecuritySettings.RequireTwoFactorForAdmins"/>), goes to the two-factor set-up. Pages
/// redirect; downloads and API calls get 403.</summary>
public static class AccountSetUpGate
{
    public const string ChangePasswordPath = "/account/password";

    public const string TwoFactorPath = "/account/two-factor";

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.User.Identity?.IsAuthenticated == true
            && context.GetEndpoint()?.Metadata is { } metadata
            // Every page (some, like the home, decide what to show without [Authorize]) and every
            // endpoint that needs a sign-in; static files and the language switch stay open.
            && (metadata.GetMetadata<ComponentTypeMetadata>() is not null || metadata.GetMetadata<IAuthorizeData>() is not null)
            && metadata.GetMetadata<AllowedDuringAccountSetUpAttribute>() is null
            && await PendingStepAsync(context) is { } path)
        {
            if (HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.Redirect($"{context.Request.PathBase}{path}");
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
            }

            return;
        }

        await next(context);
    }

    /// <summary>Whether an administrator is held back by the hospital's two-factor rule: the claim
    /// says whether they have it, the cached policy whether it is required.</summary>
    public static async Task<bool> MissesRequiredTwoFactorAsync(ClaimsPrincipal user, TenantInfo tenant, SecurityPolicyCache policy) =>
        user.IsInRole(Roles.Admin)
        && !user.HasClaim(ClinicClaims.TwoFactorEnabled, "true")
        && await policy.RequiresAdminTwoFactorAsync(tenant);

    private static async Task<string?> PendingStepAsync(HttpContext context)
    {
        if (context.User.HasClaim(ClinicClaims.MustChangePassword, "true"))
        {
            return ChangePasswordPath;
        }

        var tenant = context.RequestServices.GetRequiredService<TenantContext>();
        return tenant.Current is { } current
            && await MissesRequiredTwoFactorAsync(context.User, current, context.RequestServices.GetRequiredService<SecurityPolicyCache>())
            ? TwoFactorPath
            : null;
    }
}
