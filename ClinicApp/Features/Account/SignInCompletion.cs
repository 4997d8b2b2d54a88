using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace ClinicApp.Features.Account;

/// <summary>What follows a successful sign-in, whether it ended at the password or at the second factor.</summary>
public static class SignInCompletion
{
    public static async Task CompleteAsync(
        ApplicationUser user,
        SignInManager<ApplicationUser> signIn,
        UserManager<ApplicationUser> users,
        CurrentActor actor,
        TimeProvider time,
        HttpContext context)
    {
        // The request was anonymous until now: the audit entry of this sign-in is the user's.
        actor.SetUser(await signIn.CreateUserPrincipalAsync(user));
        user.LastSignInAt = time.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        if (user.PreferredCulture is { } culture && Localization.Supported.Contains(culture))
        {
            Localization.RememberCulture(context, culture);
        }
    }
}
