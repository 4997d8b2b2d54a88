namespace ClinicApp.Features.Account;

/// <summary>Where the sign-in asks for the second factor.</summary>
public static class TwoFactorLogin
{
    public const string Path = "/account/login-2fa";
}
