using ClinicApp.Tenancy;

namespace ClinicApp.Tests.Unit.FrontDesk;

public sealed class HospitalClockTests
{
    private static readonly TimeZoneInfo SaoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void Sao_paulo_is_three_hours_behind_utc_all_year()
    {
        Assert.Equal(new DateTime(2026, 1, 15, 13, 0, 0, DateTimeKind.Utc), HospitalTime.ToUtc(new DateTime(2026, 1, 15, 10, 0, 0), SaoPaulo));
        Assert.Equal(new DateTime(2026, 7, 15, 13, 0, 0, DateTimeKind.Utc), HospitalTime.ToUtc(new DateTime(2026, 7, 15, 10, 0, 0), SaoPaulo));
    }

    [Fact]
    public void A_wall_time_skipped_by_the_spring_jump_is_read_after_the_jump()
    {
        // 2026-03-08 02:30 does not exist in New York: clocks go from 02:00 EST to 03:00 EDT.
        var utc = HospitalTime.ToUtc(new DateTime(2026, 3, 8, 2, 30, 0), NewYork);

        Assert.Equal(new DateTime(2026, 3, 8, 7, 30, 0, DateTimeKind.Utc), utc);
        Assert.Equal(new DateTime(2026, 3, 8, 3, 30, 0), HospitalTime.ToLocal(utc, NewYork));
    }

    [Fact]
    public void A_wall_time_repeated_by_the_autumn_jump_is_its_first_occurrence()
    {
        // 2026-11-01 01:30 happens twice in New York (EDT, then EST): the first is 05:30 UTC.
        Assert.Equal(new DateTime(2026, 11, 1, 5, 30, 0, DateTimeKind.Utc), HospitalTime.ToUtc(new DateTime(2026, 11, 1, 1, 30, 0), NewYork));
    }
}
