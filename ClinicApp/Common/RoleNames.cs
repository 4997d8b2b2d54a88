using ClinicApp.Data.Identity;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Common;

/// <summary>The one place that names a role for a person: pt-BR agrees the label with the person's
/// form of address ("Veterinária", "Enfermeira"); languages without gendered forms keep the same word
/// under both keys. Unspecified and Male use the plain key (the masculine, pt-BR's default).</summary>
public static class RoleNames
{
    public static string For(string role, UserGender gender, IStringLocalizer localizer)
    {
        if (gender == UserGender.Female && localizer[$"Role.{role}.Female"] is { ResourceNotFound: false } female)
        {
            return female.Value;
        }

        return localizer[$"Role.{role}"].Value;
    }

    public static string Join(IEnumerable<string> roles, UserGender gender, IStringLocalizer localizer) =>
        string.Join(", ", roles.Select(r => For(r, gender, localizer)));

    /// <summary>Reads a stored or claimed value; anything unknown is Unspecified (never a wrong form).</summary>
    public static UserGender Parse(string? value) =>
        Enum.TryParse<UserGender>(value, ignoreCase: false, out var gender) && Enum.IsDefined(gender) && !int.TryParse(value, out _)
            ? gender
            : UserGender.Unspecified;
}
