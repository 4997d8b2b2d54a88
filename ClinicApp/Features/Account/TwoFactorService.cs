using System.Security.Claims;
using System.Text;
using ClinicApp.Data.Identity;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Identity;
using QRCoder;

namespace ClinicApp.Features.Account;

/// <summary>What the two-factor page shows: either the set-up (key, QR code) or that it is on; and
/// whether the hospital requires it of this person (then it cannot be turned off).</summary>
public sealed record TwoFactorState(bool Enabled, string? SharedKey, string? QrCodeDataUri, int RecoveryCodesLeft, bool Required);

public enum TwoFactorDisableResult
{
    Disabled,
    WrongProof,

    /// <summary>The hospital requires two-factor of administrators.</summary>
    Required,
}

/// <summary>A person's own two-factor sign-in with an authenticator app (TOTP, Identity's
/// authenticator token provider): set up, turn on with a code, turn off with a code or the password.</summary>
public sealed class TwoFactorService(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    IUserStore<ApplicationUser> store,
    HospitalEvents events,
    UserStampCache stamps,
    SecurityPolicyCache policy,
    TenantContext tenant)
{
    public const int RecoveryCodeCount = 10;

    /// <summary>The state of the signed-in person; null when nobody (active) is signed in.</summary>
    public async Task<TwoFactorState?> GetAsync(ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal);
        if (user is not { IsActive: true })
        {
            return null;
        }

        var required = await IsRequiredAsync(principal);
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return new TwoFactorState(true, null, null, await users.CountRecoveryCodesAsync(user), required);
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // A pending key protects nothing until a code proves the app holds it, so it is stored
            // without UserManager.ResetAuthenticatorKeyAsync's new security stamp: opening this page
            // must not end the person's other sessions.
            key = users.GenerateNewAuthenticatorKey();
            await ((IUserAuthenticatorKeyStore<ApplicationUser>)store).SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
            await users.UpdateAsync(user);
        }

        return new TwoFactorState(false, FormatKey(key), QrCode(AuthenticatorUri(user.Email!, key)), 0, required);
    }

    /// <summary>Turns two-factor on when the code matches the pending key; the recovery codes (shown
    /// once) on success, null for a wrong code.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(ClaimsPrincipal principal, string code)
    {
        var user = await users.GetUserAsync(principal);
        if (user is not { IsActive: true } || await users.GetTwoFactorEnabledAsync(user))
        {
            return null;
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Normalize(code)))
        {
            // Guessing counts like a wrong password: a stolen session cannot try codes forever.
            await users.AccessFailedAsync(user);
            return null;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        await AfterChangeAsync(user);
        return codes;
    }

    /// <summary>Turns two-factor off, proven by a current code or the password; refused while the
    /// hospital requires it of the person.</summary>
    public async Task<TwoFactorDisableResult> DisableAsync(ClaimsPrincipal principal, string codeOrPassword)
    {
        var user = await users.GetUserAsync(principal);
        if (user is not { IsActive: true } || !await users.GetTwoFactorEnabledAsync(user))
        {
            return TwoFactorDisableResult.WrongProof;
        }

        if (await IsRequiredAsync(principal))
        {
            return TwoFactorDisableResult.Required;
        }

        var proven = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Normalize(codeOrPassword))
            || await users.CheckPasswordAsync(user, codeOrPassword);
        if (!proven)
        {
            await users.AccessFailedAsync(user);
            return TwoFactorDisableResult.WrongProof;
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        // A later set-up starts from a new key, and the old recovery codes die with this one.
        await users.ResetAuthenticatorKeyAsync(user);
        await ((IUserTwoFactorRecoveryCodeStore<ApplicationUser>)store).ReplaceCodesAsync(user, [], CancellationToken.None);
        await users.UpdateAsync(user);
        await AfterChangeAsync(user);
        return TwoFactorDisableResult.Disabled;
    }

    /// <summary>Whether a sign-in code is an authenticator code (6 digits) rather than a recovery code.</summary>
    public static bool IsAuthenticatorCode(string code) => Normalize(code) is { Length: 6 } digits && digits.All(char.IsAsciiDigit);

    /// <summary>Apps show "123 456"; people type it so.</summary>
    public static string Normalize(string code) => code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();

    // The roles come from the principal: they are what the gate sees on every request.
    private async Task<bool> IsRequiredAsync(ClaimsPrincipal principal) =>
        principal.IsInRole(Roles.Admin) && await policy.RequiresAdminTwoFactorAsync(tenant.Tenant);

    private async Task AfterChangeAsync(ApplicationUser user)
    {
        // Turning it on or off changes the security stamp: other sessions end, this one is re-issued.
        stamps.Forget(tenant.Tenant.Id, user.Id);
        await events.PublishAsync(new UserChanged(user.Id));
        await signIn.RefreshSignInAsync(user);
    }

    private string AuthenticatorUri(string email, string key)
    {
        var issuer = Uri.EscapeDataString($"ClinicApp {tenant.Tenant.Name}");
        return $"otpauth://totp/{issuer}:{Uri.EscapeDataString(email)}?secret={key}&issuer={issuer}&digits=6";
    }

    private static string QrCode(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.Q);
        using var png = new PngByteQRCode(data);
        // A data URI: the content security policy allows img-src data:, and nothing leaves the server.
        return $"data:image/png;base64,{Convert.ToBase64String(png.GetGraphic(5))}";
    }

    private static string FormatKey(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return text.ToString().TrimEnd().ToLowerInvariant();
    }
}
