using ClinicApp.Features.Analytics;

namespace ClinicApp.Tests.Unit.Analytics;

public sealed class AnalyticsPeriodTests
{
    private static readonly DateOnly Today = new(2026, 12, 9);

    [Theory]
    [InlineData(PeriodPreset.Today, "2026-12-09", "2026-12-09")]
    [InlineData(PeriodPreset.Last7Days, "2026-12-03", "2026-12-09")]
    [InlineData(PeriodPreset.Last30Days, "2026-11-10", "2026-12-09")]
    [InlineData(PeriodPreset.ThisMonth, "2026-12-01", "2026-12-09")]
    [InlineData(PeriodPreset.LastMonth, "2026-11-01", "2026-11-30")]
    [InlineData(PeriodPreset.ThisYear, "2026-01-01", "2026-12-09")]
    public void Presets_are_ranges_of_local_days(PeriodPreset preset, string from, string to)
    {
        var period = AnalyticsPeriod.Of(preset, Today);

        Assert.Equal((from, to), (period.FromText, period.ToText));
        Assert.Equal(preset, period.PresetOn(Today));
    }

    [Fact]
    public void The_previous_period_has_the_same_length_just_before()
    {
        var lastMonth = AnalyticsPeriod.Of(PeriodPreset.LastMonth, Today);

        Assert.Equal(new AnalyticsPeriod(new(2026, 10, 2), new(2026, 10, 31)), lastMonth.Previous);
        Assert.Equal(new AnalyticsPeriod(new(2026, 12, 8), new(2026, 12, 8)), AnalyticsPeriod.Of(PeriodPreset.Today, Today).Previous);
    }

    [Theory]
    [InlineData("2026-11-01", "2026-11-30", true)]
    [InlineData("2026-11-30", "2026-11-01", false)]
    [InlineData("2026-02-30", "2026-03-01", false)]
    [InlineData("01/11/2026", "2026-11-30", false)]
    [InlineData(null, "2026-11-30", false)]
    [InlineData("1999-12-31", "2000-01-01", false)]
    [InlineData("2024-12-09", "2026-12-09", true)]
    [InlineData("2024-12-08", "2026-12-09", false)]
    public void Addresses_parse_only_sensible_ranges(string? from, string? to, bool valid)
    {
        var period = AnalyticsPeriod.Parse(from, to);

        Assert.Equal(valid, period is not null);
        if (period is not null)
        {
            Assert.Equal($"from={from}&to={to}", period.Query);
        }
    }

    [Fact]
    public void The_range_is_local_midnight_to_local_midnight()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");
        var (start, end) = new AnalyticsPeriod(new(2026, 12, 7), new(2026, 12, 7)).UtcRange(zone);

        Assert.Equal(new DateTime(2026, 12, 7, 3, 0, 0, DateTimeKind.Utc), start);
        Assert.Equal(new DateTime(2026, 12, 8, 3, 0, 0, DateTimeKind.Utc), end);
    }

    [Fact]
    public void Short_periods_are_days_half_years_weeks_and_longer_months()
    {
        var month = AnalyticsPeriod.Of(PeriodPreset.Last30Days, Today);
        Assert.Equal(Granularity.Day, month.Granularity);
        Assert.Equal(30, month.Buckets().Count);

        // 2026-09-01 is a Tuesday: the first week is cut to the period (Tue–Sun), the next start on Mondays.
        var quarter = new AnalyticsPeriod(new(2026, 9, 1), new(2026, 11, 30));
        Assert.Equal(Granularity.Week, quarter.Granularity);
        var weeks = quarter.Buckets();
        Assert.Equal(("2026-09-01", new DateOnly(2026, 9, 6)), (weeks[0].Key, weeks[0].To));
        Assert.Equal("2026-09-07", weeks[1].Key);
        Assert.Equal("2026-09-07", quarter.BucketKeyOf(new DateOnly(2026, 9, 13)));
        Assert.Equal("2026-09-01", quarter.BucketKeyOf(new DateOnly(2026, 9, 2)));
        Assert.Equal(quarter.Days, weeks.Sum(w => w.To.DayNumber - w.From.DayNumber + 1));

        var year = AnalyticsPeriod.Of(PeriodPreset.ThisYear, Today);
        Assert.Equal(Granularity.Month, year.Granularity);
        Assert.Equal(12, year.Buckets().Count);
        Assert.Equal("2026-12-01", year.BucketKeyOf(Today));
        Assert.Equal(Today, year.Buckets()[^1].To);
        Assert.Null(year.BucketOf("2026-12-02"));
    }
}

public sealed class AnalyticsMathTests
{
    [Fact]
    public void Rates_round_to_one_decimal_and_nothing_due_is_no_rate()
    {
        Assert.Equal(28.6m, AnalyticsMath.Percent(2, 7));
        Assert.Null(AnalyticsMath.Percent(0, 0));
        Assert.Equal(-50m, AnalyticsMath.Change(50, 100));
        Assert.Null(AnalyticsMath.Change(50, 0));
        Assert.Null(AnalyticsMath.Change(null, 10));
        Assert.Equal(33.33m, AnalyticsMath.Average(100m, 3, ValueFormat.Money));
    }

    [Fact]
    public void A_drill_lists_total_is_computed_from_its_rows()
    {
        DrillRow Row(decimal value) => new(DrillRecord.Appointment, Guid.NewGuid(), null, "Rex", null, value, null);
        var sevenWithTwoNoShows = new List<decimal> { 1m, 1m, 0m, 0m, 0m, 0m, 0m }.Select(Row).ToList();

        Assert.Equal(28.6m, new DrillList("", ValueFormat.Percent, DrillAggregate.Rate, sevenWithTwoNoShows).Total);
        Assert.Equal(7, new DrillList("", ValueFormat.Count, DrillAggregate.Count, sevenWithTwoNoShows).Total);
        Assert.Equal(2m, new DrillList("", ValueFormat.Count, DrillAggregate.Sum, sevenWithTwoNoShows).Total);
        Assert.Equal(50m, new DrillList("", ValueFormat.Percent, DrillAggregate.Share, sevenWithTwoNoShows, Denominator: 4).Total);
        Assert.Null(new DrillList("", ValueFormat.Money, DrillAggregate.Average, []).Total);
    }
}
