using System.Security.Claims;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Agenda;
using ClinicApp.Features.Pets;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Support;

/// <summary>Tutors, pets, veterinarians and appointments a test makes for itself through the
/// services, so tests sharing one app never depend on (or trip over) each other's data.</summary>
public sealed class FrontDeskData(ClinicAppFactory app)
{
    public const string Slug = "aurora";

    /// <summary>A scope of the hospital acting as a person with <paramref name="role"/> (services check roles).</summary>
    public async Task<AsyncServiceScope> ScopeAsync(string role = Roles.Receptionist)
    {
        var scope = await new TestUsers(app).ScopeAsync(Slug);
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetUser(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"test-{role.ToLowerInvariant()}"), new Claim(ClaimTypes.Role, role)], "test")));
        return scope;
    }

    /// <summary>A veterinarian of their own: no other test books their time.</summary>
    public async Task<(Guid Id, string Name)> VeterinarianAsync()
    {
        var name = $"Dra. {Pick(["Lúcia", "Beatriz", "Camila", "Renata", "Sílvia"])} {Pick(["Teixeira", "Moura", "Campos", "Barros", "Freitas"])} {Random.Shared.Next(10, 99)}";
        var users = new TestUsers(app);
        var email = await users.CreateAsync(Slug, Roles.Veterinarian, name);
        return ((await users.FindAsync(Slug, email)).Id, name);
    }

    /// <summary>A tutor with one pet; the phone is unique, so searching it finds exactly this tutor.</summary>
    public async Task<(Guid TutorId, Guid PetId, string Phone)> TutorWithPetAsync(string tutorName, string petName, Species species = Species.Dog, PetAlerts alerts = PetAlerts.None)
    {
        await using var scope = await ScopeAsync();
        var phone = $"(11) 9{Random.Shared.Next(1000, 9999)}-{Random.Shared.Next(1000, 9999)}";
        var tutorId = await scope.ServiceProvider.GetRequiredService<TutorService>().SaveAsync(null, new TutorInput { Name = tutorName, Phone = phone });
        var petId = await scope.ServiceProvider.GetRequiredService<PetService>()
            .SaveAsync(null, new PetInput { TutorId = tutorId, Name = petName, Species = species, Alerts = alerts });
        return (tutorId, petId, phone);
    }

    public async Task<Guid> BookAsync(Guid petId, Guid veterinarianId, DateTime localStart, int minutes = 30, AppointmentType type = AppointmentType.Consultation)
    {
        await using var scope = await ScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<AgendaService>().BookAsync(new BookingInput
        {
            PetId = petId,
            VeterinarianId = veterinarianId,
            Start = localStart,
            DurationMinutes = minutes,
            Type = type,
        });
    }

    /// <summary>An appointment written straight to the database, bypassing the opening hours and the
    /// "not in the past" rule: today's list must be testable at any hour the suite runs.</summary>
    public async Task<Guid> PlaceTodayAsync(Guid tutorId, Guid petId, Guid veterinarianId, DateTime localStart, int minutes = 30)
    {
        await using var scope = await ScopeAsync();
        var time = scope.ServiceProvider.GetRequiredService<HospitalTime>();
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var appointment = new Appointment { PetId = petId, TutorId = tutorId, VeterinarianId = veterinarianId, Type = AppointmentType.Consultation };
        appointment.SetTime(time.ToUtc(localStart), minutes);
        appointment.Open(time.UtcNow);
        appointment.SyncSlots();
        db.Appointments.Add(appointment);
        await db.SaveChangesAsync();
        return appointment.Id;
    }

    public async Task<DateTime> NowAsync()
    {
        await using var scope = await ScopeAsync();
        return scope.ServiceProvider.GetRequiredService<HospitalTime>().Now;
    }

    /// <summary>A Monday–Friday some weeks to a year ahead (the demo hospitals open Monday to Saturday).</summary>
    public async Task<DateOnly> FutureWorkingDayAsync()
    {
        var day = DateOnly.FromDateTime(await NowAsync()).AddDays(Random.Shared.Next(30, 360));
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    private static string Pick(string[] values) => values[Random.Shared.Next(values.Length)];
}
