using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Users;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Users;

/// <summary>The service checks the actor itself: the page's [Authorize] is not the only guard.</summary>
[Collection(AppCollection.Name)]
public sealed class UserAdministrationPermissionTests(AppFixture fixture)
{
    public static TheoryData<string> NonAdmins => new() { Roles.Veterinarian, Roles.Nurse, Roles.Receptionist, Roles.Tutor };

    [Theory]
    [MemberData(nameof(NonAdmins))]
    public async Task A_non_admin_cannot_create_a_user_and_none_is_created(string role)
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", role);
        var email = $"intruder-{Guid.NewGuid():N}@aurora.test";

        var refused = await Assert.ThrowsAsync<DomainRuleException>(() =>
            Admin(desk).CreateAsync(new NewUser("Intruder", email, [Roles.Admin])));

        Assert.Equal("Common.Error.NotAllowed", refused.Message);
        Assert.Null(await FindAsync(desk, email));
    }

    [Theory]
    [MemberData(nameof(NonAdmins))]
    public async Task A_non_admin_cannot_change_roles_and_they_stay(string role)
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", role);
        var target = await new TestUsers(fixture.App).CreateAsync("aurora", Roles.Nurse);
        var user = (await FindAsync(desk, target))!;

        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => Admin(desk).SetRolesAsync(user.Id, [Roles.Admin]));

        Assert.Equal("Common.Error.NotAllowed", refused.Message);
        await using var scope = await new TestUsers(fixture.App).ScopeAsync("aurora");
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.Equal([Roles.Nurse], await users.GetRolesAsync((await users.FindByEmailAsync(target))!));
        Assert.Equal(user.SecurityStamp, (await users.FindByEmailAsync(target))!.SecurityStamp);
    }

    [Theory]
    [MemberData(nameof(NonAdmins))]
    public async Task A_non_admin_cannot_deactivate_a_user_and_they_stay_active(string role)
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", role);
        var target = await new TestUsers(fixture.App).CreateAsync("aurora", Roles.Veterinarian);
        var user = (await FindAsync(desk, target))!;

        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => Admin(desk).SetActiveAsync(user.Id, false));

        Assert.Equal("Common.Error.NotAllowed", refused.Message);
        var after = (await FindAsync(desk, target))!;
        Assert.True(after.IsActive);
        Assert.Equal(user.SecurityStamp, after.SecurityStamp);
    }

    [Theory]
    [MemberData(nameof(NonAdmins))]
    public async Task A_non_admin_cannot_list_the_users(string role)
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", role);

        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => Admin(desk).ListAsync());

        Assert.Equal("Common.Error.NotAllowed", refused.Message);
    }

    [Fact]
    public async Task An_admin_still_creates_changes_and_deactivates()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Admin);
        var email = $"new-{Guid.NewGuid():N}@aurora.test";

        await Admin(desk).CreateAsync(new NewUser("New Nurse", email, [Roles.Nurse]));
        var user = (await FindAsync(desk, email))!;
        await Admin(desk).SetRolesAsync(user.Id, [Roles.Veterinarian]);
        await Admin(desk).SetActiveAsync(user.Id, false);

        Assert.False((await FindAsync(desk, email))!.IsActive);
        Assert.Contains(await Admin(desk).ListAsync(), u => u.Email == email && u.Roles.SequenceEqual([Roles.Veterinarian]));
    }

    private static UserAdministration Admin(Desk desk) => desk.Services.GetRequiredService<UserAdministration>();

    private static async Task<ApplicationUser?> FindAsync(Desk desk, string email)
    {
        await using var scope = desk.Services.GetRequiredService<ClinicApp.Tenancy.TenantScopes>().Create(desk.Hospital, "test");
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
    }
}
