using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Analytics;
using ClinicApp.Features.Invoices;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Analytics;

/// <summary>The revenue section on the hand-built hospital of <see cref="RevenueHospital"/>: every figure of March 2025
/// and of the period before it as worked out there, every drill-down adding up to its figure, who may see it, and
/// that another hospital's money never shows.</summary>
public sealed class RevenueSectionTests(RevenueHospital hospital) : IClassFixture<RevenueHospital>
{
    private static readonly AnalyticsPeriod March = RevenueHospital.March;

    private static readonly string[] CardIds = [RevenueSection.Revenue, RevenueSection.Received, RevenueSection.AverageTicket, RevenueSection.OpenReceivables, RevenueSection.RevenueAtRisk];

    [Fact]
    public async Task An_invoice_paid_in_two_methods_counts_once_in_revenue_and_is_split_in_methods()
    {
        var dashboard = await AdminDashboardAsync(March);

        // A 230 + C 189.99 + D 50 + K 61 (B cancelled, E in February, F in April).
        Assert.Equal(530.99m, dashboard.Card(RevenueSection.Revenue)!.Current);
        // A 100 + 130, C 50, I 80 (an older invoice paid in March).
        Assert.Equal(360m, dashboard.Card(RevenueSection.Received)!.Current);
        Assert.Equal(132.75m, dashboard.Card(RevenueSection.AverageTicket)!.Current); // 530.99 / 4 = 132.7475
        var methods = dashboard.Chart(RevenueSection.ReceivedByMethod)!;
        Assert.Equal(["cash", "card", "pix", "online"], methods.Categories.Select(c => c.Key));
        Assert.Equal<decimal?>([100m, 50m, 210m, 0m], methods.Series.Single().Values);
        Assert.Equal(360m, methods.Headline);

        var revenueRows = await DrillAsync(March, new DrillKey(RevenueSection.Revenue));
        Assert.Single(revenueRows.Rows, r => r.Id == hospital.Invoices['A']);
        Assert.Equal(230m, revenueRows.Rows.Single(r => r.Id == hospital.Invoices['A']).Value);
        var pix = await DrillAsync(March, new DrillKey(RevenueSection.ReceivedByMethod, "received", "pix"));
        Assert.Equal([hospital.Invoices['A'], hospital.Invoices['I']], pix.Rows.Select(r => InvoiceOf(r.Href)));
        Assert.All(pix.Rows, r => Assert.Equal(DrillRecord.Payment, r.Kind));
    }

    [Fact]
    public async Task A_cancelled_invoice_is_left_out_of_revenue_receivables_and_every_list()
    {
        var cancelled = hospital.Invoices['B'];
        var dashboard = await AdminDashboardAsync(March);

        Assert.Equal(4, (await DrillAsync(March, new DrillKey(RevenueSection.Revenue))).Rows.Count);
        Assert.Equal(0m, dashboard.Chart(RevenueSection.RevenueByDay)!.Series.Sum(s => s.Values[3] ?? 0)); // 4 March: only B
        foreach (var figure in new[] { RevenueSection.Revenue, RevenueSection.Received, RevenueSection.OpenReceivables, RevenueSection.AverageTicket })
        {
            Assert.DoesNotContain((await DrillAsync(March, new DrillKey(figure))).Rows, r => r.Id == cancelled || r.Href == $"invoices/{cancelled}");
        }

        Assert.DoesNotContain(dashboard.Chart(RevenueSection.TopServices)!.Categories, c => c.Label == "Cirurgia");
    }

