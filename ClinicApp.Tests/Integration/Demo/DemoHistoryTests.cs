using System.Diagnostics;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Invoices;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ClinicApp.Tests.Integration.Demo;

/// <summary>An app whose demo hospitals are seeded with the year of history analytics shows
/// (<c>Demo:HistoryMonths</c> = 12, as in Development; the other test apps leave it out for speed).</summary>
public sealed class DemoHistoryFixture : IAsyncLifetime
{
    public ClinicAppFactory App { get; } = new(new Dictionary<string, string?> { ["Demo:HistoryMonths"] = "12" });

    /// <summary>How long the app took to start, its two demo hospitals seeded.</summary>
    public TimeSpan Started { get; private set; }

    public Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        _ = App.BaseUrl;
        Started = watch.Elapsed;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The demo's history as analytics reads it: every month of the last year has visits, invoices, stays and
/// doses; the pattern a vet expects (no-shows most on Monday mornings, newcomers over the year); and all of it over —
/// fully billed, nothing to review, no reminder, no open dose.</summary>
public sealed class DemoHistoryTests(DemoHistoryFixture fixture, ITestOutputHelper output) : IClassFixture<DemoHistoryFixture>
{
    public static readonly TheoryData<string> Hospitals = new() { "aurora", "boavista" };

    [Theory]
    [MemberData(nameof(Hospitals))]
    public async Task Every_month_of_the_last_year_has_visits_invoices_stays_and_doses(string slug)
    {
        output.WriteLine($"app with 12 months of demo history started in {fixture.Started.TotalSeconds:F1} s");
        await using var scope = await new TestUsers(fixture.App).ScopeAsync(slug);
        var time = scope.ServiceProvider.GetRequiredService<HospitalTime>();
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var today = time.Today;
        var first = today.AddMonths(-12);
        var since = time.ToUtc(first.ToDateTime(TimeOnly.MinValue));
        string Month(DateTime utc) => DateOnly.FromDateTime(time.ToLocal(utc)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        var appointments = (await db.Appointments.AsNoTracking().Where(a => a.Start >= since).Select(a => new { a.Start, a.Status }).ToListAsync())
            .GroupBy(a => Month(a.Start)).ToDictionary(g => g.Key, g => g.ToList());
        var invoices = (await db.Invoices.AsNoTracking().Where(i => i.IssuedAt >= since && i.Status != InvoiceStatus.Cancelled).Select(i => i.IssuedAt).ToListAsync())
            .GroupBy(Month).ToDictionary(g => g.Key, g => g.Count());
        var payments = (await db.Payments.AsNoTracking().Where(p => p.PaidAt >= since).Select(p => new { p.PaidAt, p.Method }).ToListAsync());
        var stays = (await db.Hospitalizations.AsNoTracking().Where(h => h.AdmittedAt >= since).Select(h => new { h.AdmittedAt, h.BedId }).ToListAsync())
            .GroupBy(h => Month(h.AdmittedAt)).ToDictionary(g => g.Key, g => g.ToList());
        var doses = (await db.MedicationAdministrations.AsNoTracking().Where(a => a.DueAt >= since).Select(a => a.DueAt).ToListAsync())
            .GroupBy(Month).ToDictionary(g => g.Key, g => g.Count());

        var earliest = await db.Appointments.MinAsync(a => a.Start);
        Assert.True(DateOnly.FromDateTime(time.ToLocal(earliest)) <= first.AddDays(3), $"the agenda begins on {earliest:yyyy-MM-dd}, not a year ago");
        var missing = new List<string>();
        for (var month = new DateOnly(first.Year, first.Month, 1).AddMonths(1); month < new DateOnly(today.Year, today.Month, 1); month = month.AddMonths(1))
        {
            var key = month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            var visits = appointments.GetValueOrDefault(key) ?? [];
            if (visits.Count(a => a.Status == AppointmentStatus.Completed) < 100 || !visits.Exists(a => a.Status == AppointmentStatus.NoShow) || !visits.Exists(a => a.Status == AppointmentStatus.Cancelled))
            {
                missing.Add($"{key}: {visits.Count} appointments");
            }

            if (invoices.GetValueOrDefault(key) < 100 || (stays.GetValueOrDefault(key)?.Count ?? 0) < 5 || doses.GetValueOrDefault(key) < 50)
            {
                missing.Add($"{key}: {invoices.GetValueOrDefault(key)} invoices, {stays.GetValueOrDefault(key)?.Count ?? 0} stays, {doses.GetValueOrDefault(key)} doses");
            }
        }

        Assert.Empty(missing);
        Assert.Equal(Enum.GetValues<PaymentMethod>().Order(), payments.Select(p => p.Method).Distinct().Order());
        // In a bed of a ward (occupancy per ward); the recent demo's few discharges had none.
        Assert.All(stays.Values.SelectMany(s => s).Where(s => s.AdmittedAt < time.UtcNow.AddDays(-61)), s => Assert.NotNull(s.BedId));
    }

    [Theory]
    [MemberData(nameof(Hospitals))]
    public async Task The_history_is_over_billed_and_quiet(string slug)
    {
        await using var scope = await new TestUsers(fixture.App).ScopeAsync(slug);
        var time = scope.ServiceProvider.GetRequiredService<HospitalTime>();
        var charges = scope.ServiceProvider.GetRequiredService<CareCharges>();
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var now = time.UtcNow;
        var today = time.Today;

        // Nothing of the year is to review: what is left is the recent demo's (two visits the desk forgot in the last
        // five weeks, the latest discharge's days), as without the history.
        var care = await charges.UnbilledAsync(now.AddDays(-400));
        Assert.DoesNotContain(care, c => c.What == "Charge.Unbilled.Dose");
        Assert.All(care.Where(c => c.SourceKey.StartsWith("appointment:", StringComparison.Ordinal)), c => Assert.True(c.At >= now.AddDays(-36), $"{c.SourceKey} of {c.At:yyyy-MM-dd} not billed"));
        Assert.InRange(care.Count(c => c.What == "Charge.Unbilled.Stay"), 0, 1);
        Assert.InRange((await charges.UnbilledVisitsAsync(now.AddDays(-30))).Count, 1, 6);

        // Over: no open dose, no stay in a bed, no appointment waiting, before the recent demo's days.
        var old = now.AddDays(-10);
        Assert.False(await db.MedicationAdministrations.AnyAsync(a => a.Status == AdministrationStatus.Scheduled && a.DueAt < old));
        Assert.False(await db.Hospitalizations.AnyAsync(h => h.EndedAt == null && h.AdmittedAt < old));
        Assert.False(await db.Appointments.AnyAsync(a => a.Start < old && a.Status != AppointmentStatus.Completed && a.Status != AppointmentStatus.NoShow && a.Status != AppointmentStatus.Cancelled));

        // Quiet: no message for an old appointment or payment, and no vaccine of the history is due in the reminders' reach.
        var oldPayments = db.Payments.Where(p => p.PaidAt < now.AddDays(-40)).Select(p => (Guid?)p.Id);
        var oldAppointments = db.Appointments.Where(a => a.Start < now.AddDays(-2)).Select(a => (Guid?)a.Id);
        Assert.False(await db.OutboxMessages.AnyAsync(m => oldPayments.Contains(m.PaymentId) || oldAppointments.Contains(m.AppointmentId)));
        var recentDoses = await db.Vaccinations.AsNoTracking().Where(v => v.AppliedOn > today.AddDays(-300)).Select(v => v.NextDueOn).ToListAsync();
        Assert.NotEmpty(recentDoses);
        Assert.All(recentDoses, due => Assert.True(due is null || due > today.AddDays(60), $"a vaccine due on {due}"));
    }

    [Theory]
    [MemberData(nameof(Hospitals))]
    public async Task No_shows_peak_on_monday_mornings_and_newcomers_arrive_all_year(string slug)
    {
        await using var scope = await new TestUsers(fixture.App).ScopeAsync(slug);
        var time = scope.ServiceProvider.GetRequiredService<HospitalTime>();
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var since = time.UtcNow.AddMonths(-12);
        var past = (await db.Appointments.AsNoTracking()
                .Where(a => a.Start >= since && a.Start < time.UtcNow.AddDays(-1) && a.Status != AppointmentStatus.Cancelled)
                .Select(a => new { a.Start, a.Status }).ToListAsync())
            .Select(a => (Local: time.ToLocal(a.Start), NoShow: a.Status == AppointmentStatus.NoShow)).ToList();
        double Rate(IEnumerable<(DateTime Local, bool NoShow)> rows) => rows.Average(r => r.NoShow ? 1.0 : 0.0);

        var mondayMornings = past.Where(a => a.Local.DayOfWeek == DayOfWeek.Monday && a.Local.Hour < 12).ToList();
        var midweek = past.Where(a => a.Local.DayOfWeek is DayOfWeek.Tuesday or DayOfWeek.Wednesday or DayOfWeek.Thursday && a.Local.Hour < 17).ToList();
        Assert.True(Rate(mondayMornings) > 1.5 * Rate(midweek), $"no-shows: Monday mornings {Rate(mondayMornings):P1}, midweek {Rate(midweek):P1}");

        var newTutors = (await db.Tutors.AsNoTracking().Where(t => t.CreatedAt >= since).Select(t => t.CreatedAt).ToListAsync())
            .Select(c => (c.Year, c.Month)).Distinct().Count();
        Assert.True(newTutors >= 12, $"new tutors in {newTutors} months");
    }
}
