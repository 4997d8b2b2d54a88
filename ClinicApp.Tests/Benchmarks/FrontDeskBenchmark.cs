using System.Diagnostics;
using System.Globalization;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Agenda;
using ClinicApp.Demo;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

using static ClinicApp.Tests.Benchmarks.BenchmarkTiming;

namespace ClinicApp.Tests.Benchmarks;

/// <summary>Front-desk queries: fills a new hospital of the real app with <c>--appointments</c> (200,000) of agenda
/// for <c>--pets</c> (30,000) pets and <c>--vets</c> (10) vets, then times the day view, the week view and tutor
/// search through the real services (server time: query + materialization), <c>--iterations</c> (300) runs each,
/// printing p50/p95. Options come from <c>BENCH_ARGS</c>. Not part of the test run (Category=Benchmark): run with
/// <c>scripts/bench-frontdesk.sh [--appointments N] [--pets N] [--vets N] [--iterations N]</c>.</summary>
[Trait("Category", "Benchmark")]
public sealed class FrontDeskBenchmark(ITestOutputHelper output)
{
    [Fact]
    public async Task Day_view_week_view_and_tutor_search()
    {
        var args = Arguments("--appointments", "--pets", "--vets", "--iterations");
        var appointments = Option(args, "--appointments", 200_000);
        var petsWanted = Option(args, "--pets", 30_000);
        var vetCount = Option(args, "--vets", 10);
        var iterations = Option(args, "--iterations", 300);
        var ct = CancellationToken.None;

        // Without the two demo hospitals (Demo:Seed=false, as the former `bench` verb ran): the benchmark makes its own.
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

        await using var scope = scopes.Create(hospital.Tenant, "bench");
        var services = scope.ServiceProvider;
        var hospitalTime = services.GetRequiredService<HospitalTime>();
        var dbFactory = services.GetRequiredService<ClinicDbFactory>();
        List<Guid> vets;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            vets = await db.Users.Where(u => u.Email!.StartsWith("vet")).OrderBy(u => u.Email).Select(u => u.Id).ToListAsync(ct);
        }

        // About 12 appointments per vet and working day (a few more days are made than needed and trimmed): how many days of history make the count.
        var days = (int)Math.Ceiling(appointments / (vetCount * 12.0) * 7 / 6);
        var size = new FrontDeskDemoSize(Tutors: (int)(petsWanted / 1.45), PastDays: days - 14, FutureDays: 14, AppointmentsPerVetDay: 20);
        var fill = Stopwatch.StartNew();
        var data = new FrontDeskDemo(42).Generate(size, vets, hospitalTime.Today, hospitalTime.Zone, time.GetUtcNow().UtcDateTime);
        data = data with { Appointments = data.Appointments.OrderByDescending(a => a.Start).Take(appointments).ToList() };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await FrontDeskDemo.SaveAsync(db, data, ct);
        }

        Print($"hospital {slug}: {data.Tutors.Count} tutors, {data.Pets.Count} pets, {data.Appointments.Count} appointments, {data.Appointments.Sum(a => a.Slots.Count)} slot rows, {vetCount} vets; filled in {fill.Elapsed.TotalSeconds:F0} s");

        var agenda = services.GetRequiredService<AgendaService>();
        var tutors = services.GetRequiredService<TutorService>();
        var random = new Random(7);
        var today = hospitalTime.Today;
        var firstDay = DateOnly.FromDateTime(hospitalTime.ToLocal(data.Appointments.Min(a => a.Start)));
        var span = today.AddDays(14).DayNumber - firstDay.DayNumber;
        var sample = data.Tutors;

        DateOnly RandomDay() => firstDay.AddDays(random.Next(span));
        string NameTerm() => SearchText.Normalize(sample[random.Next(sample.Count)].Name).Split(' ')[random.Next(1, 3)];
        string CpfTerm() => sample[random.Next(sample.Count)].Cpf![2..8];
        string PhoneTerm() => sample[random.Next(sample.Count)].Phone![^8..];

        var cases = new (string Name, Func<Task> Run)[]
        {
            ("day view (all vets)", () => agenda.ViewAsync(RandomDay(), 1, ct)),
            ("week view (all vets)", () => agenda.ViewAsync(RandomDay(), 7, ct)),
            ("tutor search: name word", () => tutors.SearchAsync(new TutorQuery(NameTerm()), ct)),
            ("tutor search: part of CPF", () => tutors.SearchAsync(new TutorQuery(CpfTerm()), ct)),
            ("tutor search: part of phone", () => tutors.SearchAsync(new TutorQuery(PhoneTerm()), ct)),
            ("tutor list: first page", () => tutors.SearchAsync(new TutorQuery(), ct)),
        };

        Print($"{"query",-30} {"p50 ms",8} {"p95 ms",8} {"max ms",8}   ({iterations} runs each after {WarmUp} warm-up)");
        foreach (var (name, run) in cases)
        {
            var (p50, p95, max) = await TimeAsync(run, iterations);
            Print($"{name,-30} {p50,8:F1} {p95,8:F1} {max,8:F1}");
        }
    }

    private void Print(FormattableString line) => output.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
