using System.Security.Claims;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Analytics;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Analytics;

/// <summary>The promise of the dashboard, over the demo hospital's real data and every section: the records a click
/// opens add up to the figure clicked, for every card and every point of every chart, in the admin's view and in a
/// veterinarian's.</summary>
public sealed class DashboardConsistencyTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    public static TheoryData<string, int> Views => new()
    {
        { Roles.Admin, 30 },
        { Roles.Admin, 365 },
        { Roles.Veterinarian, 30 },
        { Roles.Veterinarian, 365 },
    };

    [Theory]
    [MemberData(nameof(Views))]
    public async Task Every_card_and_chart_point_opens_records_that_add_up_to_it(string role, int days)
    {
        await using var scope = await ScopeAsync("aurora", role);
        var analytics = scope.ServiceProvider.GetRequiredService<AnalyticsService>();
        var today = scope.ServiceProvider.GetRequiredService<HospitalTime>().Today;
        var period = new AnalyticsPeriod(today.AddDays(1 - days), today);

        var dashboard = await analytics.BuildAsync(period);

        Assert.False(dashboard.IsEmpty);
        Assert.Equal(role == Roles.Veterinarian, dashboard.VetView);
        var checkedPoints = 0;
        foreach (var card in dashboard.Cards.Where(c => c.Value.Drillable && c.Current is not null))
        {
            var list = await analytics.DrillAsync(period, new DrillKey(card.Id));
            Assert.True(card.Current == list.Total, $"card {card.Id}: figure {card.Current}, records add up to {list.Total}");
            checkedPoints++;
        }

        foreach (var chart in dashboard.Charts.Select(c => c.Chart).Where(c => c.Drillable))
        {
            foreach (var series in chart.Series)
            {
                for (var i = 0; i < chart.Categories.Count; i++)
                {
                    if (series.Values[i] is not { } value || value == 0)
                    {
                        continue;
                    }

                    var point = chart.Categories[i].Key;
                    var list = await analytics.DrillAsync(period, new DrillKey(chart.Id, series.Key, point));
                    Assert.True(value == list.Total, $"chart {chart.Id}, series {series.Key}, point {point}: figure {value}, records add up to {list.Total}");
                    checkedPoints++;
                }
            }
        }

        Assert.True(checkedPoints > (role == Roles.Admin ? 20 : 2), $"only {checkedPoints} figures checked");
    }

    [Fact]
    public async Task A_vet_sees_only_their_own_production()
    {
        await using var admin = await ScopeAsync("aurora", Roles.Admin);
        await using var vet = await ScopeAsync("aurora", Roles.Veterinarian);
        var today = admin.ServiceProvider.GetRequiredService<HospitalTime>().Today;
        var period = AnalyticsPeriod.Of(PeriodPreset.Last30Days, today);

        var hospital = await admin.ServiceProvider.GetRequiredService<AnalyticsService>().BuildAsync(period);
        var own = await vet.ServiceProvider.GetRequiredService<AnalyticsService>().BuildAsync(period);

        Assert.Contains(hospital.Cards, c => c.Id == "revenue");
        Assert.DoesNotContain(own.Cards, c => c.Id is "revenue" or "received" or "open-receivables" or "in-hospital");
        Assert.DoesNotContain(own.Charts, c => c.Chart.Id is "revenue-by-day" or "received-by-method");
        var production = own.Chart("production-by-vet");
        Assert.NotNull(production);
        Assert.Single(production.Categories);
    }

    private Task<AsyncServiceScope> ScopeAsync(string slug, string role) => DemoUsers.ScopeAsync(fixture.App, slug, role);
}
