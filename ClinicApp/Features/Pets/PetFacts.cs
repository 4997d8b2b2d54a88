using ClinicApp.Data.FrontDesk;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ClinicApp.Features.Pets;

/// <summary>How a pet is shown wherever it appears: its species' icon, its alerts, its age in words.</summary>
public static class PetFacts
{
    public static string Icon(Species species) => species switch
    {
        Species.Bird => Icons.Material.Filled.FlutterDash,
        Species.Rabbit => Icons.Material.Filled.CrueltyFree,
        _ => Icons.Material.Filled.Pets,
    };

    public static IReadOnlyList<PetAlerts> Alerts(PetAlerts alerts) =>
        Enum.GetValues<PetAlerts>().Where(a => a != PetAlerts.None && alerts.HasFlag(a)).ToList();

    /// <summary>"Macho · Castrado · 3 anos": what is known of sex, neutering and age.</summary>
    public static string Traits(IStringLocalizer l, Pet pet, DateOnly today)
    {
        var traits = new List<string>();
        if (pet.Sex != PetSex.Unknown)
        {
            traits.Add(l[$"PetSex.{pet.Sex}"]);
        }

        if (pet.Neutered)
        {
            traits.Add(Neutered(l, pet.Sex));
        }

        if (Age(l, pet, today) is { } age)
        {
            traits.Add(age);
        }

        return string.Join(" · ", traits);
    }

    /// <summary>"Castrado" or, for a female, "Castrada".</summary>
    public static string Neutered(IStringLocalizer l, PetSex sex) =>
        sex == PetSex.Female ? l["Pets.NeuteredFemale"] : l["Pets.Neutered"];

    /// <summary>The pet's age today, or on the day it died; null when its birth date is unknown.</summary>
    public static string? Age(IStringLocalizer l, Pet pet, DateOnly today) =>
        pet.BirthDate is { } birth ? Age(l, birth, pet.BirthDateEstimated, pet.Deceased && pet.DeceasedOn is { } died ? died : today) : null;

    /// <summary>"3 anos e 2 meses"; estimated ages start with "~".</summary>
    public static string Age(IStringLocalizer l, DateOnly birth, bool estimated, DateOnly today)
    {
        var (years, months) = PetService.Age(birth, today);
        var yearsText = years == 1 ? l["Pets.Age.OneYear"].Value : l["Pets.Age.Years", years].Value;
        var monthsText = months == 1 ? l["Pets.Age.OneMonth"].Value : l["Pets.Age.Months", months].Value;
        var text = (years, months) switch
        {
            (0, 0) => l["Pets.Age.Newborn"].Value,
            (0, _) => monthsText,
            (_, 0) => yearsText,
            _ => l["Pets.Age.YearsAndMonths", yearsText, monthsText].Value,
        };
        return estimated ? "~" + text : text;
    }
}
