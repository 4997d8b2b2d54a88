using ClinicApp.Data.Audit;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Home;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Home;

/// <summary>The audit and the admin home's activity feed: a sign-in is a sign-in (it showed as
/// "Alterou · usuário"), and a line names whom the record is about ("Consulta de Rex"), not a type.</summary>
[Collection(AppCollection.Name)]
public sealed class ActivityFeedTests(AppFixture fixture)
{
    [Fact]
    public async Task A_sign_in_is_audited_as_a_sign_in_not_as_a_change_of_the_user()
    {
        var users = new TestUsers(fixture.App);
        var email = await users.CreateAsync("aurora", Roles.Receptionist);
        var user = await users.FindAsync("aurora", email);
        var before = await AuditOfAsync(user.Id);
        using var http = new Http(fixture.BaseUrl);

        await http.SignInAsync("aurora", email, TestUsers.Password);

        var entries = (await AuditOfAsync(user.Id)).ExceptBy(before.Select(e => e.Id), e => e.Id).ToList();
        Assert.Contains(entries, e => e.Action == AuditAction.SignedIn && e.UserId == user.Id);
        Assert.DoesNotContain(entries, e => e.Action == AuditAction.Updated);
    }

    [Fact]
    public async Task A_wrong_password_is_audited_as_a_failed_sign_in()
    {
        var users = new TestUsers(fixture.App);
        var email = await users.CreateAsync("aurora", Roles.Nurse);
        var user = await users.FindAsync("aurora", email);
        var before = await AuditOfAsync(user.Id);
        using var http = new Http(fixture.BaseUrl);

        await http.SignInAsync("aurora", email, "not-the-password-1");
        await http.SignInAsync("aurora", email, TestUsers.Password);

        var entries = (await AuditOfAsync(user.Id)).ExceptBy(before.Select(e => e.Id), e => e.Id).ToList();
        Assert.Single(entries, e => e.Action == AuditAction.SignInFailed);
        Assert.Single(entries, e => e.Action == AuditAction.SignedIn);
        Assert.DoesNotContain(entries, e => e.Action == AuditAction.Updated);
    }

    [Fact]
    public async Task Sign_ins_stay_out_of_the_activity_feed()
    {
        var users = new TestUsers(fixture.App);
        var email = await users.CreateAsync("aurora", Roles.Veterinarian, $"Dra. Feed {Guid.NewGuid():N}");
        var user = await users.FindAsync("aurora", email);
        using var http = new Http(fixture.BaseUrl);

        await http.SignInAsync("aurora", email, TestUsers.Password);

        await using var scope = await users.ScopeAsync("aurora");
        var mine = await scope.ServiceProvider.GetRequiredService<HomeOverview>().LoadAsync(user.Id, isAdmin: false);
        var all = await scope.ServiceProvider.GetRequiredService<HomeOverview>().LoadAsync(user.Id, isAdmin: true);
        Assert.DoesNotContain(mine.Activity.Concat(all.Activity), a => a.Action is AuditAction.SignedIn or AuditAction.SignInFailed);
        Assert.DoesNotContain(all.Activity, a => a.EntityType == nameof(ApplicationUser) && a.Action == AuditAction.Updated && a.Subject?.Name == user.DisplayName);
    }

    [Fact]
    public async Task A_feed_line_names_the_pet_or_the_record_it_is_about()
    {
        var users = new TestUsers(fixture.App);
        var email = await users.CreateAsync("aurora", Roles.Admin);
        var admin = await users.FindAsync("aurora", email);
        var name = $"Rex {Guid.NewGuid():N}"[..12];
        await using (var scope = await users.ScopeAsync("aurora"))
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
            var tutor = new Tutor { Name = "Maria da Silva Souza" };
            var pet = new Pet { Name = name, Tutor = tutor, Species = Species.Dog, Sex = PetSex.Male };
            db.Pets.Add(pet);
            await db.SaveChangesAsync();
            db.PetWeights.Add(new PetWeight { PetId = pet.Id, MeasuredAt = DateTime.UtcNow, Kilograms = 31.5m });
            await db.SaveChangesAsync();
        }

        await using var read = await users.ScopeAsync("aurora");
        var feed = (await read.ServiceProvider.GetRequiredService<HomeOverview>().LoadAsync(admin.Id, isAdmin: true)).Activity;

        Assert.Contains(feed, a => a.EntityType == nameof(PetWeight) && a.Subject == new ActivitySubject(name, IsOwner: true));
        Assert.Contains(feed, a => a.EntityType == nameof(Pet) && a.Subject == new ActivitySubject(name, IsOwner: false));
        Assert.Contains(feed, a => a.EntityType == nameof(Tutor) && a.Subject == new ActivitySubject("Maria da Silva Souza", IsOwner: false));
    }

    private async Task<List<AuditEntry>> AuditOfAsync(Guid userId)
    {
        await using var scope = await new TestUsers(fixture.App).ScopeAsync("aurora");
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == nameof(ApplicationUser) && e.EntityId == userId.ToString())
            .ToListAsync();
    }
}
