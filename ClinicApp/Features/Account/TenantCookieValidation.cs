using System.Security.Claims;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

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

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    public static bool BelongsTo(ClaimsPrincipal? principal, TenantInfo? tenant) =>
        tenant is not null
        && principal?.FindFirstValue(ClinicClaims.Tenant) is { } claimed
        && Guid.TryParse(claimed, out var id)
        && id == tenant.Id;
}
