using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Account;

/// <summary>The Admin's sign-in rules for the hospital.</summary>
public sealed class SecuritySettingsService(
    ClinicDbFactory dbFactory,
    CurrentActor actor,
    TenantContext tenant,
    TenantScopes scopes,
    SecurityPolicyCache policy,
    HospitalEvents events)
{
    public async Task<bool> RequiresAdminTwoFactorAsync(CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SecuritySettings.AsNoTracking().AnyAsync(s => s.RequireTwoFactorForAdmins, ct);
    }

    /// <summary>Requires (or stops requiring) two-factor for every administrator. An admin can only
    /// require it once their own account has it, so that saving never locks them out of the page
    /// they are on; other admins without it are sent to set it up at their next step.</summary>
    public async Task SetRequireAdminTwoFactorAsync(bool required, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        if (required && !await ActorHasTwoFactorAsync())
        {
            throw new DomainRuleException("Security.Error.OwnTwoFactorFirst");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.SecuritySettings.FirstOrDefaultAsync(ct);
        if (settings is null)
        {
            settings = new SecuritySettings();
            db.SecuritySettings.Add(settings);
        }

        settings.RequireTwoFactorForAdmins = required;
        await db.SaveChangesAsync(ct);
        policy.Forget(tenant.Tenant.Id);
        await events.PublishAsync(new SecuritySettingsChanged());
    }

    private async Task<bool> ActorHasTwoFactorAsync()
    {
        if (actor.UserId is not { } userId)
        {
            return false;
        }

        // UserManager is scoped to one operation (its context tracks the user it reads).
        await using var scope = scopes.Create(tenant.Tenant);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.FindByIdAsync(userId.ToString()) is { } user && await users.GetTwoFactorEnabledAsync(user);
    }
}