    [Fact]
    public async Task A_discounted_invoice_is_split_over_its_categories_adding_up_to_its_total()
    {
        Assert.Equal<decimal>([95.00m, 47.50m, 47.49m], RevenueSection.SplitTotal(189.99m, [100m, 50m, 50m]));
        Assert.Equal<decimal>([0.33m, 0.33m, 0.34m], RevenueSection.SplitTotal(1m, [1m, 1m, 1m]));
        Assert.Equal<decimal>([0m, 0m], RevenueSection.SplitTotal(0m, [0m, 0m]));

        var chart = (await AdminDashboardAsync(March)).Chart(RevenueSection.RevenueByDay)!;

        Assert.Equal(ChartShape.Time, chart.Shape);
        Assert.True(chart.Stacked);
        Assert.Equal(RevenueSection.Categories, chart.Series.Select(s => s.Key));
        Assert.Equal(31, chart.Categories.Count);
        Assert.Equal(95.00m, chart.ValueAt("consultations", "2025-03-10"));
        Assert.Equal(47.50m, chart.ValueAt("medicines", "2025-03-10"));
        Assert.Equal(47.49m, chart.ValueAt("other", "2025-03-10"));
        Assert.Equal(0m, chart.ValueAt("exams", "2025-03-10"));
        Assert.Equal(189.99m, chart.Series.Sum(s => chart.ValueAt(s.Key, "2025-03-10")));
        Assert.Equal(150m, chart.ValueAt("consultations", "2025-03-03"));
        Assert.Equal(80m, chart.ValueAt("exams", "2025-03-03"));
        Assert.Equal(61m, chart.ValueAt("other", "2025-03-25"));

        // Every day's stack is that day's revenue, and the stacks add up to the revenue card.
        Assert.Equal(530.99m, chart.Series.Sum(s => s.Values.Sum(v => v ?? 0)));
        Assert.Equal(530.99m, chart.Headline);
        var day = await DrillAsync(March, new DrillKey(RevenueSection.RevenueByDay, null, "2025-03-10"));
        Assert.Equal(189.99m, day.Total);
    }

    [Fact]
    public async Task An_invoice_at_half_past_eleven_at_night_belongs_to_that_local_day()
    {
        var chart = (await AdminDashboardAsync(March)).Chart(RevenueSection.RevenueByDay)!;

        // D: 23:30 of 20 March in São Paulo, 02:30 of the 21st in UTC.
        Assert.Equal(50m, chart.ValueAt("medicines", "2025-03-20"));
        Assert.Equal(0m, chart.Series.Sum(s => chart.ValueAt(s.Key, "2025-03-21")));
        Assert.Equal([hospital.Invoices['D']], (await DrillAsync(March, new DrillKey(RevenueSection.RevenueByDay, "medicines", "2025-03-20"))).Rows.Select(r => r.Id));

        // E: 23:30 of 28 February, already 1 March in UTC: the previous period's, not March's.
        Assert.DoesNotContain((await DrillAsync(March, new DrillKey(RevenueSection.Revenue))).Rows, r => r.Id == hospital.Invoices['E']);
        Assert.Contains((await DrillAsync(March.Previous, new DrillKey(RevenueSection.Revenue))).Rows, r => r.Id == hospital.Invoices['E']);
        var february = (await AdminDashboardAsync(March.Previous)).Chart(RevenueSection.RevenueByDay)!;
        Assert.Equal(20m, february.ValueAt("other", "2025-02-28"));
    }

    [Fact]
    public async Task Receivables_are_what_was_owed_at_the_periods_end_by_age()
    {
        var march = await AdminDashboardAsync(March);

        // C 139.99, D 50 (paid only in April), K 61, E 20, H 300, J 40; I was paid in March, F issued after.
        Assert.Equal(610.99m, march.Card(RevenueSection.OpenReceivables)!.Current);
        Assert.False(march.Card(RevenueSection.OpenReceivables)!.Value.HigherIsBetter);
        var aging = march.Chart(RevenueSection.ReceivablesAging)!;
        Assert.Equal(RevenueSection.AgeBuckets, aging.Categories.Select(c => c.Key));
        Assert.Equal<decimal?>([250.99m, 20m, 300m, 40m], aging.Series.Single().Values); // E: 31 days; H: 75; J: 150
        Assert.Equal(610.99m, aging.Headline);
        var open = await DrillAsync(March, new DrillKey(RevenueSection.OpenReceivables));
        Assert.Equal(50m, open.Rows.Single(r => r.Id == hospital.Invoices['D']).Value);
        Assert.Equal(139.99m, open.Rows.Single(r => r.Id == hospital.Invoices['C']).Value);

        // At the end of February: E 20 (0 days), H 300 (43), I 80 (89), J 40 (119).
        var february = (await AdminDashboardAsync(March.Previous)).Chart(RevenueSection.ReceivablesAging)!;
        Assert.Equal<decimal?>([20m, 300m, 80m, 40m], february.Series.Single().Values);
        Assert.Equal(440m, march.Card(RevenueSection.OpenReceivables)!.Previous);
    }

