using System.Security.Claims;
using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Support;

/// <summary>The demo hospitals' own people (admin@…, vet@…), for tests that read what the demo data gives them.</summary>
public static class DemoUsers
{
    /// <summary>A scope of the demo hospital acting as its demo user of the role (vet@…, admin@…).</summary>
    public static async Task<AsyncServiceScope> ScopeAsync(ClinicAppFactory app, string slug, string role)
    {
        var hospital = await app.HospitalAsync(slug);
        var scope = app.Services.GetRequiredService<TenantScopes>().Create(hospital, "test");
        var email = role == Roles.Admin ? $"admin@{slug}.vet" : $"vet@{slug}.vet";
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetUser(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user!.Id.ToString()), new Claim(ClaimTypes.Name, email), new Claim(ClaimTypes.Role, role)], "test")));
        return scope;
    }
}
