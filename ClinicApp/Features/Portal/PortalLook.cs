using System.Globalization;
using ClinicApp.Data.FrontDesk;
using MudBlazor;

namespace ClinicApp.Features.Portal;

/// <summary>How the portal shows a pet: a round avatar with its initial, coloured by species, so a tutor
/// with a dog and a cat of similar names tells them apart at a glance.</summary>
public static class PortalLook
{
    public static Color SpeciesColour(Species species) => species switch
    {
        Species.Dog => Color.Primary,
        Species.Cat => Color.Secondary,
        Species.Bird => Color.Info,
        Species.Rabbit => Color.Success,
        Species.Rodent => Color.Warning,
        _ => Color.Tertiary,
    };

    public static string Initial(string name) =>
        name.Trim() is { Length: > 0 } trimmed ? StringInfoFirst(trimmed).ToUpper(CultureInfo.CurrentCulture) : "?";

    public static string Kilograms(decimal kg) => $"{kg.ToString("0.##", CultureInfo.CurrentCulture)} kg";

    /// <summary>The first text element (an accented letter or an emoji is one, whatever its UTF-16 length).</summary>
    private static string StringInfoFirst(string text) => StringInfo.GetNextTextElement(text, 0);
}
