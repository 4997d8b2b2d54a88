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

    /// <summary>Who registers tutors and pets and books, moves and cancels appointments.</summary>
    public const string FrontDesk = Admin + "," + Veterinarian + "," + Receptionist;

    /// <summary>Who edits clinical data (allergies, alerts, weights, deceased).</summary>
    public const string Clinical = Admin + "," + Veterinarian;

    /// <summary>Who records care given (vaccines, doses, vitals, notes).</summary>
    public const string Care = Admin + "," + Veterinarian + "," + Nurse;

    public static IReadOnlyList<string> Split(string roles) => roles.Split(',');
}
