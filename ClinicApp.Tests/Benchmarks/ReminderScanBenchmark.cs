using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ClinicApp.Data.Identity;
using ClinicApp.Demo;
using ClinicApp.Features.Reminders;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

using static ClinicApp.Tests.Benchmarks.BenchmarkTiming;

namespace ClinicApp.Tests.Benchmarks;

/// <summary>The reminder scan's find step: fills a new hospital of the real app with <c>--appointments</c>
/// (200,000) of agenda for <c>--vets</c> (10) vets (the front-desk demo generator: years of history, two weeks
/// ahead), then times <see cref="ReminderScan.DueAppointmentsAsync"/> — the query every scan runs, on a new
/// context as the scan opens one — at random moments of the coming two weeks, <c>--iterations</c> (300) runs,
/// printing p50/p95 and SQLite's plan for it. Not part of the test run (Category=Benchmark): run with
/// <c>scripts/bench-messages.sh --only scan [--appointments N] [--vets N] [--iterations N]</c>.</summary>
[Trait("Category", "Benchmark")]
public sealed partial class ReminderScanBenchmark(ITestOutputHelper output)
{
    [Fact]
    public async Task Reminder_scan_finds_the_due_appointments()
    {
        var args = Arguments("--appointments", "--vets", "--iterations");
        var appointments = Option(args, "--appointments", 200_000);
        var vetCount = Option(args, "--vets", 10);
        var iterations = Option(args, "--iterations", 300);
        var ct = CancellationToken.None;

        await using var app = new ClinicAppFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        var provisioning = app.Services.GetRequiredService<HospitalProvisioning>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        Print($"data in {app.DataDirectory}");

        var slug = $"bench{Random.Shared.Next(100000, 999999)}";
        var hospital = await provisioning.AddAsync(slug, "Reminder benchmark", $"admin@{slug}.vet", ct: ct);
        for (var v = 0; v < vetCount; v++)
        {
            await provisioning.EnsureUserAsync(hospital.Tenant, $"vet{v}@{slug}.vet", $"Vet {v:D2}", [Roles.Veterinarian], HospitalProvisioning.GeneratePassword(), ct: ct);
        }

        await using var scope = app.Services.GetRequiredService<TenantScopes>().Create(hospital.Tenant, "bench");
        var hospitalTime = scope.ServiceProvider.GetRequiredService<HospitalTime>();
        var dbFactory = scope.ServiceProvider.GetRequiredService<ClinicDbFactory>();
        List<Guid> vets;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            vets = await db.Users.Where(u => u.Email!.StartsWith("vet")).OrderBy(u => u.Email).Select(u => u.Id).ToListAsync(ct);
        }

        var days = (int)Math.Ceiling(appointments / (vetCount * 12.0) * 7 / 6);
        var size = new FrontDeskDemoSize(Tutors: Math.Max(100, appointments / 7), PastDays: days - 14, FutureDays: 14, AppointmentsPerVetDay: 20);
        var fill = Stopwatch.StartNew();
        var data = new FrontDeskDemo(42).Generate(size, vets, hospitalTime.Today, hospitalTime.Zone, time.GetUtcNow().UtcDateTime);
        data = data with { Appointments = data.Appointments.OrderByDescending(a => a.Start).Take(appointments).ToList() };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await FrontDeskDemo.SaveAsync(db, data, ct);
        }

        Print($"hospital {slug}: {data.Appointments.Count} appointments, {vetCount} vets; filled in {fill.Elapsed.TotalSeconds:F0} s");

        var leads = ReminderSettingsService.LeadHours("24,2");
        var random = new Random(7);
        var now = time.GetUtcNow().UtcDateTime;
        var found = new List<int>();
        DateTime RandomMoment() => now.AddMinutes(random.Next(0, 13 * 24 * 60));

        async Task FindAsync()
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            found.Add((await ReminderScan.DueAppointmentsAsync(db, RandomMoment(), leads, ct)).Count);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            Print($"plan: {await PlanAsync(db, now, leads, ct)}");
        }

        var (p50, p95, max) = await TimeAsync(FindAsync, iterations);
        Print($"{"query",-34} {"p50 ms",8} {"p95 ms",8} {"max ms",8}   ({iterations} runs after {WarmUp} warm-up)");
        Print($"{"reminder scan: find due (24h, 2h)",-34} {p50,8:F1} {p95,8:F1} {max,8:F1}");
        Print($"found per scan: {found.Min()}–{found.Max()} due appointments (mean {found.Average():F0})");
        Assert.True(found.Max() > 0, "the scan found due appointments");
    }

    /// <summary>SQLite's plan for the find step's SQL, its parameters written in as literals.</summary>
    private static async Task<string> PlanAsync(Data.ClinicDbContext db, DateTime nowUtc, IReadOnlyList<int> leads, CancellationToken ct)
    {
        var until = nowUtc.AddHours(leads.Max());
        var sql = (from a in db.Appointments
                   where a.Start > nowUtc && a.Start <= until
                         && (a.Status == Data.FrontDesk.AppointmentStatus.Scheduled || a.Status == Data.FrontDesk.AppointmentStatus.Confirmed)
                   select a.Id).ToQueryString();
        var lines = sql.Split('\n');
        var body = string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        foreach (var match in lines.Select(l => ParamLine().Match(l)).Where(m => m.Success))
        {
            body = body.Replace(match.Groups["name"].Value, match.Groups["value"].Value.Trim(), StringComparison.Ordinal);
        }

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + body;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                plan.Add(reader.GetString(3));
            }
        }

        return string.Join("; ", plan);
    }

    [GeneratedRegex(@"^\.param set (?<name>@\S+) (?<value>.+)$")]
    private static partial Regex ParamLine();

    private void Print(FormattableString line) => output.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
