namespace ClinicApp.Common;

/// <summary>The authorization policies pages and endpoints name; each maps to a set of roles
/// (registered with the identity set-up in Features/Account).</summary>
public static class Policies
{
    public const string Staff = "Staff";
    public const string Admin = "Admin";
    public const string FrontDesk = "FrontDesk";
    public const string Clinical = "Clinical";
    public const string Care = "Care";

    /// <summary>A pet owner signed in to the portal (see Features/Portal).</summary>
    public const string Tutor = "Tutor";
}
