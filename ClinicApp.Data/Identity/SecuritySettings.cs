using ClinicApp.Data.Common;

namespace ClinicApp.Data.Identity;

/// <summary>The hospital's sign-in rules: one row per hospital database, under a fixed key so that
/// two admins saving at once cannot create a second row.</summary>
public sealed class SecuritySettings : Entity
{
    public static readonly Guid SingletonId = new("5ec0b175-0000-7000-8000-000000000001");

    public SecuritySettings() => Id = SingletonId;

    /// <summary>Administrators must sign in with an authenticator code: one without it reaches only
    /// the two-factor set-up until they have turned it on.</summary>
    public bool RequireTwoFactorForAdmins { get; set; }
}
