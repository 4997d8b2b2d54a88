using ClinicApp.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Tests.Unit.Localization;

/// <summary>A role is named for the person: pt-BR agrees with their form of address, English has one word.</summary>
public sealed class RoleNamesTests
{
    private static IStringLocalizer<SharedResource> Localizer() =>
        new ServiceCollection().AddClinicTexts().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();

    [Theory]
    [InlineData(Roles.Veterinarian, UserGender.Female, "Veterinária")]
    [InlineData(Roles.Veterinarian, UserGender.Male, "Veterinário")]
    [InlineData(Roles.Veterinarian, UserGender.Unspecified, "Veterinário")]
    [InlineData(Roles.Nurse, UserGender.Female, "Enfermeira")]
    [InlineData(Roles.Nurse, UserGender.Male, "Enfermeiro")]
    [InlineData(Roles.Admin, UserGender.Female, "Administradora")]
    [InlineData(Roles.Admin, UserGender.Unspecified, "Administrador")]
    [InlineData(Roles.Receptionist, UserGender.Female, "Recepcionista")]
    [InlineData(Roles.Receptionist, UserGender.Male, "Recepcionista")]
    [InlineData(Roles.Tutor, UserGender.Female, "Tutora")]
    public void Portuguese_agrees_with_the_person(string role, UserGender gender, string expected)
    {
        using var _ = new CultureScope("pt-BR");

        Assert.Equal(expected, RoleNames.For(role, gender, Localizer()));
    }

    [Theory]
    [InlineData(Roles.Veterinarian, "Veterinarian")]
    [InlineData(Roles.Nurse, "Nurse")]
    [InlineData(Roles.Admin, "Administrator")]
    public void English_has_the_same_word_for_everyone(string role, string expected)
    {
        using var _ = new CultureScope("en");
        var localizer = Localizer();

        Assert.All(Enum.GetValues<UserGender>(), gender => Assert.Equal(expected, RoleNames.For(role, gender, localizer)));
    }

    [Fact]
    public void Several_roles_are_joined_in_the_person_s_form()
    {
        using var _ = new CultureScope("pt-BR");

        Assert.Equal("Administradora, Veterinária", RoleNames.Join([Roles.Admin, Roles.Veterinarian], UserGender.Female, Localizer()));
    }

    [Theory]
    [InlineData("Female", UserGender.Female)]
    [InlineData("Male", UserGender.Male)]
    [InlineData(null, UserGender.Unspecified)]
    [InlineData("1", UserGender.Unspecified)]
    [InlineData("7", UserGender.Unspecified)]
    [InlineData("Other", UserGender.Unspecified)]
    public void A_claimed_value_is_read_or_taken_as_unspecified(string? value, UserGender expected) =>
        Assert.Equal(expected, RoleNames.Parse(value));
}
