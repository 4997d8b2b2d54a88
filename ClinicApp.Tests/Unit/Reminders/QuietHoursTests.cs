using ClinicApp.Features.Reminders;

namespace ClinicApp.Tests.Unit.Reminders;

/// <summary>When the hospital's quiet hours end, seen from a moment in UTC.</summary>
public sealed class QuietHoursTests
{
    private static readonly TimeZoneInfo SaoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeOnly Nine = new(21, 0);
    private static readonly TimeOnly Eight = new(8, 0);

    [Theory]
    // São Paulo is UTC−3 all year. 23:30 local → 08:00 the next day.
    [InlineData("2027-05-11T02:30:00Z", "2027-05-11T11:00:00Z")]
    // 06:00 local, after midnight → 08:00 the same day.
    [InlineData("2027-05-11T09:00:00Z", "2027-05-11T11:00:00Z")]
    // 21:00 sharp is quiet; 07:59 is; 08:00 is not.
    [InlineData("2027-05-11T00:00:00Z", "2027-05-11T11:00:00Z")]
    [InlineData("2027-05-11T10:59:00Z", "2027-05-11T11:00:00Z")]
    [InlineData("2027-05-11T11:00:00Z", null)]
    [InlineData("2027-05-11T15:00:00Z", null)]
    public void Over_midnight_the_quiet_hours_end_at_until_on_the_right_day(string now, string? end)
    {
        Assert.Equal(end is null ? null : Utc(end), QuietHours.EndUtc(Utc(now), Nine, Eight, SaoPaulo));
    }

    [Theory]
    [InlineData("2027-05-11T15:30:00Z", "2027-05-11T17:00:00Z")]
    [InlineData("2027-05-11T14:59:00Z", null)]
    [InlineData("2027-05-11T17:00:00Z", null)]
    public void Within_a_day_the_quiet_hours_end_the_same_day(string now, string? end)
    {
        // 12:00–14:00 in São Paulo (a lunch break).
        Assert.Equal(end is null ? null : Utc(end), QuietHours.EndUtc(Utc(now), new TimeOnly(12, 0), new TimeOnly(14, 0), SaoPaulo));
    }

    [Fact]
    public void Equal_times_mean_no_quiet_hours()
    {
        Assert.Null(QuietHours.EndUtc(Utc("2027-05-11T02:30:00Z"), Eight, Eight, SaoPaulo));
    }

    [Fact]
    public void A_night_when_clocks_spring_forward_ends_at_eight_by_the_new_offset()
    {
        // New York, 13–14 March 2027: 23:00 EST (UTC−5) → 08:00 EDT (UTC−4), which is 12:00 UTC, not 13:00.
        Assert.Equal(Utc("2027-03-14T12:00:00Z"), QuietHours.EndUtc(Utc("2027-03-14T04:00:00Z"), Nine, Eight, NewYork));
    }

    [Fact]
    public void A_night_when_clocks_fall_back_ends_at_eight_by_the_new_offset()
    {
        // New York, 6–7 November 2027: 23:00 EDT (UTC−4) → 08:00 EST (UTC−5), which is 13:00 UTC.
        Assert.Equal(Utc("2027-11-07T13:00:00Z"), QuietHours.EndUtc(Utc("2027-11-07T03:00:00Z"), Nine, Eight, NewYork));
    }

    [Fact]
    public void Appointment_keys_read_the_same_whatever_kind_the_start_comes_back_with()
    {
        var id = Guid.NewGuid();
        var start = new DateTime(2027, 3, 15, 13, 0, 0, DateTimeKind.Utc);

        var key = ReminderKeys.Appointment(id, 24, start);

        Assert.Equal($"appt:{id}:24h:2027-03-15T13:00:00.0000000Z", key);
        Assert.Equal(key, ReminderKeys.Appointment(id, 24, DateTime.SpecifyKind(start, DateTimeKind.Unspecified)));
        Assert.True(ReminderKeys.IsForStart(key, DateTime.SpecifyKind(start, DateTimeKind.Unspecified)));
        Assert.False(ReminderKeys.IsForStart(key, start.AddMinutes(5)));
    }

    private static DateTime Utc(string value) =>
        DateTime.Parse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
}
