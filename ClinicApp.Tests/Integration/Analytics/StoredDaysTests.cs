using System.Text.Json;
using ClinicApp.Data.Analytics;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Analytics;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Analytics;

/// <summary>The dashboard's day figures kept in the hospital's database (<see cref="DailyFigures"/>): a dashboard
/// from stored days is the dashboard from the rows; a stored day is really read; a change to a past day is seen by
/// the next dashboard; the nightly job stores the days; readers storing the same days at once do not fail; one
/// hospital's stored days are its own.</summary>
/// <remarks>An app of its own (a class fixture): the tests forget and tamper with kept days of the demo hospitals.</remarks>
public sealed class StoredDaysTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    public static TheoryData<string, int> Views => new()
    {
        { Roles.Admin, 30 },
        { Roles.Admin, 365 },
        { Roles.Veterinarian, 30 },
    };

    [Theory]
    [MemberData(nameof(Views))]
    public async Task A_dashboard_from_stored_days_is_the_dashboard_from_the_rows(string role, int days)
    {
        await using var desk = await Desk.AsAsync(fixture.App, "boavista", Roles.Admin);
        await using var viewer = await DemoUsers.ScopeAsync(fixture.App, "boavista", role);
        var analytics = viewer.ServiceProvider.GetRequiredService<AnalyticsService>();
        var period = new AnalyticsPeriod(desk.Time.Today.AddDays(1 - days), desk.Time.Today);
        await ForgetStoredDaysAsync(desk);

        var fromRows = await analytics.BuildAsync(period);
        var stored = await StoredDaysAsync(desk);
        var fromStore = await analytics.BuildAsync(period);
        // The same dashboard at one instant: kept days against rows (two dashboards a moment apart may differ in
        // what "now" moves, an open stay's bed-hours).
        var viewerId = viewer.ServiceProvider.GetRequiredService<CurrentActor>().UserId;
        var at = new AnalyticsContext(period, desk.Hospital.TimeZone, DateTime.UtcNow, role == Roles.Admin ? null : viewerId);
        await ForgetStoredDaysAsync(desk);
        var rowsAt = await FiguresAsync(viewer, at);
        var keptAt = await FiguresAsync(viewer, at);

        // Every closed day of the period (and of the previous one) was stored by the first dashboard, for each kind.
        var closed = period.Days - 2;
        Assert.True(stored.Count(d => d.Kind == AnalyticsDayKind.Agenda) >= closed * 2, $"{stored.Count} days stored");
        if (role == Roles.Admin)
        {
            Assert.True(stored.Count(d => d.Kind == AnalyticsDayKind.Revenue) >= closed * 2);
            Assert.True(stored.Count(d => d.Kind == AnalyticsDayKind.Risk) >= closed * 2);
            Assert.True(stored.Count(d => d.Kind == AnalyticsDayKind.Care) >= closed * 2);
        }

        Assert.Equal(rowsAt, keptAt);
        Assert.Equal(fromRows.Cards.Count, fromStore.Cards.Count);
        Assert.False(fromRows.IsEmpty);
    }

    [Fact]
    public async Task A_stored_day_is_read_until_a_change_marks_it_stale()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Admin);
        var analytics = desk.Services.GetRequiredService<AnalyticsService>();
        var period = AnalyticsPeriod.Of(PeriodPreset.Last30Days, desk.Time.Today);
        var day = desk.Time.Today.AddDays(-10);
        var truth = await analytics.BuildAsync(period);
        var received = truth.Card(RevenueSection.Received)!.Current!.Value;

        // A stored day says what is stored, not what the rows say: the dashboard reads it.
        var dbFactory = desk.Services.GetRequiredService<ClinicDbFactory>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var stored = await db.AnalyticsDays.SingleAsync(d => d.Kind == AnalyticsDayKind.Revenue && d.Day == day);
            var figures = JsonSerializer.Deserialize<RevenueSection.RevenueDay>(stored.Payload)!;
            figures.Received["pix"] = figures.Received.GetValueOrDefault("pix") + 1_000_000m;
            stored.Payload = JsonSerializer.Serialize(figures);
            await db.SaveChangesAsync();
        }

        Assert.Equal(received + 1_000_000m, (await analytics.BuildAsync(period)).Card(RevenueSection.Received)!.Current);

        // A payment taken that day (any save: here straight through the context) marks the day; the next
        // dashboard counts the day again from its rows.
        var noon = HospitalTime.ToUtc(day.ToDateTime(new TimeOnly(12, 0)), desk.Hospital.TimeZone);
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var invoice = await db.Invoices.FirstAsync(i => i.Status == InvoiceStatus.Open || i.Status == InvoiceStatus.PartiallyPaid);
            db.Payments.Add(new Payment { InvoiceId = invoice.Id, Method = PaymentMethod.Cash, Amount = 12.34m, PaidAt = noon });
            await db.SaveChangesAsync();
            Assert.True(await db.AnalyticsStaleDays.AnyAsync(m => m.Kind == AnalyticsDayKind.Revenue && m.Day == day));
        }

        var after = await analytics.BuildAsync(period);
        Assert.Equal(received + 12.34m, after.Card(RevenueSection.Received)!.Current);
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            // The day is stored again and its mark is gone.
            Assert.False(await db.AnalyticsStaleDays.AnyAsync(m => m.Kind == AnalyticsDayKind.Revenue && m.Day == day));
            Assert.True(await db.AnalyticsDays.AnyAsync(d => d.Kind == AnalyticsDayKind.Revenue && d.Day == day));
        }

        // And the records behind the card still add up to it.
        Assert.Equal(after.Card(RevenueSection.Received)!.Current, (await analytics.DrillAsync(period, new DrillKey(RevenueSection.Received))).Total);
    }

    [Fact]
    public async Task A_day_stored_under_other_settings_is_counted_again()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Admin);
        var analytics = desk.Services.GetRequiredService<AnalyticsService>();
        var period = AnalyticsPeriod.Of(PeriodPreset.Last7Days, desk.Time.Today);
        var at = new AnalyticsContext(period, desk.Hospital.TimeZone, DateTime.UtcNow, VetId: null);
        var truth = await FiguresAsync(desk.Services, at);
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            // As if the tolerance or the time zone had changed since: the stamp no longer matches, the payload lies.
            await db.AnalyticsDays.ExecuteUpdateAsync(s => s.SetProperty(d => d.Stamp, "v0|elsewhere").SetProperty(d => d.Payload, "{}"));
        }

        Assert.Equal(truth, await FiguresAsync(desk.Services, at));
    }

    [Fact]
    public async Task A_price_change_recounts_the_revenue_at_risk_and_not_a_year_of_sales()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Admin);
        var analytics = desk.Services.GetRequiredService<AnalyticsService>();
        var period = AnalyticsPeriod.Of(PeriodPreset.Last30Days, desk.Time.Today);
        await analytics.BuildAsync(period);
        var dbFactory = desk.Services.GetRequiredService<ClinicDbFactory>();
        Dictionary<(string Kind, DateOnly Day), DateTime> before;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            before = await db.AnalyticsDays.ToDictionaryAsync(d => (d.Kind, d.Day), d => d.ComputedAt);
            var price = await db.PriceItems.FirstAsync(p => p.IsActive);
            price.Price += 1m;
            await db.SaveChangesAsync();
        }

        var after = await analytics.BuildAsync(period);
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var now = await db.AnalyticsDays.ToDictionaryAsync(d => (d.Kind, d.Day), d => d.ComputedAt);
            Assert.All(before.Where(b => b.Key.Kind == AnalyticsDayKind.Revenue), b => Assert.Equal(b.Value, now[b.Key]));
            Assert.All(before.Where(b => b.Key.Kind == AnalyticsDayKind.Risk), b => Assert.NotEqual(b.Value, now[b.Key]));
        }

        Assert.Equal(after.Card(RevenueSection.RevenueAtRisk)!.Current, (await analytics.DrillAsync(period, new DrillKey(RevenueSection.RevenueAtRisk))).Total);
    }

    [Fact]
    public async Task The_nightly_job_stores_the_days_and_a_second_run_has_nothing_to_do()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "boavista", Roles.Admin);
        await ForgetStoredDaysAsync(desk);
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            // A mark of a day no dashboard reads any more is forgotten.
            db.AnalyticsStaleDays.Add(new AnalyticsStaleDay { Kind = AnalyticsDayKind.Care, Day = desk.Time.Today.AddYears(-5), MarkedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var job = desk.Services.GetServices<IHospitalRecurringJob>().OfType<AnalyticsDaysJob>().Single();
        var first = await job.RefreshAsync(CancellationToken.None);
        var second = await job.RefreshAsync(CancellationToken.None);

        // Two compared periods of the longest length, four kinds of days (sales, revenue at risk, agenda, care).
        Assert.Equal(4 * 2 * AnalyticsPeriod.MaxDays, first);
        Assert.Equal(0, second);
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            Assert.False(await db.AnalyticsStaleDays.AnyAsync(m => m.Day < desk.Time.Today.AddYears(-4)));
        }

        // Every hospital has it with Hangfire, at night in its own time zone.
        using var connection = fixture.App.Services.GetRequiredService<JobStorage>().GetConnection();
        var registered = connection.GetRecurringJobs().Single(j => j.Id == HospitalSchedules.JobId(AnalyticsDaysJob.JobName, desk.Hospital));
        Assert.Equal(AnalyticsDaysJob.Schedule, registered.Cron);
        Assert.Equal(desk.Hospital.TimeZone.Id, registered.TimeZoneId);
    }

    [Fact]
    public async Task Readers_storing_the_same_days_at_once_all_get_the_figures()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "boavista", Roles.Admin);
        var period = AnalyticsPeriod.Of(PeriodPreset.Last30Days, desk.Time.Today);
        await ForgetStoredDaysAsync(desk);

        var at = new AnalyticsContext(period, desk.Hospital.TimeZone, DateTime.UtcNow, VetId: null);
        var dashboards = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var reader = await Desk.AsAsync(fixture.App, "boavista", Roles.Admin);
            return await FiguresAsync(reader.Services, at);
        }));

        Assert.All(dashboards, d => Assert.Equal(dashboards[0], d));
        Assert.Equal(dashboards[0], await FiguresAsync(desk.Services, at));
    }

    [Fact]
    public async Task One_hospitals_stored_days_are_never_another_hospitals()
    {
        await using var aurora = await Desk.AsAsync(fixture.App, "aurora", Roles.Admin);
        await using var boavista = await Desk.AsAsync(fixture.App, "boavista", Roles.Admin);
        var period = AnalyticsPeriod.Of(PeriodPreset.Last30Days, aurora.Time.Today);
        await ForgetStoredDaysAsync(boavista);
        var at = new AnalyticsContext(period, boavista.Hospital.TimeZone, DateTime.UtcNow, VetId: null);
        var boavistaFromRows = await FiguresAsync(boavista.Services, at);

        // Aurora's days are stored (and then made absurd); Boa Vista's dashboard is still its own rows'.
        await aurora.Services.GetRequiredService<AnalyticsService>().BuildAsync(period);
        await using (var db = await aurora.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            Assert.True(await db.AnalyticsDays.AnyAsync());
            await db.AnalyticsDays.ExecuteUpdateAsync(s => s.SetProperty(d => d.Payload, "null"));
        }

        await ForgetStoredDaysAsync(boavista);
        Assert.Equal(boavistaFromRows, await FiguresAsync(boavista.Services, at));
        Assert.Equal(boavistaFromRows, await FiguresAsync(boavista.Services, at));
        await ForgetStoredDaysAsync(aurora);
    }

    /// <summary>Every section's figures for a context and its previous period, as text, to compare whole: the
    /// dashboard's computation at a fixed instant (the sections a veterinarian's view has, for one).</summary>
    private static async Task<string> FiguresAsync(IServiceProvider services, AnalyticsContext context)
    {
        var results = new List<AnalyticsSectionResult>();
        foreach (var section in services.GetServices<IAnalyticsSection>().Where(s => context.VetId is null || s.ForVets).OrderBy(s => s.Order))
        {
            results.Add(await section.ComputeAsync(context, CancellationToken.None));
            results.Add(await section.ComputeAsync(context.ForPrevious(), CancellationToken.None));
        }

        return JsonSerializer.Serialize(results);
    }

    private static Task<string> FiguresAsync(AsyncServiceScope scope, AnalyticsContext context) => FiguresAsync(scope.ServiceProvider, context);

    private static Task ForgetStoredDaysAsync(Desk desk) => desk.Services.GetRequiredService<ClinicDbFactory>().ForgetAnalyticsDaysAsync();

    private static async Task<List<AnalyticsDay>> StoredDaysAsync(Desk desk)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.AnalyticsDays.AsNoTracking().ToListAsync();
    }
}
