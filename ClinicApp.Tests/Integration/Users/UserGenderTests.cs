using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Account;
using ClinicApp.Features.Users;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Users;

/// <summary>The form of address is the admin's to set, only to a value that exists, and it reaches
/// the signed-in person's principal (their menu names their role with it).</summary>
[Collection(AppCollection.Name)]
public sealed class UserGenderTests(AppFixture fixture)
{
    public static TheoryData<string> NonAdmins => new() { Roles.Veterinarian, Roles.Nurse, Roles.Receptionist, Roles.Tutor };

    [Theory]
    [MemberData(nameof(NonAdmins))]
    public async Task A_non_admin_cannot_change_the_form_of_address_and_it_stays(string role)
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", role);
        var target = await CreateAsync(UserGender.Male);

        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => Admin(desk).SetGenderAsync(target.Id, UserGender.Female));

        Assert.Equal("Common.Error.NotAllowed", refused.Message);
        Assert.Equal(UserGender.Male, (await Users().FindAsync("aurora", target.Email!)).Gender);
    }

    [Fact]
    public async Task An_undefined_form_of_address_is_refused_on_change_and_kept_as_it_was()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Admin);
        var target = await CreateAsync(UserGender.Female);

        var refused = await Assert.ThrowsAsync<UserAdministrationException>(() => Admin(desk).SetGenderAsync(target.Id, (UserGender)7));

        Assert.Equal("Users.Error.GenderUnknown", refused.Message);
        Assert.Equal(UserGender.Female, (await Users().FindAsync("aurora", target.Email!)).Gender);
    }

    [Fact]
    public async Task An_undefined_form_of_address_is_refused_on_create_and_no_user_is_made()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Admin);
        var email = $"odd-{Guid.NewGuid():N}@aurora.test";

        var refused = await Assert.ThrowsAsync<UserAdministrationException>(() =>
            Admin(desk).CreateAsync(new NewUser("Odd", email, [Roles.Nurse], (UserGender)(-1))));

        Assert.Equal("Users.Error.GenderUnknown", refused.Message);
        await using var scope = await Users().ScopeAsync("aurora");
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task An_admin_creates_and_changes_it_and_the_list_shows_it_without_ending_the_person_s_sessions()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Admin);
        var email = $"new-{Guid.NewGuid():N}@aurora.test";

        await Admin(desk).CreateAsync(new NewUser("Nova Enfermeira", email, [Roles.Nurse], UserGender.Female));
        var created = await Users().FindAsync("aurora", email);
        Assert.Equal(UserGender.Female, created.Gender);

        await Admin(desk).SetGenderAsync(created.Id, UserGender.Male);

        var after = await Users().FindAsync("aurora", email);
        Assert.Equal(UserGender.Male, after.Gender);
        Assert.Equal(created.SecurityStamp, after.SecurityStamp);
        Assert.Contains(await Admin(desk).ListAsync(), u => u.Email == email && u.Gender == UserGender.Male);
    }

    [Fact]
    public async Task The_signed_in_principal_carries_the_form_of_address()
    {
        var user = await CreateAsync(UserGender.Female);
        await using var scope = await Users().ScopeAsync("aurora");

        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);

        Assert.Equal("Female", principal.FindFirst(ClinicClaims.Gender)?.Value);
    }

    private TestUsers Users() => new(fixture.App);

    private async Task<ApplicationUser> CreateAsync(UserGender gender)
    {
        var email = $"vet-{Guid.NewGuid():N}@aurora.test";
        await fixture.App.Services.GetRequiredService<HospitalProvisioning>()
            .EnsureUserAsync(await fixture.App.HospitalAsync("aurora"), email, "Vet", [Roles.Veterinarian], TestUsers.Password, gender: gender);
        return await Users().FindAsync("aurora", email);
    }

    private static UserAdministration Admin(Desk desk) => desk.Services.GetRequiredService<UserAdministration>();
}
