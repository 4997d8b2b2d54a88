using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using ClinicApp.Data;
using ClinicApp.Data.Analytics;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Demo;
using ClinicApp.Features.Analytics;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Xunit.Abstractions;

using static ClinicApp.Tests.Benchmarks.BenchmarkTiming;

namespace ClinicApp.Tests.Benchmarks;

/// <summary>Analytics: fills a new hospital of the real app with <c>--months</c> (24) of history from the demo's
/// history generator — <c>--vets</c> (24) vets seeing up to <c>--per-vet-day</c> (16) appointments a day (about
/// 200,000 in two years, each attended one invoiced), <c>--stays-per-day</c> (10) admissions with their doses (over
/// 500,000) in <c>--beds-per-ward</c> (30) × 4 wards, and <c>--tutors</c> (20,000) tutors —, then times through the
/// real <see cref="AnalyticsService"/> as an admin the whole dashboard (every section, period and previous period)
/// for the last 30 and the last 365 days, each section alone, and drill-downs of a few cards and chart points,
/// <c>--iterations</c> (30) runs each, printing p50/p95 (server time). Options come from <c>BENCH_ARGS</c>. Not part
/// of the test run (Category=Benchmark): <c>scripts/bench-analytics.sh [--months N] [--vets N] …</c>.</summary>
[Trait("Category", "Benchmark")]
public sealed class AnalyticsBenchmark(ITestOutputHelper output)
{
    [Fact]
    public async Task Dashboard_for_30_and_365_days_and_drill_downs()
    {
        var args = Arguments("--months", "--vets", "--per-vet-day", "--stays-per-day", "--beds-per-ward", "--tutors", "--iterations", "--warmup", "--drills", "--profile", "--sections");
        var months = Option(args, "--months", 24);
        var vetCount = Option(args, "--vets", 24);
        var perVetDay = Option(args, "--per-vet-day", 16);
        var staysPerDay = Option(args, "--stays-per-day", 10);
        var bedsPerWard = Option(args, "--beds-per-ward", 30);
        var tutorCount = Option(args, "--tutors", 20_000);
        var iterations = Option(args, "--iterations", 30);
        var warmUp = Option(args, "--warmup", 2);
        var drills = Option(args, "--drills", 1) != 0;
        var profile = Option(args, "--profile", 0) != 0;
        var timeSections = Option(args, "--sections", 1) != 0;
        var ct = CancellationToken.None;

        // Without the two demo hospitals: the benchmark makes its own.
        await using var app = new ClinicAppFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        var provisioning = app.Services.GetRequiredService<HospitalProvisioning>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        Print($"data in {app.DataDirectory}");

        var slug = $"bench{Random.Shared.Next(100000, 999999)}";
        var hospital = await provisioning.AddAsync(slug, "Hospital Analytics Benchmark", $"admin@{slug}.vet", adminPassword: ClinicAppFactory.Password, ct: ct);
        for (var v = 0; v < vetCount; v++)
        {
            await provisioning.EnsureUserAsync(hospital.Tenant, $"vet{v:D2}@{slug}.vet", $"Dr. Vet {v:D2}", [Roles.Veterinarian], HospitalProvisioning.GeneratePassword(), ct: ct);
        }

        await provisioning.EnsureUserAsync(hospital.Tenant, $"nurse@{slug}.vet", "Enf. Carga", [Roles.Nurse], HospitalProvisioning.GeneratePassword(), ct: ct);

        await using var scope = app.Services.GetRequiredService<TenantScopes>().Create(hospital.Tenant, "bench");
        var services = scope.ServiceProvider;
        var hospitalTime = services.GetRequiredService<HospitalTime>();
        var dbFactory = services.GetRequiredService<ClinicDbFactory>();
        var utcNow = time.GetUtcNow().UtcDateTime;
        var today = hospitalTime.Today;
        var zone = hospitalTime.Zone;
        Guid adminId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            adminId = await db.Users.Where(u => u.Email == $"admin@{slug}.vet").Select(u => u.Id).SingleAsync(ct);
            var (wards, beds) = ClinicalDemo.Wards(bedsPerWard);
            db.Rooms.AddRange(Enumerable.Range(0, vetCount).Select(i => new Room { Name = $"Consultório {i + 1}", Order = i }).Append(new Room { Name = "Centro cirúrgico", Order = 100 }));
            db.PriceItems.AddRange(BillingDemo.PriceList());
            db.Medications.AddRange(ClinicalDemo.Catalogue());
            db.Wards.AddRange(wards);
            db.Beds.AddRange(beds);
            db.CareSettings.Add(new CareSettings());
            db.AgendaSettings.Add(new AgendaSettings());
            await db.SaveChangesAsync(ct);
        }

        var fill = Stopwatch.StartNew();
        var counts = await FillAsync(app, hospital.Tenant, dbFactory, months, perVetDay, staysPerDay, tutorCount, today, zone, utcNow, ct);
        Print($"hospital {slug}: {counts} over {months} months, {vetCount} vets; filled in {fill.Elapsed.TotalSeconds:F0} s");

