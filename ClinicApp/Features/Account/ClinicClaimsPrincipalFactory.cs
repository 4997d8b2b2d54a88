using System.Security.Claims;
using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ClinicApp.Features.Account;

/// <summary>Stamps every principal with the hospital it was issued at, and the person's name.</summary>
public sealed class ClinicClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<ApplicationRole> roleManager,
    IOptions<IdentityOptions> options,
    TenantContext tenant)
    : UserClaimsPrincipalFactory<ApplicationUser, ApplicationRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClinicClaims.Tenant, tenant.Tenant.Id.ToString()));
        identity.AddClaim(new Claim(ClinicClaims.DisplayName, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? "" : user.DisplayName));
        identity.AddClaim(new Claim(ClinicClaims.Gender, user.Gender.ToString()));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(ClinicClaims.MustChangePassword, "true"));
        }

        if (user.TwoFactorEnabled)
        {
            identity.AddClaim(new Claim(ClinicClaims.TwoFactorEnabled, "true"));
        }

        return identity;
    }
}