    [Fact]
    public async Task Top_ten_services_and_medicines_by_revenue_and_by_count_with_the_rest_cut()
    {
        var dashboard = await AdminDashboardAsync(March);

        var byRevenue = dashboard.Chart(RevenueSection.TopServices)!;
        Assert.True(byRevenue.Horizontal);
        Assert.Equal(["Consulta", "Hemograma", "Banho", "Serviço 10", "Serviço 09", "Serviço 08", "Serviço 07", "Curativo", "Serviço 06", "Serviço 05"],
            byRevenue.Categories.Select(c => c.Label));
        Assert.Equal<decimal?>([245m, 80m, 47.49m, 10m, 9m, 8m, 7m, 6m, 6m, 5m], byRevenue.Series.Single().Values); // Consulta: 150 on A + 95.00 on C
        Assert.Equal(ValueFormat.Money, byRevenue.Format);

        var byCount = dashboard.Chart(RevenueSection.TopServicesByCount)!;
        Assert.Equal(["Curativo", "Consulta", "Hemograma", "Banho", "Serviço 10", "Serviço 09", "Serviço 08", "Serviço 07", "Serviço 06", "Serviço 05"],
            byCount.Categories.Select(c => c.Label));
        Assert.Equal<decimal?>([3m, 2m, 1m, 1m, 1m, 1m, 1m, 1m, 1m, 1m], byCount.Series.Single().Values);
        Assert.Equal(ValueFormat.Count, byCount.Format);

        // Doses of a medicine group by its name, whatever their time.
        var medicines = dashboard.Chart(RevenueSection.TopMedicines)!;
        Assert.Equal(["Dipirona", "Amoxicilina 250 mg"], medicines.Categories.Select(c => c.Label));
        Assert.Equal<decimal?>([50m, 47.50m], medicines.Series.Single().Values);
        Assert.Equal<decimal?>([2m, 1m], dashboard.Chart(RevenueSection.TopMedicinesByCount)!.Series.Single().Values);

        var consulta = byRevenue.Categories[0].Key;
        var consultaRows = await DrillAsync(March, new DrillKey(RevenueSection.TopServices, "revenue", consulta));
        Assert.Equal(new[] { hospital.Invoices['A'], hospital.Invoices['C'] }.Order(), consultaRows.Rows.Select(r => r.Id).Order());
        Assert.Equal(245m, consultaRows.Total);
    }

    [Fact]
    public async Task Revenue_at_risk_is_the_care_of_the_period_not_yet_charged()
    {
        var dashboard = await AdminDashboardAsync(March);

        // X1 (150) and X2 (no price); X3 is charged on C, X4 is February's, X5 April's.
        Assert.Equal(150m, dashboard.Card(RevenueSection.RevenueAtRisk)!.Current);
        Assert.Equal(150m, dashboard.Card(RevenueSection.RevenueAtRisk)!.Previous);
        var visits = await DrillAsync(March, new DrillKey(RevenueSection.RevenueAtRisk));
        Assert.Equal([hospital.UnpricedAppointment, hospital.UnbilledAppointment], visits.Rows.Select(r => r.Id));
        Assert.Equal<decimal>([0m, 150m], visits.Rows.Select(r => r.Value));
        Assert.All(visits.Rows, r => Assert.Equal(DrillRecord.Charge, r.Kind));
        Assert.All(visits.Rows, r => Assert.StartsWith("pets/", r.Href, StringComparison.Ordinal));

        // The same visits as the invoices page's charges to review over those days.
        await using var desk = await Desk.AsAsync(hospital.App, hospital.Slug, Roles.Admin);
        var (start, end) = March.UtcRange(desk.Hospital.TimeZone);
        var review = CareCharges.ByVisit((await desk.Services.GetRequiredService<CareCharges>().UnbilledAsync(start)).Where(c => c.At < end));
        Assert.Equal(review.Select(v => v.VisitKey), visits.Rows.Select(r => CareCharges.AppointmentKey(r.Id)));
    }

