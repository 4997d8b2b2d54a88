using System.Security.Claims;
using ClinicApp.Data.Identity;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Account;

/// <summary>A person's own password: change it, ask for a reset link, reset it. Every change ends
/// the person's other sessions (new security stamp, <see cref="UserChanged"/>).</summary>
public sealed class PasswordService(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    HospitalMailer mailer,
    HospitalEvents events,
    UserStampCache stamps,
    TenantContext tenant,
    IStringLocalizer<SharedResource> localizer,
    ILogger<PasswordService> logger)
{
    /// <summary>Changes the signed-in person's password; null on success, else the errors to show.</summary>
    public async Task<IReadOnlyList<string>?> ChangeAsync(ClaimsPrincipal principal, string current, string next)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || !user.IsActive)
        {
            return [localizer["Password.Error.NotSignedIn"]];
        }

        var result = await users.ChangePasswordAsync(user, current, next);
        if (!result.Succeeded)
        {
            return Describe(result);
        }

        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await AfterChangeAsync(user);
        // This browser keeps its session with a cookie of the new stamp (and without the forced-change mark).
        await signIn.RefreshSignInAsync(user);
        return null;
    }

    /// <summary>Sends a reset link when the address is an active account of this hospital; says
    /// nothing either way (the page answers the same), so it cannot tell who has an account.</summary>
    public async Task RequestResetAsync(string email, string resetPageUrl, CancellationToken ct = default)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || !user.IsActive)
        {
            logger.LogInformation("Password reset asked for an address without an active account");
            return;
        }

        // Identity's token embeds the security stamp: it dies with the first reset (single use) and
        // after DataProtectionTokenProviderOptions.TokenLifespan.
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"{resetPageUrl}?email={Uri.EscapeDataString(user.Email!)}&token={Uri.EscapeDataString(token)}";
        using (HospitalCulture.Use(tenant.Tenant))
        {
            // Queued in the outbox like every e-mail: the dispatcher sends it (and retries), the page answers at once.
            await mailer.EnqueueAsync(new EmailDraft(
                user.Email!,
                user.DisplayName,
                localizer["Password.Reset.EmailSubject"],
                [localizer["Password.Reset.EmailGreeting", user.DisplayName], localizer["Password.Reset.EmailBody"]],
                (localizer["Password.Reset.EmailButton"], link)), ct);
        }
    }

    /// <summary>Sets a new password with a reset token; null on success, else the errors to show.</summary>
    public async Task<IReadOnlyList<string>?> ResetAsync(string email, string token, string next)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || !user.IsActive)
        {
            return [localizer["Password.Error.InvalidLink"]];
        }

        var result = await users.ResetPasswordAsync(user, token, next);
        if (!result.Succeeded)
        {
            return result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
                ? [localizer["Password.Error.InvalidLink"]]
                : Describe(result);
        }

        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        // A person who proved they own the address is no longer locked out by someone else's guesses.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await AfterChangeAsync(user);
        return null;
    }

    private async Task AfterChangeAsync(ApplicationUser user)
    {
        stamps.Forget(tenant.Tenant.Id, user.Id);
        await events.PublishAsync(new UserChanged(user.Id));
    }

    private List<string> Describe(IdentityResult result) => Describe(result, localizer);

    /// <summary>What a refused password change says to the person, one line per kind of refusal; shared
    /// by every page that sets a password (change, reset, the portal invitation).</summary>
    public static List<string> Describe(IdentityResult result, IStringLocalizer localizer) =>
        result.Errors.Select(e => e.Code switch
        {
            nameof(IdentityErrorDescriber.PasswordMismatch) => localizer["Password.Error.CurrentWrong"].Value,
            nameof(IdentityErrorDescriber.PasswordTooShort) => localizer["Password.Error.TooShort"].Value,
            _ => localizer["Password.Error.Weak"].Value,
        }).Distinct().ToList();
}
