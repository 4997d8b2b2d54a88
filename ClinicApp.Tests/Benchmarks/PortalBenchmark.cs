using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Demo;
using ClinicApp.Features.OnlineBooking;
using ClinicApp.Features.Portal;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

using static ClinicApp.Tests.Benchmarks.BenchmarkTiming;

namespace ClinicApp.Tests.Benchmarks;

/// <summary>The tutors' portal on the front-desk benchmark hospital: <c>--appointments</c> (200,000) of agenda for
/// <c>--vets</c> (10) vets, plus one portal tutor with 10 pets and 200 appointments (on a vet of their own, so
/// the generated agenda keeps its shape). Times, through the real services as the signed-in tutor (server
/// time: queries + computation), <c>--iterations</c> (300) runs each: the free-time search for one vet and for
/// any vet over 14 days (issue 15: one vet &lt; 30 ms p95), the booking page's choices, and the portal home
/// (&lt; 50 ms): the tutor look-up of a new circuit, the greeting and the next-appointment card, and the
/// appointments page. Not part of the test run (Category=Benchmark): <c>scripts/bench-portal.sh</c>.</summary>
[Trait("Category", "Benchmark")]
public sealed class PortalBenchmark(ITestOutputHelper output)
{
    [Fact]
    public async Task Free_times_and_portal_home()
    {
        var args = Arguments("--appointments", "--vets", "--iterations");
        var appointments = Option(args, "--appointments", 200_000);
        var vetCount = Option(args, "--vets", 10);
        var iterations = Option(args, "--iterations", 300);
        var ct = CancellationToken.None;

        await using var app = new ClinicAppFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        var provisioning = app.Services.GetRequiredService<HospitalProvisioning>();
        var scopes = app.Services.GetRequiredService<TenantScopes>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        Print($"data in {app.DataDirectory}");

        var slug = $"bench{Random.Shared.Next(100000, 999999)}";
        var hospital = await provisioning.AddAsync(slug, "Benchmark", $"admin@{slug}.vet", ct: ct);
        for (var v = 0; v < vetCount; v++)
        {
            await provisioning.EnsureUserAsync(hospital.Tenant, $"vet{v}@{slug}.vet", $"Vet {v:D2}", [Roles.Veterinarian], HospitalProvisioning.GeneratePassword(), ct: ct);
        }

        await provisioning.EnsureUserAsync(hospital.Tenant, $"vetportal@{slug}.vet", "Vet Portal", [Roles.Veterinarian], HospitalProvisioning.GeneratePassword(), ct: ct);
        await provisioning.EnsureUserAsync(hospital.Tenant, $"tutor@{slug}.vet", "Tutor Portal", [Roles.Tutor], HospitalProvisioning.GeneratePassword(), ct: ct);

        await using var setup = scopes.Create(hospital.Tenant, "bench");
        var hospitalTime = setup.ServiceProvider.GetRequiredService<HospitalTime>();
        var dbFactory = setup.ServiceProvider.GetRequiredService<ClinicDbFactory>();
        List<Guid> vets;
        Guid portalVet, tutorUser;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            vets = await db.Users.Where(u => u.Email!.StartsWith("vet") && !u.Email.StartsWith("vetportal")).OrderBy(u => u.Email).Select(u => u.Id).ToListAsync(ct);
            portalVet = await db.Users.Where(u => u.Email!.StartsWith("vetportal")).Select(u => u.Id).SingleAsync(ct);
            tutorUser = await db.Users.Where(u => u.Email!.StartsWith("tutor@")).Select(u => u.Id).SingleAsync(ct);
        }

