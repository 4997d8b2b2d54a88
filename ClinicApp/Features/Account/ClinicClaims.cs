namespace ClinicApp.Features.Account;

public static class ClinicClaims
{
    /// <summary>The id of the hospital the sign-in happened at; a cookie is only good there.</summary>
    public const string Tenant = "clinicapp:tenant";

    public const string DisplayName = "clinicapp:display-name";

    /// <summary>The person's form of address (a <c>UserGender</c> name): their role labels agree with it.</summary>
    public const string Gender = "clinicapp:gender";

    /// <summary>"true" while the person still holds a one-time password (see AccountSetUpGate).</summary>
    public const string MustChangePassword = "clinicapp:must-change-password";

    /// <summary>"true" when the person signs in with an authenticator code (see AccountSetUpGate).</summary>
    public const string TwoFactorEnabled = "clinicapp:two-factor";
}

/// <summary>Published when an admin changes a user (roles, deactivation): that user's open screens
/// re-check who they are at once.</summary>
public sealed record UserChanged(Guid UserId);
