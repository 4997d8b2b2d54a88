using System.Security.Claims;
using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ClinicApp.Features.Account;

/// <summary>All hospitals share one Data Protection key ring, so a cookie issued by one would
/// decrypt at another. Every request therefore checks that the principal's hospital is the
/// request's hospital before anything else, then lets Identity check the security stamp.</summary>
public static class TenantCookieValidation
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var tenantContext = context.HttpContext.RequestServices.GetRequiredService<TenantContext>();
        if (tenantContext.Current is null && context.HttpContext.Features.Get<TenantFeature>() is { } resolved)
        {
            // A status-code page (404) is re-executed in a scope of its own: the hospital this request
            // was resolved to still applies, or every 404 would sign the person out.
            tenantContext.Set(resolved.Tenant);
        }

        var tenant = tenantContext.Current;
        if (!BelongsTo(context.Principal, tenant))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        // Identity compares the stamp only every few minutes (and refreshes the claims then); a
        // deactivated user or a changed role must fail on their very next download or API call.
        if (!await StampIsCurrentAsync(context, tenant!))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    private static async Task<bool> StampIsCurrentAsync(CookieValidatePrincipalContext context, TenantInfo tenant)
    {
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        if (!Guid.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            || context.Principal.FindFirstValue(stampClaim) is not { } stamp)
        {
            return false;
        }

        var current = await services.GetRequiredService<UserStampCache>().StampAsync(tenant.Id, userId, async () =>
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            return await users.FindByIdAsync(userId.ToString()) is { IsActive: true } user
                ? await users.GetSecurityStampAsync(user)
                : null;
        });
        return current is not null && string.Equals(current, stamp, StringComparison.Ordinal);
    }

    public static bool BelongsTo(ClaimsPrincipal? principal, TenantInfo? tenant) =>
        tenant is not null
        && principal?.FindFirstValue(ClinicClaims.Tenant) is { } claimed
        && Guid.TryParse(claimed, out var id)
        && id == tenant.Id;
}