        // The front-desk benchmark's agenda: about 12 appointments per vet and working day, trimmed to the count.
        var days = (int)Math.Ceiling(appointments / (vetCount * 12.0) * 7 / 6);
        var size = new FrontDeskDemoSize(Tutors: (int)(30_000 / 1.45), PastDays: days - 14, FutureDays: 14, AppointmentsPerVetDay: 20);
        var fill = Stopwatch.StartNew();
        var data = new FrontDeskDemo(42).Generate(size, vets, hospitalTime.Today, hospitalTime.Zone, time.GetUtcNow().UtcDateTime);
        data = data with { Appointments = data.Appointments.OrderByDescending(a => a.Start).Take(appointments).ToList() };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await FrontDeskDemo.SaveAsync(db, data, ct);
        }

        var tutorId = await AddPortalTutorAsync(dbFactory, hospitalTime, tutorUser, portalVet, ct);
        Print($"hospital {slug}: {data.Pets.Count} pets, {data.Appointments.Count + 200} appointments, {data.Appointments.Sum(a => a.Slots.Count)} slot rows, {vetCount} vets; portal tutor with 10 pets and 200 appointments; filled in {fill.Elapsed.TotalSeconds:F0} s");

        AsyncServiceScope AsTutor()
        {
            var scope = scopes.Create(hospital.Tenant, "bench");
            scope.ServiceProvider.GetRequiredService<CurrentActor>().SetUser(new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, tutorUser.ToString()), new Claim(ClaimTypes.Name, "tutor"), new Claim(ClaimTypes.Role, Roles.Tutor)], "bench")));
            return scope;
        }

        await using var circuit = AsTutor();
        var booking = circuit.ServiceProvider.GetRequiredService<OnlineBookingService>();
        if (await circuit.ServiceProvider.GetRequiredService<PortalAccess>().TutorIdAsync(ct) != tutorId)
        {
            throw new InvalidOperationException("The portal tutor is not linked.");
        }

        var random = new Random(7);
        var today = hospitalTime.Today;
        var sample = await booking.FreeTimesAsync(AppointmentType.Consultation, vets[0], today, 14, ct);
        Print($"free times, vet 0, next 14 days: {sample.Sum(d => d.Times.Count)} starts on {sample.Count} days");

        var cases = new (string Name, Func<Task> Run)[]
        {
            ("free times: one vet, 14 days", () => booking.FreeTimesAsync(AppointmentType.Consultation, vets[random.Next(vets.Count)], today, 14, ct)),
            ("free times: any vet, 14 days", () => booking.FreeTimesAsync(AppointmentType.Consultation, null, today, 14, ct)),
            ("free times: one vet, 7 days", () => booking.FreeTimesAsync(AppointmentType.Consultation, vets[random.Next(vets.Count)], today.AddDays(random.Next(7)), 7, ct)),
            ("booking page choices", () => booking.OptionsAsync(ct)),
            ("portal access look-up", async () =>
            {
                await using var scope = AsTutor();
                await scope.ServiceProvider.GetRequiredService<PortalAccess>().TutorIdAsync(ct);
            }),
            ("portal home: greeting + next", async () =>
            {
                // A new circuit: the tutor look-up, the greeting and the next-appointment card.
                await using var scope = AsTutor();
                await scope.ServiceProvider.GetRequiredService<PortalHomeService>().TutorNameAsync(ct);
                await scope.ServiceProvider.GetRequiredService<OnlineBookingService>().NextAsync(ct);
            }),
            ("portal home: every card", async () =>
            {
                // What the home page asks on a new circuit: the greeting and each card's service (pets,
                // next appointment, pets in hospital, open balance).
                await using var scope = AsTutor();
                var services = scope.ServiceProvider;
                await services.GetRequiredService<PortalHomeService>().TutorNameAsync(ct);
                await services.GetRequiredService<PortalPets>().MyPetsAsync(ct);
                await services.GetRequiredService<OnlineBookingService>().NextAsync(ct);
                await services.GetRequiredService<PortalStays>().CurrentAsync(ct);
                await services.GetRequiredService<PortalStays>().PetIdsAsync(ct);
                await services.GetRequiredService<PortalInvoices>().BalanceAsync(ct);
            }),
            ("appointments page (200)", () => booking.AppointmentsAsync(ct)),
        };

        Print($"{"query",-32} {"p50 ms",8} {"p95 ms",8} {"max ms",8}   ({iterations} runs each after {WarmUp} warm-up)");
        foreach (var (name, run) in cases)
        {
            var (p50, p95, max) = await TimeAsync(run, iterations);
            Print($"{name,-32} {p50,8:F1} {p95,8:F1} {max,8:F1}");
        }
    }

    /// <summary>A tutor linked to the portal account, with 10 pets and 200 appointments: 190 completed, one a day
    /// back from yesterday, and 10 to come, on a vet of their own.</summary>
    private static async Task<Guid> AddPortalTutorAsync(ClinicDbFactory dbFactory, HospitalTime hospitalTime, Guid userId, Guid vet, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tutor = new Tutor { Name = "Tutor Portal", PortalUserId = userId };
        db.Tutors.Add(tutor);
        var pets = Enumerable.Range(1, 10).Select(i => new Pet { TutorId = tutor.Id, Name = $"Pet {i:D2}", Species = Species.Dog }).ToList();
        db.Pets.AddRange(pets);
        for (var i = 0; i < 200; i++)
        {
            var day = i < 190 ? hospitalTime.Today.AddDays(-(i + 1)) : hospitalTime.Today.AddDays(i - 189);
            var start = hospitalTime.ToUtc(day.ToDateTime(new TimeOnly(10, 0)));
            var appointment = new Appointment { PetId = pets[i % 10].Id, TutorId = tutor.Id, VeterinarianId = vet, Type = AppointmentType.Consultation };
            appointment.SetTime(start, 30);
            appointment.Open(start.AddDays(-7));
            if (i < 190)
            {
                foreach (var status in new[] { AppointmentStatus.CheckedIn, AppointmentStatus.InProgress, AppointmentStatus.Completed })
                {
                    appointment.ChangeStatus(status, start);
                }
            }

            appointment.SyncSlots();
            db.Appointments.Add(appointment);
        }

        await db.SaveChangesAsync(ct);
        return tutor.Id;
    }

    private void Print(FormattableString line) => output.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
