using System.Diagnostics;
using System.Globalization;
using ClinicApp.Data.Catalog;
using ClinicApp.Data.Identity;
using ClinicApp.Demo;
using ClinicApp.Features.Agenda;
using ClinicApp.Infrastructure.Backups;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

using static ClinicApp.Tests.Benchmarks.BenchmarkTiming;

namespace ClinicApp.Tests.Benchmarks;

/// <summary>Issue 13's backup figures: fills a new hospital of the real app as the front-desk benchmark does
/// (<c>--appointments</c> 200,000 for <c>--pets</c> 30,000 pets and <c>--vets</c> 10 vets), backs it up and
/// verifies it through the real <see cref="BackupService"/> (seconds and MB/s of the write and of the verify,
/// archive and database MB), then times the day view <c>--iterations</c> (200) times without a backup and
/// again while backups run one after another (the target: p95 during backup under 2× p95 without). Not part
/// of the test run (Category=Benchmark): run with <c>scripts/bench-backup.sh [--appointments N] …</c>.</summary>
[Trait("Category", "Benchmark")]
public sealed class BackupBenchmark(ITestOutputHelper output)
{
    [Fact]
    public async Task Back_up_and_verify_the_benchmark_hospital_and_the_day_view_during_backups()
    {
        var args = Arguments("--appointments", "--pets", "--vets", "--iterations");
        var appointments = Option(args, "--appointments", 200_000);
        var petsWanted = Option(args, "--pets", 30_000);
        var vetCount = Option(args, "--vets", 10);
        var iterations = Option(args, "--iterations", 200);
        var ct = CancellationToken.None;

        await using var app = new ClinicAppFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        var provisioning = app.Services.GetRequiredService<HospitalProvisioning>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        Print($"data in {app.DataDirectory}");

        var slug = $"bench{Random.Shared.Next(100000, 999999)}";
        var hospital = await provisioning.AddAsync(slug, "Backup benchmark", $"admin@{slug}.vet", ct: ct);
        for (var v = 0; v < vetCount; v++)
        {
            await provisioning.EnsureUserAsync(hospital.Tenant, $"vet{v}@{slug}.vet", $"Vet {v:D2}", [Roles.Veterinarian], HospitalProvisioning.GeneratePassword(), ct: ct);
        }

        await using var scope = app.Services.GetRequiredService<TenantScopes>().Create(hospital.Tenant, "bench");
        var services = scope.ServiceProvider;
        var hospitalTime = services.GetRequiredService<HospitalTime>();
        var dbFactory = services.GetRequiredService<ClinicDbFactory>();
        List<Guid> vets;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            vets = await db.Users.Where(u => u.Email!.StartsWith("vet")).OrderBy(u => u.Email).Select(u => u.Id).ToListAsync(ct);
        }

        // The front-desk benchmark's hospital: about 12 appointments per vet and working day, trimmed to the count.
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

        Print($"hospital {slug}: {data.Tutors.Count} tutors, {data.Pets.Count} pets, {data.Appointments.Count} appointments, {vetCount} vets; filled in {fill.Elapsed.TotalSeconds:F0} s");

        var backups = app.Services.GetRequiredService<BackupService>();
        var connections = app.Services.GetRequiredService<TenantConnections>();
        Hospital entity;
        await using (var catalog = connections.CreateCatalog())
        {
            entity = await catalog.Hospitals.AsNoTracking().SingleAsync(h => h.Id == hospital.Tenant.Id, ct);
        }

        var databaseFile = BackupLocations.SqliteFile(connections.HospitalConnectionString(entity));
        // The bulk fill leaves a WAL as large as the file: folded in first, so the MB are the database's own.
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", ct);
        }

        var (fileMb, walMb) = (Megabytes(databaseFile), Megabytes(databaseFile + "-wal"));
        var databaseMb = fileMb + walMb;

        var stages = new StageClock();
        var run = await backups.BackUpHospitalAsync(hospital.Tenant.Id, BackupTrigger.Command, "bench", stages, ct);
        Assert.True(run.Status == BackupStatus.Verified, $"the backup failed: {run.Error}");
        var write = stages.VerifyingFrom!.Value.TotalSeconds;
        var verify = (stages.DoneAt!.Value - stages.VerifyingFrom.Value).TotalSeconds;
        var archiveMb = run.SizeBytes / (1024.0 * 1024.0);
        Print($"backup sizes: database {databaseMb:F1} MB (file {fileMb:F1} + WAL {walMb:F1}), archive {archiveMb:F1} MB");
        Print($"backup write:  {write,6:F1} s {databaseMb / write,7:F1} MB/s of database");
        Print($"backup verify: {verify,6:F1} s {databaseMb / verify,7:F1} MB/s of database");

        var agenda = services.GetRequiredService<AgendaService>();
        var random = new Random(7);
        var firstDay = DateOnly.FromDateTime(hospitalTime.ToLocal(data.Appointments.Min(a => a.Start)));
        var span = hospitalTime.Today.AddDays(14).DayNumber - firstDay.DayNumber;
        Task DayView() => agenda.ViewAsync(firstDay.AddDays(random.Next(span)), 1, ct);

        var (quietP50, quietP95, quietMax) = await TimeAsync(DayView, iterations);

        // Backups one after another for as long as the day view is timed (each prunes the previous one).
        using var stop = new CancellationTokenSource();
        var during = 0;
        var loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var next = await backups.BackUpHospitalAsync(hospital.Tenant.Id, BackupTrigger.Command, "bench", null, CancellationToken.None);
                Assert.Equal(BackupStatus.Verified, next.Status);
                during++;
            }
        }, ct);
        var (busyP50, busyP95, busyMax) = await TimeAsync(DayView, iterations);
        await stop.CancelAsync();
        await loop;

        Print($"{"query",-34} {"p50 ms",8} {"p95 ms",8} {"max ms",8}   ({iterations} runs after {WarmUp} warm-up)");
        Print($"{"day view, no backup",-34} {quietP50,8:F1} {quietP95,8:F1} {quietMax,8:F1}");
        Print($"{"day view, backups running",-34} {busyP50,8:F1} {busyP95,8:F1} {busyMax,8:F1}   ({during} backups ran)");
        Print($"day view p95 during backup / without: {busyP95 / quietP95:F2}x (target < 2x: {(busyP95 < 2 * quietP95 ? "met" : "NOT met")})");
        Assert.True(during > 0, "no backup ran while the day view was timed");
    }

    private static double Megabytes(string path) => File.Exists(path) ? new FileInfo(path).Length / (1024.0 * 1024.0) : 0;

    private void Print(FormattableString line) => output.WriteLine(line.ToString(CultureInfo.InvariantCulture));

    /// <summary>When the run reached verification and its end (reported synchronously, unlike Progress&lt;T&gt;).</summary>
    private sealed class StageClock : IProgress<BackupProgress>
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public TimeSpan? VerifyingFrom { get; private set; }

        public TimeSpan? DoneAt { get; private set; }

        public void Report(BackupProgress value)
        {
            if (value.Stage == BackupStage.Verifying && VerifyingFrom is null)
            {
                VerifyingFrom = _watch.Elapsed;
            }

            if (value.Stage == BackupStage.Done)
            {
                DoneAt = _watch.Elapsed;
            }
        }
    }
}
