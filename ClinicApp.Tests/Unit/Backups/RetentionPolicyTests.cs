using ClinicApp.Infrastructure.Backups;

namespace ClinicApp.Tests.Unit.Backups;

/// <summary>The retention policy on its own, with dates one can check on a calendar: the newest good backup
/// of each of the last 7 days, 4 ISO weeks and 12 months that have one, and always the newest.</summary>
public sealed class RetentionPolicyTests
{
    private static readonly RetentionPolicy Default = new(7, 4, 12);
    private static readonly TimeZoneInfo SaoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");

    [Fact]
    public void Daily_runs_since_december_keep_seven_days_four_week_ends_and_every_month_end()
    {
        // One run a day at 02:00 UTC, 1 Dec 2025 to Sunday 15 Mar 2026.
        var runs = Daily(new DateOnly(2025, 12, 1), new DateOnly(2026, 3, 15));

        var kept = KeptDays(Default, runs, TimeZoneInfo.Utc, At(new DateOnly(2026, 3, 15), 12));

        DateOnly[] expected =
        [
            new(2025, 12, 31), new(2026, 1, 31), new(2026, 2, 28), // months: their last day
            new(2026, 2, 22), new(2026, 3, 1), new(2026, 3, 8), // ISO weeks: their Sunday (the 4th week is this one)
            new(2026, 3, 9), new(2026, 3, 10), new(2026, 3, 11), new(2026, 3, 12), new(2026, 3, 13), new(2026, 3, 14), new(2026, 3, 15), // 7 days
        ];
        Assert.Equal(expected.Order(), kept);
    }

    [Fact]
    public void Of_two_runs_on_one_day_only_the_later_one_is_kept()
    {
        var nightly = Run(new DateTime(2026, 3, 10, 2, 0, 0, DateTimeKind.Utc));
        var manual = Run(new DateTime(2026, 3, 10, 15, 30, 0, DateTimeKind.Utc));
        var yesterday = Run(new DateTime(2026, 3, 9, 2, 0, 0, DateTimeKind.Utc));

        var kept = Default.Keep([nightly, manual, yesterday], TimeZoneInfo.Utc, new DateTime(2026, 3, 10, 16, 0, 0, DateTimeKind.Utc));

        Assert.Equal(new HashSet<Guid> { manual.Id, yesterday.Id }, kept.ToHashSet());
    }

    [Fact]
    public void Days_count_only_when_they_have_a_backup_so_a_pause_loses_no_history()
    {
        var policy = new RetentionPolicy(KeepDaily: 2, KeepWeekly: 0, KeepMonthly: 0);
        var first = Run(new DateTime(2026, 1, 1, 2, 0, 0, DateTimeKind.Utc));
        var second = Run(new DateTime(2026, 1, 10, 2, 0, 0, DateTimeKind.Utc));
        var third = Run(new DateTime(2026, 2, 20, 2, 0, 0, DateTimeKind.Utc));

        // Nothing for weeks before "now": the two newest days that have one are still kept.
        var kept = policy.Keep([first, second, third], TimeZoneInfo.Utc, new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal(new HashSet<Guid> { second.Id, third.Id }, kept.ToHashSet());
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(-1, -5, -100)]
    public void Zero_or_negative_settings_still_keep_the_newest_good_backup(int daily, int weekly, int monthly)
    {
        var runs = Daily(new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 10));

        var kept = KeptDays(new RetentionPolicy(daily, weekly, monthly), runs, TimeZoneInfo.Utc, At(new DateOnly(2026, 2, 11), 0));

        Assert.Equal([new DateOnly(2026, 2, 10)], kept);
    }

    [Fact]
    public void Days_are_the_hospital_s_days_not_utc_ones()
    {
        var policy = new RetentionPolicy(KeepDaily: 2, KeepWeekly: 0, KeepMonthly: 0);
        var morning = Run(new DateTime(2026, 3, 9, 12, 0, 0, DateTimeKind.Utc)); // 9 Mar 09:00 in São Paulo
        var evening = Run(new DateTime(2026, 3, 10, 1, 0, 0, DateTimeKind.Utc)); // 9 Mar 22:00 in São Paulo
        var nextNight = Run(new DateTime(2026, 3, 10, 5, 0, 0, DateTimeKind.Utc)); // 10 Mar 02:00 in São Paulo
        var now = new DateTime(2026, 3, 10, 6, 0, 0, DateTimeKind.Utc);

        Assert.Equal(new HashSet<Guid> { evening.Id, nextNight.Id }, policy.Keep([morning, evening, nextNight], SaoPaulo, now).ToHashSet());
        // In UTC the evening run is 10 Mar's, the same day as the next night's: the morning one is the 9th's.
        Assert.Equal(new HashSet<Guid> { morning.Id, nextNight.Id }, policy.Keep([morning, evening, nextNight], TimeZoneInfo.Utc, now).ToHashSet());
    }

