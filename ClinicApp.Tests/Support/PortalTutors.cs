using System.Security.Claims;
using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Support;

/// <summary>A tutor with a portal account, as a test builds one: the tutor record, one pet, and an
/// account in the Tutor role (password <see cref="TestUsers.Password"/>) linked to it directly (the
/// invitation flow has tests of its own).</summary>
public sealed record PortalTutor(string Slug, Guid TutorId, Guid PetId, Guid UserId, string Email, string Name);

public static class PortalTutors
{
    public static async Task<PortalTutor> CreateAsync(ClinicAppFactory app, string slug, string? name = null)
    {
        name ??= $"Tutor {Guid.NewGuid():N}"[..18];
        Guid tutorId, petId;
        await using (var desk = await Desk.AsAsync(app, slug))
        {
            tutorId = await desk.NewTutorAsync(name);
            petId = await desk.NewPetAsync(tutorId);
        }

        var hospital = await app.HospitalAsync(slug);
        var email = $"tutor-{Guid.NewGuid():N}@{slug}.test";
        await app.Services.GetRequiredService<HospitalProvisioning>().EnsureUserAsync(hospital, email, name, [Roles.Tutor], TestUsers.Password);
        await using var scope = app.Services.GetRequiredService<TenantScopes>().Create(hospital, "test");
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException(email);
        await using var db = scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContext();
        await db.Tutors.Where(t => t.Id == tutorId).ExecuteUpdateAsync(t => t.SetProperty(x => x.PortalUserId, user.Id));
        return new PortalTutor(slug, tutorId, petId, user.Id, email, name);
    }

    /// <summary>A hospital scope acting as the tutor (as the portal's circuit would).</summary>
    public static async Task<AsyncServiceScope> ScopeAsync(ClinicAppFactory app, PortalTutor tutor)
    {
        var scope = app.Services.GetRequiredService<TenantScopes>().Create(await app.HospitalAsync(tutor.Slug), "test");
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetUser(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, tutor.UserId.ToString()), new Claim(ClaimTypes.Name, tutor.Email), new Claim(ClaimTypes.Role, Roles.Tutor)], "test")));
        return scope;
    }
}
