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
        var tenant = context.HttpContext.RequestServices.GetRequiredService<TenantContext>().Current;
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