    [Fact]
    public async Task Each_figure_stands_beside_the_previous_periods()
    {
        var dashboard = await AdminDashboardAsync(March);

        Assert.Equal(530.99m, dashboard.Card(RevenueSection.Revenue)!.Current);
        Assert.Equal(170m, dashboard.Card(RevenueSection.Revenue)!.Previous); // G 150 + E 20
        Assert.Equal(212.3m, dashboard.Card(RevenueSection.Revenue)!.ChangePercent);
        Assert.Equal(150m, dashboard.Card(RevenueSection.Received)!.Previous);
        Assert.Equal(140.0m, dashboard.Card(RevenueSection.Received)!.ChangePercent); // 360 against 150
        Assert.Equal(85m, dashboard.Card(RevenueSection.AverageTicket)!.Previous);
        Assert.Equal(440m, dashboard.Card(RevenueSection.OpenReceivables)!.Previous);
        var byDay = dashboard.Charts.Single(c => c.Chart.Id == RevenueSection.RevenueByDay);
        Assert.Equal(170m, byDay.PreviousHeadline);
        Assert.Equal(150m, dashboard.Charts.Single(c => c.Chart.Id == RevenueSection.ReceivedByMethod).PreviousHeadline);
        Assert.Equal(CardIds, dashboard.Cards.Select(c => c.Id).Where(CardIds.Contains));
    }

    [Fact]
    public async Task Every_card_and_every_chart_point_drills_to_rows_adding_up_to_it()
    {
        foreach (var period in new[] { March, March.Previous })
        {
            var dashboard = await AdminDashboardAsync(period);
            var checkedPoints = 0;
            foreach (var id in CardIds)
            {
                var card = dashboard.Card(id)!;
                Assert.Equal(card.Current, (await DrillAsync(period, new DrillKey(id))).Total);
            }

            foreach (var chart in dashboard.Charts.Select(c => c.Chart).Where(c => c.Id is RevenueSection.RevenueByDay or RevenueSection.ReceivedByMethod or RevenueSection.ReceivablesAging
                         or RevenueSection.TopServices or RevenueSection.TopServicesByCount or RevenueSection.TopMedicines or RevenueSection.TopMedicinesByCount))
            {
                foreach (var series in chart.Series)
                {
                    foreach (var (category, value) in chart.Categories.Zip(series.Values).Where(p => p.Second is not null and not 0))
                    {
                        var list = await DrillAsync(period, new DrillKey(chart.Id, series.Key, category.Key));
                        Assert.True(value == list.Total, $"{period.Query} {chart.Id} {series.Key} {category.Key}: {value} ≠ {list.Total}");
                        Assert.All(list.Rows, r => Assert.StartsWith("invoices/", r.Href, StringComparison.Ordinal));
                        checkedPoints++;
                    }
                }
            }

            Assert.True(checkedPoints >= (period == March ? 38 : 11), $"{checkedPoints} points");
        }

        // A point with nothing behind it opens an empty list.
        Assert.Empty((await DrillAsync(March, new DrillKey(RevenueSection.ReceivedByMethod, "received", "online"))).Rows);
    }

