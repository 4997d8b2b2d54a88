using ClinicApp.Data.Common;
using ClinicApp.Features.Care;

namespace ClinicApp.Tests.Unit.Care;

public sealed class DoseScheduleTests
{
    private static readonly TimeZoneInfo SaoPaulo = TimeZoneInfo.CreateCustomTimeZone("BRT", TimeSpan.FromHours(-3), "BRT", "BRT");

    /// <summary>A zone with daylight saving like Brazil's until 2019: clocks jump 00:00→01:00 on the
    /// first Sunday of November and fall back 00:00→23:00 on the third Sunday of February.</summary>
    private static readonly TimeZoneInfo WithDaylightSaving = TimeZoneInfo.CreateCustomTimeZone(
        "BRST-test",
        TimeSpan.FromHours(-3),
        "BRST-test",
        "BRT",
        "BRST",
        [
            TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
                new DateTime(2000, 1, 1),
                DateTime.MaxValue.Date,
                TimeSpan.FromHours(1),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 0, 0, 0), 11, 1, DayOfWeek.Sunday),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 0, 0, 0), 2, 3, DayOfWeek.Sunday)),
        ]);

    private static DateTime Utc(string local, TimeZoneInfo zone) =>
        ClinicApp.Tenancy.HospitalTime.ToUtc(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), zone);

    private static List<string> Local(IEnumerable<DateTime> utc, TimeZoneInfo zone) =>
        utc.Select(t => ClinicApp.Tenancy.HospitalTime.ToLocal(t, zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)).ToList();

    [Fact]
    public void Every_8_hours_for_3_days_is_nine_doses_on_the_same_clock_times()
    {
        var times = DoseSchedule.Times(Utc("2026-11-23 08:00", SaoPaulo), 8, 3, SaoPaulo);

        Assert.Equal(
            ["2026-11-23 08:00", "2026-11-23 16:00", "2026-11-24 00:00", "2026-11-24 08:00", "2026-11-24 16:00", "2026-11-25 00:00", "2026-11-25 08:00", "2026-11-25 16:00", "2026-11-26 00:00"],
            Local(times, SaoPaulo));
    }

    [Fact]
    public void The_course_ends_before_the_same_time_n_days_later()
    {
        var first = Utc("2026-11-23 10:30", SaoPaulo);
        var times = DoseSchedule.Times(first, 12, 2, SaoPaulo);

        Assert.Equal(4, times.Count);
        Assert.True(times[^1] < first.AddDays(2));
        Assert.Equal(first.AddHours(36), times[^1]);
    }

    [Fact]
    public void Every_hour_for_7_days_is_168_doses_an_hour_apart()
    {
        var times = DoseSchedule.Times(Utc("2026-11-23 09:00", SaoPaulo), 1, 7, SaoPaulo);

        Assert.Equal(168, times.Count);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(TimeSpan.FromHours(1), pair.Second - pair.First));
    }

    [Fact]
    public void An_interval_longer_than_the_course_gives_one_dose()
    {
        var first = Utc("2026-11-23 09:00", SaoPaulo);

        Assert.Equal([first], DoseSchedule.Times(first, 48, 1, SaoPaulo));
    }

    [Fact]
    public void On_the_day_clocks_jump_forward_a_missing_time_moves_after_the_jump()
    {
        // 2018-11-04: 00:00 does not exist (clocks go to 01:00).
        var times = DoseSchedule.Times(Utc("2018-11-03 08:00", WithDaylightSaving), 8, 2, WithDaylightSaving);

        Assert.Equal(
            ["2018-11-03 08:00", "2018-11-03 16:00", "2018-11-04 01:00", "2018-11-04 08:00", "2018-11-04 16:00", "2018-11-05 00:00"],
            Local(times, WithDaylightSaving));
        Assert.Equal(TimeSpan.FromHours(8), times[2] - times[1]);
        Assert.Equal(TimeSpan.FromHours(7), times[3] - times[2]);
    }

    [Fact]
    public void Hourly_doses_on_the_short_day_are_one_fewer_and_never_repeat_an_instant()
    {
        var times = DoseSchedule.Times(Utc("2018-11-03 12:00", WithDaylightSaving), 1, 1, WithDaylightSaving);

        // 24 clock hours, one of which does not exist that night.
        Assert.Equal(23, times.Count);
        Assert.Equal(times.Count, times.Distinct().Count());
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(TimeSpan.FromHours(1), pair.Second - pair.First));
    }

    [Fact]
    public void On_the_day_clocks_fall_back_a_repeated_time_is_given_once()
    {
        // 2019-02-17: 00:00 comes back to 23:00 of the 16th; 23:00 happens twice.
        var times = DoseSchedule.Times(Utc("2019-02-16 15:00", WithDaylightSaving), 8, 1, WithDaylightSaving);

        Assert.Equal(["2019-02-16 15:00", "2019-02-16 23:00", "2019-02-17 07:00"], Local(times, WithDaylightSaving));
        Assert.Equal(TimeSpan.FromHours(9), times[2] - times[1]);
    }

    [Fact]
    public void Times_from_a_moment_keep_only_what_is_still_to_come()
    {
        var first = Utc("2026-11-23 08:00", SaoPaulo);
        var from = first.AddHours(17);

        var times = DoseSchedule.TimesFrom(first, 8, 3, SaoPaulo, from);

        Assert.Equal(6, times.Count);
        Assert.Equal(first.AddHours(24), times[0]);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(73, 3)]
    [InlineData(8, 0)]
    [InlineData(8, 61)]
    public void Frequencies_and_durations_out_of_range_are_refused(int everyHours, int days)
    {
        var refused = Assert.Throws<DomainRuleException>(() => DoseSchedule.Times(Utc("2026-11-23 08:00", SaoPaulo), everyHours, days, SaoPaulo));

        Assert.StartsWith("Prescription.Error.", refused.Message, StringComparison.Ordinal);
    }
}
