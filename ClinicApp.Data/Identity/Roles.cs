namespace ClinicApp.Data.Identity;

/// <summary>The roles of a hospital, as DOMAIN.md names them.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Veterinarian = "Veterinarian";
    public const string Nurse = "Nurse";
    public const string Receptionist = "Receptionist";
    public const string Tutor = "Tutor";

    public static IReadOnlyList<string> All { get; } = [Admin, Veterinarian, Nurse, Receptionist, Tutor];

    /// <summary>Staff roles: everyone who works at the hospital (not tutors).</summary>
    public const string Staff = Admin + "," + Veterinarian + "," + Nurse + "," + Receptionist;
}
