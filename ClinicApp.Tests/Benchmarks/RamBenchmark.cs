using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Care;
using ClinicApp.Features.Ram;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

using static ClinicApp.Tests.Benchmarks.BenchmarkTiming;

namespace ClinicApp.Tests.Benchmarks;

/// <summary>The RAM: fills a new hospital of the real app with <c>--stays</c> (300) patients in hospital, each with
/// four items (every 6, 8, 12 and 24 hours) over <c>--days</c> (14) days (about 40,000 doses), the past ones
/// recorded; then times (a) the RAM panel's load and grouping through the real services, <c>--iterations</c> (200)
/// runs, and (b) <c>--nurses</c> (20) nurses recording doses at the same instant, <c>--rounds</c> (25) times,
/// counting failures (the test fails on any) and timing each commit. Options come from <c>BENCH_ARGS</c>. Not part
/// of the test run (Category=Benchmark): run with
/// <c>scripts/bench-ram.sh [--stays N] [--days N] [--iterations N] [--nurses N] [--rounds N]</c>.</summary>
[Trait("Category", "Benchmark")]
public sealed class RamBenchmark(ITestOutputHelper output)
{
    [Fact]
    public async Task Ram_panel_and_nurses_recording_at_once()
    {
        var args = Arguments("--stays", "--days", "--iterations", "--nurses", "--rounds");
        var stayCount = Option(args, "--stays", 300);
        var days = Option(args, "--days", 14);
        var iterations = Option(args, "--iterations", 200);
        var nurseCount = Option(args, "--nurses", 20);
        var rounds = Option(args, "--rounds", 25);
        var ct = CancellationToken.None;

        // Without the two demo hospitals (Demo:Seed=false, as the former `bench` verb ran): the benchmark makes its own.
        await using var app = new ClinicAppFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        var provisioning = app.Services.GetRequiredService<HospitalProvisioning>();
        var scopes = app.Services.GetRequiredService<TenantScopes>();
        Print($"data in {app.DataDirectory}");

        var slug = $"benchram{Random.Shared.Next(100000, 999999)}";
        var hospital = await provisioning.AddAsync(slug, "RAM benchmark", $"admin@{slug}.vet", ct: ct);
        await provisioning.EnsureUserAsync(hospital.Tenant, $"vet@{slug}.vet", "Vet", [Roles.Veterinarian], HospitalProvisioning.GeneratePassword(), ct: ct);
        for (var n = 0; n < nurseCount; n++)
        {
            await provisioning.EnsureUserAsync(hospital.Tenant, $"nurse{n:D2}@{slug}.vet", $"Nurse {n:D2}", [Roles.Nurse], HospitalProvisioning.GeneratePassword(), ct: ct);
        }

        await using var scope = scopes.Create(hospital.Tenant, "bench");
        var services = scope.ServiceProvider;
        var hospitalTime = services.GetRequiredService<HospitalTime>();
        var dbFactory = services.GetRequiredService<ClinicDbFactory>();
        var fill = Stopwatch.StartNew();
        var doseCount = await FillAsync(dbFactory, hospitalTime, stayCount, days, ct);
        List<(Guid Id, string Name)> nurses;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            nurses = (await db.Users.Where(u => u.Email!.StartsWith("nurse")).OrderBy(u => u.Email).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct))
                .Select(u => (u.Id, u.DisplayName)).ToList();
        }

        Print($"hospital {slug}: {stayCount} patients in hospital, {doseCount} scheduled administrations, {nurses.Count} nurses; filled in {fill.Elapsed.TotalSeconds:F0} s");

        // (a) The panel: its queries, the join and the grouping — what the server does before writing HTML.
        var checklist = services.GetRequiredService<RamChecklist>();
        RamBoard? board = null;
        RamSnapshot? snapshot = null;
        async Task PanelAsync()
        {
            snapshot = await checklist.LoadAsync(ct);
            board = RamBoard.Group(snapshot.Doses(), hospitalTime.UtcNow, snapshot.ToleranceMinutes, hospitalTime.StartOfDayUtc(hospitalTime.Today));
        }

        var panel = await TimeAsync(PanelAsync, iterations);
        Print($"{"case",-44} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
        Print($"{"RAM panel load + grouping",-44} {panel.P50,8:F1} {panel.P95,8:F1} {panel.Max,8:F1}   ({iterations} runs after 20 warm-up)");
        Print($"  panel holds {snapshot!.Entries.Count} doses: late {board!.Late.Count}, due now {board.DueNow.Count}, next 4 h {board.Next4Hours.Count}, done today {board.DoneToday.Count}");
        var regroup = await TimeAsync(() =>
        {
            board = RamBoard.Group(snapshot.Doses(), hospitalTime.UtcNow, snapshot.ToleranceMinutes, hospitalTime.StartOfDayUtc(hospitalTime.Today));
            return Task.CompletedTask;
        }, iterations);
        Print($"{"RAM re-grouping on a tick (no query)",-44} {regroup.P50,8:F2} {regroup.P95,8:F2} {regroup.Max,8:F2}");

        // (b) Nurses recording distinct doses at the same instant, round after round.
        List<Guid> open;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var now = hospitalTime.UtcNow;
            open = await db.MedicationAdministrations.AsNoTracking()
                .Where(a => a.Status == AdministrationStatus.Scheduled && a.DueAt > now)
                .OrderBy(a => a.DueAt).Select(a => a.Id).Take(nurseCount * rounds + 1).ToListAsync(ct);
        }

        var nurseScopes = nurses.Select(n =>
        {
            var s = scopes.Create(hospital.Tenant);
            s.ServiceProvider.GetRequiredService<CurrentActor>().SetUser(new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, n.Id.ToString()), new Claim(ClaimTypes.Name, n.Name), new Claim(ClaimTypes.Role, Roles.Nurse)], "bench")));
            return s;
        }).ToList();
        var commits = new List<double>();
        var failures = new List<string>();
        for (var round = 0; round < rounds; round++)
        {
            using var start = new ManualResetEventSlim();
            var tasks = nurseScopes.Select((s, n) => Task.Run(async () =>
            {
                var service = s.ServiceProvider.GetRequiredService<AdministrationService>();
                var dose = open[(round * nurseScopes.Count) + n];
                start.Wait(ct);
                var watch = Stopwatch.StartNew();
                try
                {
                    var outcome = await service.RecordGivenAsync(dose, ct: ct);
                    return (Ms: watch.Elapsed.TotalMilliseconds, Error: outcome.Recorded ? null : "not recorded");
                }
#pragma warning disable CA1031 // every failure is counted and shown
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    return (Ms: watch.Elapsed.TotalMilliseconds, Error: ex.GetBaseException().Message);
                }
            }, ct)).ToList();
            await Task.Delay(20, ct);
            start.Set();
            foreach (var (ms, error) in await Task.WhenAll(tasks))
            {
                commits.Add(ms);
                if (error is not null)
                {
                    failures.Add(error);
                }
            }
        }

        // Everyone clicks the same dose at once: one records it, the others are told.
        var same = open[^1];
        using (var start = new ManualResetEventSlim())
        {
            var tasks = nurseScopes.Select(s => Task.Run(async () =>
            {
                start.Wait(ct);
                return await s.ServiceProvider.GetRequiredService<AdministrationService>().RecordGivenAsync(same, ct: ct);
            }, ct)).ToList();
            await Task.Delay(20, ct);
            start.Set();
            var outcomes = await Task.WhenAll(tasks);
            Print($"  {nurseScopes.Count} nurses on the same dose at once: recorded {outcomes.Count(o => o.Recorded)} time(s), told 'already recorded' {outcomes.Count(o => !o.Recorded)} time(s)");
        }

        foreach (var s in nurseScopes)
        {
            await s.DisposeAsync();
        }

        var sorted = commits.Order().ToArray();
        Print($"{$"{nurseCount} nurses × {rounds} rounds, record given",-44} {Percentile(sorted, 0.50),8:F1} {Percentile(sorted, 0.95),8:F1} {sorted[^1],8:F1}   ({sorted.Length} commits, {failures.Count} failures)");
        foreach (var failure in failures.GroupBy(f => f).Take(5))
        {
            Print($"  failure ×{failure.Count()}: {failure.Key}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {commits.Count} doses were not recorded");
    }

    private void Print(FormattableString line) => output.WriteLine(line.ToString(CultureInfo.InvariantCulture));

    private static async Task<int> FillAsync(ClinicDbFactory dbFactory, HospitalTime hospitalTime, int stayCount, int days, CancellationToken ct)
    {
        var random = new Random(42);
        var now = hospitalTime.UtcNow;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var vet = await db.Users.Where(u => u.Email!.StartsWith("vet")).Select(u => u.Id).FirstAsync(ct);
        var nurses = await db.Users.Where(u => u.Email!.StartsWith("nurse")).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct);
        var medications = new (string Name, int Every, decimal Mg, decimal? Ml, DoseRoute Route)[]
        {
            ("Dipirona 500 mg/mL", 8, 250m, 0.5m, DoseRoute.IV),
            ("Ceftriaxona 1 g", 12, 300m, 3m, DoseRoute.IV),
            ("Ondansetrona 2 mg/mL", 6, 4m, 2m, DoseRoute.IV),
            ("Meloxicam 0,2%", 24, 2m, 1m, DoseRoute.SC),
        };

        var wardCount = Math.Max(1, (stayCount + 29) / 30);
        var beds = new List<Bed>();
        for (var w = 0; w < wardCount; w++)
        {
            var ward = new Ward { Name = $"Ala {w + 1}", Order = w, IsIsolation = w == wardCount - 1 };
            db.Wards.Add(ward);
            for (var b = 0; b < 30; b++)
            {
                var bed = new Bed { WardId = ward.Id, Name = $"{(char)('A' + w % 26)}{b + 1:D2}", Order = b };
                db.Beds.Add(bed);
                beds.Add(bed);
            }
        }

        var total = 0;
        for (var s = 0; s < stayCount; s++)
        {
            var tutor = new Tutor { Name = $"Tutor {s:D4}" };
            var pet = new Pet { TutorId = tutor.Id, Name = $"Paciente {s:D4}", Species = s % 3 == 0 ? Species.Cat : Species.Dog };
            db.Tutors.Add(tutor);
            db.Pets.Add(pet);
            var admitted = now.AddDays(-random.Next(1, days - 2)).AddMinutes(-random.Next(0, 600));
            var stay = new Hospitalization { PetId = pet.Id, TutorId = tutor.Id, AdmittingVetId = vet, ResponsibleVetId = vet, Reason = "Benchmark", Priority = (HospitalizationPriority)(s % 4) };
            stay.Admit(beds[s].Id, admitted);
            db.Hospitalizations.Add(stay);
            var prescription = new Prescription { PetId = pet.Id, TutorId = tutor.Id, VeterinarianId = vet, HospitalizationId = stay.Id, Kind = PrescriptionKind.Hospital, IssuedAt = admitted };
            var firstLocal = hospitalTime.ToLocal(admitted);
            var firstDose = hospitalTime.ToUtc(firstLocal.Date.AddHours(firstLocal.Hour + 1));
            foreach (var (name, every, mg, ml, route) in medications)
            {
                var item = new PrescriptionItem
                {
                    PrescriptionId = prescription.Id, MedicationName = name, DoseMode = DoseMode.Fixed, DoseMg = mg, DoseVolume = ml,
                    Route = route, EveryHours = every, DurationDays = days, FirstDoseAt = firstDose,
                };
                prescription.Items.Add(item);
                foreach (var dose in AdministrationPlan.For(item, stay.Id, pet.Id, hospitalTime.Zone))
                {
                    if (dose.DueAt < now.AddHours(-2))
                    {
                        var nurse = nurses[random.Next(nurses.Count)];
                        var roll = random.Next(100);
                        var recordedAt = dose.DueAt.AddMinutes(random.Next(-10, roll < 90 ? 30 : 90));
                        if (roll < 4)
                        {
                            dose.MarkNotGiven(AdministrationStatus.Held, NotGivenReason.Vomiting, "Vômito antes da dose", recordedAt, nurse.Id, nurse.DisplayName);
                        }
                        else
                        {
                            dose.Give(mg, recordedAt, nurse.Id, nurse.DisplayName);
                        }
                    }

                    db.MedicationAdministrations.Add(dose);
                    total++;
                }
            }

            db.Prescriptions.Add(prescription);
            if (s % 25 == 24)
            {
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        return total;
    }
}