    [Fact]
    public void A_run_stamped_after_now_is_kept_rather_than_judged_on_a_clock_that_moved_back()
    {
        var policy = new RetentionPolicy(0, 0, 0);
        var newest = Run(new DateTime(2026, 3, 12, 2, 0, 0, DateTimeKind.Utc));
        var alsoFuture = Run(new DateTime(2026, 3, 11, 2, 0, 0, DateTimeKind.Utc));
        var past = Run(new DateTime(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc));

        var kept = policy.Keep([newest, alsoFuture, past], TimeZoneInfo.Utc, new DateTime(2026, 3, 5, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal(new HashSet<Guid> { newest.Id, alsoFuture.Id }, kept.ToHashSet());
    }

    [Fact]
    public void No_good_backup_keeps_nothing()
    {
        Assert.Empty(Default.Keep([], SaoPaulo, DateTime.UtcNow));
    }

    /// <summary>The nightly job for 60 days (20 Jan to 20 Mar 2026, 02:00 in São Paulo): each night a new
    /// backup joins what the previous night kept and the policy prunes. After every night the kept set is
    /// exactly what the calendar says, computed here a different way: the last 7 days; of the last 4 ISO
    /// weeks their Sunday (or tonight, in this week); of the last 12 months their last day (or tonight).</summary>
    [Fact]
    public void Retention_keeps_exactly_the_expected_set_over_60_simulated_days()
    {
        var first = new DateOnly(2026, 1, 20);
        var remaining = new List<RetainedBackup>();
        var dayOf = new Dictionary<Guid, DateOnly>();
        for (var night = first; night < first.AddDays(60); night = night.AddDays(1))
        {
            var taken = TimeZoneInfo.ConvertTimeToUtc(night.ToDateTime(new TimeOnly(2, 0)), SaoPaulo);
            var run = new RetainedBackup(Guid.NewGuid(), taken);
            dayOf[run.Id] = night;
            remaining.Add(run);

            var keep = Default.Keep(remaining, SaoPaulo, taken.AddMinutes(5));
            remaining = remaining.Where(r => keep.Contains(r.Id)).ToList();

            var expected = Enumerable.Range(0, night.DayNumber - first.DayNumber + 1)
                .Select(first.AddDays)
                .Where(day => Expected(day, night))
                .ToList();
            Assert.Equal(expected, remaining.Select(r => dayOf[r.Id]).Order().ToList());
        }

        // After the 60th night (Friday 20 Mar): 14–20 Mar, the Sundays 1 and 8 Mar, the ends of January and February.
        Assert.Equal(
            [new(2026, 1, 31), new(2026, 2, 28), new(2026, 3, 1), new(2026, 3, 8), new(2026, 3, 14), new(2026, 3, 15), new(2026, 3, 16), new(2026, 3, 17), new(2026, 3, 18), new(2026, 3, 19), new(2026, 3, 20)],
            remaining.Select(r => dayOf[r.Id]).Order().ToList());
    }

    private static bool Expected(DateOnly day, DateOnly tonight)
    {
        var daily = tonight.DayNumber - day.DayNumber < 7;
        var weekEnd = day.DayOfWeek == DayOfWeek.Sunday || day == tonight;
        var weekly = weekEnd && Monday(tonight).DayNumber - Monday(day).DayNumber < 4 * 7;
        var monthEnd = day.AddDays(1).Day == 1 || day == tonight;
        var monthly = monthEnd && (tonight.Year * 12 + tonight.Month) - (day.Year * 12 + day.Month) < 12;
        return daily || weekly || monthly;
    }

    private static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static RetainedBackup Run(DateTime takenUtc) => new(Guid.NewGuid(), takenUtc);

    private static DateTime At(DateOnly day, int hour) => day.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc);

    private static List<RetainedBackup> Daily(DateOnly from, DateOnly to) =>
        Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(i => Run(At(from.AddDays(i), 2))).ToList();

    private static List<DateOnly> KeptDays(RetentionPolicy policy, List<RetainedBackup> runs, TimeZoneInfo zone, DateTime nowUtc)
    {
        var keep = policy.Keep(runs, zone, nowUtc);
        return runs.Where(r => keep.Contains(r.Id)).Select(r => DateOnly.FromDateTime(r.TakenAtUtc)).Order().ToList();
    }
}