    [Fact]
    public async Task A_point_outside_the_period_or_another_sections_figure_is_not_found()
    {
        await using var admin = await Desk.AsAsync(hospital.App, hospital.Slug, Roles.Admin);
        var analytics = admin.Services.GetRequiredService<AnalyticsService>();
        foreach (var key in new DrillKey[]
                 {
                     new(RevenueSection.RevenueByDay, "exams", "2025-04-02"), new(RevenueSection.RevenueByDay, "surgery", "2025-03-10"),
                     new(RevenueSection.ReceivedByMethod, "received", "cheque"), new(RevenueSection.ReceivablesAging, "open", "120+"),
                     new(RevenueSection.TopServices, "revenue", "item:SERVIÇO 01"), new(RevenueSection.TopServices, "count", "item:BANHO"),
                 })
        {
            var error = await Assert.ThrowsAsync<DomainRuleException>(() => analytics.DrillAsync(March, key));
            Assert.Equal("Common.Error.NotFound", error.Message);
        }

        var section = admin.Services.GetServices<IAnalyticsSection>().OfType<RevenueSection>().Single();
        var context = new AnalyticsContext(March, admin.Hospital.TimeZone, DateTime.UtcNow, null);
        Assert.Null(await section.DrillAsync(context, new DrillKey("no-show-rate"), CancellationToken.None));
    }

    [Fact]
    public async Task A_vet_sees_no_hospital_revenue_and_a_receptionist_no_analytics()
    {
        await using var vet = await Desk.AsAsync(hospital.App, hospital.Slug, Roles.Veterinarian);
        var asVet = vet.Services.GetRequiredService<AnalyticsService>();

        var dashboard = await asVet.BuildAsync(March);

        Assert.True(dashboard.VetView);
        Assert.Null(dashboard.Card(RevenueSection.Revenue));
        Assert.DoesNotContain(dashboard.Cards, c => CardIds.Contains(c.Id));
        Assert.Null(dashboard.Chart(RevenueSection.RevenueByDay));
        var drill = await Assert.ThrowsAsync<DomainRuleException>(() => asVet.DrillAsync(March, new DrillKey(RevenueSection.Revenue)));
        Assert.Equal("Common.Error.NotFound", drill.Message);

        await using var desk = await Desk.AsAsync(hospital.App, hospital.Slug, Roles.Receptionist);
        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Services.GetRequiredService<AnalyticsService>().BuildAsync(March));
        Assert.Equal("Common.Error.NotAllowed", refused.Message);
        refused = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Services.GetRequiredService<AnalyticsService>().DrillAsync(March, new DrillKey(RevenueSection.Revenue)));
        Assert.Equal("Common.Error.NotAllowed", refused.Message);
    }

    [Fact]
    public async Task Another_hospitals_invoices_never_appear()
    {
        var mine = await DrillAsync(March, new DrillKey(RevenueSection.Revenue));
        Assert.DoesNotContain(mine.Rows, r => r.Id == hospital.AuroraInvoice);
        Assert.All(mine.Rows, r => Assert.Contains(r.Id, hospital.Invoices.Values));
        Assert.DoesNotContain((await DrillAsync(March, new DrillKey(RevenueSection.ReceivedByMethod, "received", "card"))).Rows, r => r.Href == $"invoices/{hospital.AuroraInvoice}");

        // Aurora's admin sees it in Aurora's figures.
        await using var aurora = await Desk.AsAsync(hospital.App, "aurora", Roles.Admin);
        var theirs = await aurora.Services.GetRequiredService<AnalyticsService>().DrillAsync(March, new DrillKey(RevenueSection.Revenue));
        Assert.Contains(theirs.Rows, r => r.Id == hospital.AuroraInvoice && r.Value == 7777.77m);
        Assert.DoesNotContain(theirs.Rows, r => hospital.Invoices.ContainsValue(r.Id));
    }

    private async Task<AnalyticsDashboard> AdminDashboardAsync(AnalyticsPeriod period)
    {
        await using var admin = await Desk.AsAsync(hospital.App, hospital.Slug, Roles.Admin);
        return await admin.Services.GetRequiredService<AnalyticsService>().BuildAsync(period);
    }

    private async Task<DrillList> DrillAsync(AnalyticsPeriod period, DrillKey key)
    {
        await using var admin = await Desk.AsAsync(hospital.App, hospital.Slug, Roles.Admin);
        return await admin.Services.GetRequiredService<AnalyticsService>().DrillAsync(period, key);
    }

    private static Guid InvoiceOf(string? href) => Guid.Parse(href!["invoices/".Length..]);
}
