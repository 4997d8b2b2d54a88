using Microsoft.AspNetCore.Identity;

namespace ClinicApp.Data.Identity;

public class ApplicationUser : IdentityUser<Guid>
{
    public ApplicationUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public string DisplayName { get; set; } = "";

    /// <summary>A deactivated user cannot sign in and their open screens stop working.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>The language the user chose (en or pt-BR); null follows the hospital's.</summary>
    public string? PreferredCulture { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }

    /// <summary>Set when the user was given a one-time password: every page sends them to change it
    /// before anything else.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>How the person is addressed: role labels agree with it (pt-BR "Veterinária").</summary>
    public UserGender Gender { get; set; }
}

/// <summary>The form of address of a user; Unspecified uses the languages' default (masculine in pt-BR).</summary>
public enum UserGender
{
    Unspecified = 0,
    Female = 1,
    Male = 2,
}
