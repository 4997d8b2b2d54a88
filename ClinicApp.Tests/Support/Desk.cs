using ClinicApp.Common;
using System.Security.Claims;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Agenda;
using ClinicApp.Features.Pets;
using ClinicApp.Features.Settings;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Support;

/// <summary>A hospital scope acting as one signed-in person of a role, with builders for the
/// front-desk records a test needs. Each test makes its own tutor, pet and veterinarian, so tests
/// sharing one app never compete for the same agenda.</summary>
public sealed class Desk : IAsyncDisposable
{
    private static int _cpfCounter = Random.Shared.Next(1_000_000, 9_000_000);
    private readonly AsyncServiceScope _scope;

    private Desk(AsyncServiceScope scope, TenantInfo hospital)
    {
        _scope = scope;
        Hospital = hospital;
    }

    public TenantInfo Hospital { get; }

    public IServiceProvider Services => _scope.ServiceProvider;

    public AgendaService Agenda => Services.GetRequiredService<AgendaService>();

    public TutorService Tutors => Services.GetRequiredService<TutorService>();

    public PetService Pets => Services.GetRequiredService<PetService>();

    public HospitalTime Time => Services.GetRequiredService<HospitalTime>();

    /// <summary>Acts as a new user of <paramref name="role"/> at the hospital.</summary>
    public static async Task<Desk> AsAsync(ClinicAppFactory app, string slug, string role = Roles.Receptionist)
    {
        var hospital = await app.HospitalAsync(slug);
        var scope = app.Services.GetRequiredService<TenantScopes>().Create(hospital, "test");
        var desk = new Desk(scope, hospital);
        var id = await desk.NewUserAsync(role);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id.ToString()), new Claim(ClaimTypes.Name, $"{role}@test"), new Claim(ClaimTypes.Role, role)], "test"));
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetUser(principal);
        return desk;
    }

    /// <summary>A valid CPF no other test uses.</summary>
    public static string NewCpf() => Cpf.Complete(Interlocked.Increment(ref _cpfCounter).ToString("D9", System.Globalization.CultureInfo.InvariantCulture));

    public async Task<Guid> NewUserAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.vet";
        await Services.GetRequiredService<HospitalProvisioning>().EnsureUserAsync(Hospital, email, $"Test {role} {email[..12]}", [role], TestUsers.Password);
        await using var scope = Services.GetRequiredService<TenantScopes>().Create(Hospital);
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
    }

    public Task<Guid> NewVetAsync() => NewUserAsync(Roles.Veterinarian);

    public async Task<Guid> NewRoomAsync()
    {
        var name = $"Sala {Guid.NewGuid():N}"[..14];
        var settings = Services.GetRequiredService<AgendaSettingsService>();
        await AsAdminAsync(() => settings.SaveRoomAsync(null, name, true));
        return (await settings.RoomsAsync()).Single(r => r.Name == name).Id;
    }

    public Task<Guid> NewTutorAsync(string? name = null, string? cpf = null, string? phone = null) =>
        Tutors.SaveAsync(null, new TutorInput { Name = name ?? $"Tutor {Guid.NewGuid():N}", Cpf = cpf ?? NewCpf(), Phone = phone });

    public async Task<Guid> NewPetAsync(Guid? tutorId = null, string? name = null, Species species = Species.Dog) =>
        await Pets.SaveAsync(null, new PetInput { TutorId = tutorId ?? await NewTutorAsync(), Name = name ?? $"Pet {Guid.NewGuid():N}"[..12], Species = species });

    /// <summary>10:00 on a working day some weeks ahead (the default hours are Mon–Sat 08:00–19:00).</summary>
    public DateTime FutureSlot(int weeksAhead = 3, int hour = 10, int minute = 0)
    {
        var day = Time.Today.AddDays(7 * weeksAhead);
        while (day.DayOfWeek is DayOfWeek.Sunday or DayOfWeek.Saturday)
        {
            day = day.AddDays(1);
        }

        return day.ToDateTime(new TimeOnly(hour, minute));
    }

    public static BookingInput Booking(Guid petId, Guid vetId, DateTime start, int minutes = 30, Guid? roomId = null) =>
        new() { PetId = petId, VeterinarianId = vetId, RoomId = roomId, Start = start, DurationMinutes = minutes, Type = AppointmentType.Consultation };

    /// <summary>Runs an operation as an administrator of the same hospital.</summary>
    public async Task AsAdminAsync(Func<Task> operation)
    {
        var actor = Services.GetRequiredService<CurrentActor>();
        var before = new CurrentActor();
        before.CopyFrom(actor);
        actor.SetUser(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin@test"), new Claim(ClaimTypes.Role, Roles.Admin)], "test")));
        try
        {
            await operation();
        }
        finally
        {
            actor.CopyFrom(before);
        }
    }

    public ValueTask DisposeAsync() => _scope.DisposeAsync();
}
