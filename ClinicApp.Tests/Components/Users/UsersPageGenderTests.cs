using Bunit;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Users;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.Users;

/// <summary>The user list names each person's roles in their own form of address.</summary>
[Collection(AppCollection.Name)]
public sealed class UsersPageGenderTests(AppFixture fixture) : LiveComponentTestContext(fixture, Roles.Admin, Roles.Admin)
{
    private readonly AppFixture _fixture = fixture;

    [Fact]
    public async Task A_female_vet_is_a_veterinaria_and_a_male_vet_a_veterinario()
    {
        // The list pages by 25 in name order on a hospital many tests add users to: these sort first.
        var she = await CreateVetAsync($"Aaa Dra. Lia {Guid.NewGuid():N}", UserGender.Female);
        var he = await CreateVetAsync($"Aaa Dr. Caio {Guid.NewGuid():N}", UserGender.Male);
        using var _ = new CultureScope("pt-BR");

        var cut = Render<UsersPage>();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Veterinária", RolesOf(cut, she));
            Assert.Equal("Veterinário", RolesOf(cut, he));
        }, Wait);
    }

    private static string RolesOf(IRenderedComponent<UsersPage> cut, string email) =>
        cut.FindAll("[data-testid=users-table] tbody tr")
            .Single(row => row.TextContent.Contains(email, StringComparison.Ordinal))
            .QuerySelectorAll(".mud-chip")[0].TextContent.Trim();

    private async Task<string> CreateVetAsync(string name, UserGender gender)
    {
        var email = $"vet-{Guid.NewGuid():N}@aurora.test";
        await _fixture.App.Services.GetRequiredService<HospitalProvisioning>()
            .EnsureUserAsync(await _fixture.App.HospitalAsync("aurora"), email, name, [Roles.Veterinarian], TestUsers.Password, gender: gender);
        return email;
    }
}
