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
}