        // As the hospital's admin (the whole hospital): the same checks the page's requests pass.
        services.GetRequiredService<CurrentActor>().SetUser(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, adminId.ToString()), new Claim(ClaimTypes.Name, $"admin@{slug}.vet"), new Claim(ClaimTypes.Role, Roles.Admin)], "bench")));
        var analytics = services.GetRequiredService<AnalyticsService>();
        var sections = services.GetServices<IAnalyticsSection>().OrderBy(s => s.Order).ToList();
        var month = AnalyticsPeriod.Of(PeriodPreset.Last30Days, today);
        var year = new AnalyticsPeriod(today.AddDays(-364), today);
        // The first dashboard of a year with no day stored yet: every day computed from the rows (and stored).
        var cold = Stopwatch.StartNew();
        var dashboard = await analytics.BuildAsync(year, ct);
        Print($"sections: {string.Join(", ", sections.Select(s => s.GetType().Name))}; {dashboard.Cards.Count} cards, {dashboard.Charts.Count} charts");
        Print($"{"dashboard, 365 days, no day stored (rows)",-44} {cold.Elapsed.TotalMilliseconds,8:F1}   (once)");

        // The nightly job from nothing: two years of closed days of every section, a month at a time.
        await dbFactory.ForgetAnalyticsDaysAsync(ct);
        var night = Stopwatch.StartNew();
        var storedDays = await services.GetServices<IHospitalRecurringJob>().OfType<AnalyticsDaysJob>().Single().RefreshAsync(ct);
        Print($"{$"nightly job: {storedDays} section days stored",-44} {night.Elapsed.TotalMilliseconds,8:F1}   (once)");

        Print($"{"measure",-44} {"p50 ms",8} {"p95 ms",8} {"max ms",8}   ({iterations} runs each after {warmUp} warm-up)");
        foreach (var (name, period) in new[] { ("dashboard, last 30 days", month), ("dashboard, last 365 days", year) })
        {
            var (p50, p95, max) = await TimeAsync(() => analytics.BuildAsync(period, ct), iterations, warmUp);
            Print($"{name,-44} {p50,8:F1} {p95,8:F1} {max,8:F1}");
        }

        // A working day after the night: changes to 20 past days of the year (late payments, corrected doses) marked
        // them stale; the next dashboard counts those days again from their rows.
        var (s50, s95, sMax) = await TimeAsync(async () =>
        {
            await MarkStaleAsync(dbFactory, year, 20, ct);
            await analytics.BuildAsync(year, ct);
        }, Math.Max(5, iterations / 3), warmUp);
        Print($"{"dashboard, 365 days, 20 days changed",-44} {s50,8:F1} {s95,8:F1} {sMax,8:F1}   (marking included)");

        // Each section alone (its period and the previous one, as the dashboard computes it): where the time goes.
        foreach (var section in timeSections ? sections : [])
        {
            foreach (var (label, period) in new[] { ("30 d", month), ("365 d", year) })
            {
                var context = new AnalyticsContext(period, zone, utcNow, VetId: null);
                var (p50, p95, max) = await TimeAsync(async () =>
                {
                    await section.ComputeAsync(context, ct);
                    await section.ComputeAsync(context.ForPrevious(), ct);
                }, Math.Max(5, iterations / 3), warmUp);
                Print($"{$"  section {section.GetType().Name}, {label}",-44} {p50,8:F1} {p95,8:F1} {max,8:F1}");
            }
        }

        if (profile)
        {
            // Where a year's dashboard spends its time in the database: each query from its execution to its reader's
            // disposal (rows read and materialized), summed by statement.
            foreach (var (label, period) in new[] { ("30 d", month), ("365 d", year) })
            {
                var queries = await QueryProfile.OfAsync(() => analytics.BuildAsync(period, ct));
                foreach (var (sql, count, total) in queries.Take(12))
                {
                    Print($"  query {label,-5} {total,8:F1} ms ×{count,-4} {sql}");
                }
            }
        }

        // Drill-downs: every drillable card of the year, and the busiest point of each drillable chart.
        var keys = !drills ? [] : dashboard.Cards.Where(c => c.Value.Drillable && c.Current is not null and not 0).Select(c => new DrillKey(c.Id))
            .Concat(dashboard.Charts.Select(c => c.Chart).Where(c => c.Drillable && c.HasData).Select(BusiestPoint))
            .ToList();
        foreach (var key in keys)
        {
            var list = await analytics.DrillAsync(year, key, ct);
            var (p50, p95, max) = await TimeAsync(() => analytics.DrillAsync(year, key, ct), Math.Max(5, iterations / 3), warmUp);
            Print($"{$"  drill {key.Figure}{(key.Point is null ? "" : $" [{key.Series}/{key.Point}]")} ({list.Rows.Count} rows)",-44} {p50,8:F1} {p95,8:F1} {max,8:F1}");
        }

        // The PDF report of the year, as the endpoint makes it: the dashboard computed, then drawn (target < 2 s).
        var localizer = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var pdfBytes = 0;
        var (pdf50, pdf95, pdfMax) = await TimeAsync(async () =>
        {
            var report = await analytics.BuildAsync(year, ct);
            pdfBytes = AnalyticsReport.RenderIn(CultureInfo.GetCultureInfo("pt-BR"), report, localizer, zone).Length;
        }, Math.Max(5, iterations / 3), warmUp);
        Print($"{$"pdf report, last 365 days ({pdfBytes / 1024} KiB)",-44} {pdf50,8:F1} {pdf95,8:F1} {pdfMax,8:F1}");
    }

    /// <summary>Marks <paramref name="count"/> days spread over the period stale for every kind, as saves would.</summary>
    private static async Task MarkStaleAsync(ClinicDbFactory dbFactory, AnalyticsPeriod period, int count, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var step = Math.Max(1, period.Days / count);
        for (var i = 0; i < count; i++)
        {
            var day = period.From.AddDays(i * step + Random.Shared.Next(step));
            db.AnalyticsStaleDays.AddRange(new[] { AnalyticsDayKind.Revenue, AnalyticsDayKind.Agenda, AnalyticsDayKind.Care }
                .Select(kind => new AnalyticsStaleDay { Kind = kind, Day = day, MarkedAt = DateTime.UtcNow }));
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The chart's point with the largest value (its drill-down lists the most rows).</summary>
    private static DrillKey BusiestPoint(ChartData chart)
    {
        var best = chart.Series
            .SelectMany(s => s.Values.Select((v, i) => (Series: s.Key, Point: chart.Categories[i].Key, Value: v ?? 0)))
            .MaxBy(p => p.Value);
        return new DrillKey(chart.Id, best.Series, best.Point);
    }

    /// <summary>Writes the history through a context without the audit interceptor (the benchmark measures reads; an
    /// audit row per generated row would double the fill) and with synchronous writes off, one transaction per month.</summary>
    private static async Task<string> FillAsync(ClinicAppFactory app, TenantInfo tenant, ClinicDbFactory dbFactory, int months, int perVetDay, int staysPerDay, int tutorCount, DateOnly today, TimeZoneInfo zone, DateTime utcNow, CancellationToken ct)
    {
        AnalyticsDemo.World world;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            world = await AnalyticsDemo.WorldAsync(db, zone, ct);
        }

        var connections = app.Services.GetRequiredService<TenantConnections>();
        await using var catalog = connections.CreateCatalog();
        var entity = await catalog.Hospitals.AsNoTracking().SingleAsync(h => h.Id == tenant.Id, ct);
        var options = new DbContextOptionsBuilder<SqliteClinicDbContext>()
            .UseSqlite(connections.HospitalConnectionString(entity), sqlite => sqlite.CommandTimeout(600)).Options;
        await using var fast = new SqliteClinicDbContext(options);
        await fast.Database.OpenConnectionAsync(ct);
        await fast.Database.ExecuteSqlRawAsync("PRAGMA synchronous = OFF", ct);

        var from = today.AddMonths(-months);
        var generator = new AnalyticsDemo(42);
        var size = new AnalyticsDemoSize(perVetDay, staysPerDay, 0, MeanStayDays: 5, MaxItemsPerStay: 5, EveryHours: [4, 6, 6, 8, 12], WithSlots: false);
        var newcomers = generator.NewTutors(tutorCount, from.AddMonths(-6), today.AddDays(-1), world.Vets, today, zone, utcNow, new HashSet<string>(), microchipBase: 0);
        foreach (var pet in newcomers.Pets.Concat<Data.Common.Entity>(newcomers.Tutors))
        {
            // No interceptor here: the rows carry the dates they are written with.
            pet.CreatedAt = pet.UpdatedAt = HospitalTime.ToUtc(newcomers.Joined[pet.Id].ToDateTime(new TimeOnly(8, 0)), zone);
        }

        await AnalyticsDemo.SaveAsync(fast, newcomers, ct);
        long appointments = 0, invoices = 0, stays = 0, doses = 0;
        foreach (var batch in generator.Generate(world, size, from, today.AddDays(-1), today.AddDays(-10), utcNow, 1000, newcomers.Joined, newcomers))
        {
            foreach (var entry in batch.Appointments.Concat<Data.Common.Entity>(batch.Invoices).Concat(batch.Stays).Concat(batch.Doses))
            {
                entry.CreatedAt = entry.UpdatedAt = utcNow;
            }

            await AnalyticsDemo.SaveAsync(fast, batch, ct);
            appointments += batch.Appointments.Count;
            invoices += batch.Invoices.Count;
            stays += batch.Stays.Count;
            doses += batch.Doses.Count;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{newcomers.Tutors.Count} tutors, {newcomers.Pets.Count} pets, {appointments} appointments, {invoices} invoices, {stays} stays, {doses} doses");
    }

    private void Print(FormattableString line)
    {
        var text = line.ToString(CultureInfo.InvariantCulture);
        output.WriteLine(text);
        // The test's output shows only when the run ends; BENCH_PROGRESS names a file to follow while it runs.
        if (Environment.GetEnvironmentVariable("BENCH_PROGRESS") is { Length: > 0 } progress)
        {
            File.AppendAllText(progress, text + Environment.NewLine);
        }
    }
}
