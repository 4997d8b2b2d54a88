using System.Security.Cryptography;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Privacy;

/// <summary>A tutor whose every identifying value is unique to the test (so a scan of the whole
/// database can look for it), with a linked portal account under the tutor's own e-mail.</summary>
public sealed record PrivateTutor(PortalTutor Portal, string Name, string Cpf, string Phone, string Email)
{
    public Guid TutorId => Portal.TutorId;
}

public static class PrivacyData
{
    /// <summary>"+55 11 97xxx-xxxx": a valid mobile no other test uses.</summary>
    public static string UniquePhone() => $"+55119{RandomNumberGenerator.GetInt32(70_000_000, 79_999_999)}";

    public static async Task<PrivateTutor> NewTutorAsync(ClinicAppFactory app, string slug = "aurora", bool reminders = true)
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var name = $"Zuleica Privacidade {marker}";
        var cpf = Desk.NewCpf();
        var phone = UniquePhone();
        var email = $"zuleica-{marker}@{slug}.test";
        Guid tutorId, petId;
        await using (var desk = await Desk.AsAsync(app, slug))
        {
            tutorId = await desk.Tutors.SaveAsync(null, new TutorInput
            {
                Name = name,
                Cpf = cpf,
                Phone = phone,
                WhatsAppOptIn = true,
                Email = email,
                AddressLine = $"Rua {marker}, 100",
                District = "Centro",
                City = "Campinas",
                State = "SP",
                PostalCode = "13010-000",
                Notes = $"Prefere ligações à tarde ({name})",
                RemindersConsent = reminders,
            });
            petId = await desk.NewPetAsync(tutorId, $"Rex {marker}"[..12]);
        }

        var hospital = await app.HospitalAsync(slug);
        await app.Services.GetRequiredService<HospitalProvisioning>().EnsureUserAsync(hospital, email, name, [Roles.Tutor], TestUsers.Password);
        await using var scope = app.Services.GetRequiredService<TenantScopes>().Create(hospital, "test");
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException(email);
        await using var db = scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContext();
        await db.Tutors.Where(t => t.Id == tutorId).ExecuteUpdateAsync(t => t.SetProperty(x => x.PortalUserId, user.Id));
        return new PrivateTutor(new PortalTutor(slug, tutorId, petId, user.Id, email, name), name, cpf, phone, email);
    }
}
