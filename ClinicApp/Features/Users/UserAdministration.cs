using ClinicApp.Data.Identity;
using ClinicApp.Features.Account;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Users;

public sealed record UserRow(
    Guid Id,
    string DisplayName,
    string Email,
    IReadOnlyList<string> Roles,
    bool IsActive,
    bool IsLockedOut,
    DateTime? LastSignInAt,
    UserGender Gender = UserGender.Unspecified);

public sealed record NewUser(string DisplayName, string Email, IReadOnlyList<string> Roles, UserGender Gender = UserGender.Unspecified);

/// <summary>A refusal the admin must read; <see cref="Exception.Message"/> is a resource key.</summary>
public sealed class UserAdministrationException(string messageKey, string? detail = null) : Exception(messageKey)
{
    public string? Detail { get; } = detail;
}

/// <summary>The admin's verbs on the hospital's users. Identity's managers hold a DbContext, so each
/// operation runs in a short scope of its own (never the circuit's).</summary>
public sealed class UserAdministration(IServiceProvider circuitServices, TenantScopes scopes, HospitalEvents events, CurrentActor actor)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        await using var scope = scopes.CreateLike(circuitServices);
        var db = scope.ServiceProvider.GetRequiredService<Data.ClinicDbContext>();
        var roleNames = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name!, ct);
        var userRoles = await db.UserRoles.AsNoTracking().ToListAsync(ct);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync(ct);
        var now = DateTimeOffset.UtcNow;
        return users.Select(u => new UserRow(
                u.Id,
                u.DisplayName,
                u.Email ?? "",
                userRoles.Where(ur => ur.UserId == u.Id).Select(ur => roleNames[ur.RoleId]).OrderBy(r => r, StringComparer.Ordinal).ToList(),
                u.IsActive,
                u.LockoutEnd > now,
                u.LastSignInAt,
                u.Gender))
            .ToList();
    }

    /// <summary>Creates the user and returns the one-time password to hand them.</summary>
    public async Task<string> CreateAsync(NewUser input, CancellationToken ct = default)
    {
        // The page is only for admins, but the service must not trust its caller (a circuit can
        // invoke any handler it was ever rendered with).
        actor.Require(Roles.Admin);
        var email = input.Email.Trim();
        if (string.IsNullOrWhiteSpace(input.DisplayName))
        {
            throw new UserAdministrationException("Users.Error.NameRequired");
        }

        if (!new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email) || email.Length == 0)
        {
            throw new UserAdministrationException("Users.Error.EmailInvalid");
        }

        ValidateRoles(input.Roles);
        ValidateGender(input.Gender);
        await using var scope = scopes.CreateLike(circuitServices);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new UserAdministrationException("Users.Error.EmailTaken");
        }

        var password = HospitalProvisioning.GeneratePassword();
        // The admin hands over a one-time password: the person chooses their own at first sign-in.
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = input.DisplayName.Trim(), MustChangePassword = true, Gender = input.Gender };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRolesAsync(user, input.Roles));
        return password;
    }

    public async Task SetRolesAsync(Guid userId, IReadOnlyList<string> roles, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        ValidateRoles(roles);
        await using var scope = scopes.CreateLike(circuitServices);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new UserAdministrationException("Users.Error.NotFound");
        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && !roles.Contains(Roles.Admin))
        {
            await EnsureAnotherActiveAdminAsync(users, user);
        }

        Check(await users.RemoveFromRolesAsync(user, current.Except(roles)));
        Check(await users.AddToRolesAsync(user, roles.Except(current)));
        Check(await users.UpdateSecurityStampAsync(user));
        await events.PublishAsync(new UserChanged(user.Id));
    }

    /// <summary>Sets how the person is addressed (role labels agree with it). Not a matter of access:
    /// the stamp stays, so their sessions go on; their own menu follows at the next principal refresh.</summary>
    public async Task SetGenderAsync(Guid userId, UserGender gender, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        ValidateGender(gender);
        await using var scope = scopes.CreateLike(circuitServices);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new UserAdministrationException("Users.Error.NotFound");
        if (user.Gender == gender)
        {
            return;
        }

        user.Gender = gender;
        Check(await users.UpdateAsync(user));
    }

    public async Task SetActiveAsync(Guid userId, bool active, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        if (!active && userId == actor.UserId)
        {
            throw new UserAdministrationException("Users.Error.Self");
        }

        await using var scope = scopes.CreateLike(circuitServices);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new UserAdministrationException("Users.Error.NotFound");
        if (!active && await users.IsInRoleAsync(user, Roles.Admin))
        {
            await EnsureAnotherActiveAdminAsync(users, user);
        }

        user.IsActive = active;
        Check(await users.UpdateAsync(user));
        if (active)
        {
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
        }

        // A new stamp makes every cookie and open circuit of this user invalid.
        Check(await users.UpdateSecurityStampAsync(user));
        await events.PublishAsync(new UserChanged(user.Id));
    }

    private static async Task EnsureAnotherActiveAdminAsync(UserManager<ApplicationUser> users, ApplicationUser user)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        if (!admins.Any(a => a.Id != user.Id && a.IsActive))
        {
            throw new UserAdministrationException("Users.Error.LastAdmin");
        }
    }

    private static void ValidateRoles(IReadOnlyList<string> roles)
    {
        if (roles.Count == 0)
        {
            throw new UserAdministrationException("Users.Error.RoleRequired");
        }

        if (roles.Any(r => !Roles.All.Contains(r)))
        {
            throw new UserAdministrationException("Users.Error.RoleUnknown");
        }
    }

    // The column is an int: a value outside the enum would be stored and shown as nothing sensible.
    private static void ValidateGender(UserGender gender)
    {
        if (!Enum.IsDefined(gender))
        {
            throw new UserAdministrationException("Users.Error.GenderUnknown");
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new UserAdministrationException("Users.Error.Identity", string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

