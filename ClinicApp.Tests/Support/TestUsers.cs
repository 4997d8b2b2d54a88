using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Support;

/// <summary>Builds users for a test, each with a unique email, so tests never share (or lock) one.</summary>
public sealed class TestUsers(ClinicAppFactory app)
{
    public const string Password = "Test@Password1";

    public async Task<string> CreateAsync(string slug, string role, string? name = null)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@{slug}.test";
        var tenant = await app.HospitalAsync(slug);
        await app.Services.GetRequiredService<HospitalProvisioning>()
            .EnsureUserAsync(tenant, email, name ?? $"Test {role}", [role], Password);
        return email;
    }

    public async Task<ApplicationUser> FindAsync(string slug, string email)
    {
        await using var scope = await ScopeAsync(slug);
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException(email);
    }

    public async Task DeactivateAsync(string slug, string email)
    {
        await using var scope = await ScopeAsync(slug);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException(email);
        user.IsActive = false;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
    }

    public async Task<AsyncServiceScope> ScopeAsync(string slug) =>
        app.Services.GetRequiredService<TenantScopes>().Create(await app.HospitalAsync(slug), "test");
}
