using ClinicApp.Data.FrontDesk;

namespace ClinicApp.Tests.Unit.Agenda;

/// <summary>Where "Novo agendamento" puts a booking before the receptionist picks a time.</summary>
public sealed class SuggestedStartTests
{
    // Opens 08:00, closes 19:00, Monday–Saturday, 15-minute grid.
    private static readonly AgendaSettings Hours = new();

    // 2026-12-07 is a Monday; 2026-12-12 a Saturday.
    [Theory]
    [InlineData("2026-12-07 10:07", "2026-12-07 10:15")] // the next grid line
    [InlineData("2026-12-07 10:15", "2026-12-07 10:15")] // already on one
    [InlineData("2026-12-07 06:40", "2026-12-07 08:00")] // before opening: the opening, not 06:45
    [InlineData("2026-12-07 18:40", "2026-12-07 18:45")] // the last slot, ending at closing
    [InlineData("2026-12-07 18:50", "2026-12-08 08:00")] // the next line would be closing time: tomorrow
    [InlineData("2026-12-07 21:30", "2026-12-08 08:00")] // after closing: the next working day
    [InlineData("2026-12-12 19:10", "2026-12-14 08:00")] // Saturday evening: Monday, skipping Sunday
    [InlineData("2026-12-07 23:59", "2026-12-08 08:00")] // rounding past midnight does not wrap to today
    public void Today_it_is_the_next_line_within_opening_hours(string now, string expected) =>
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Hours.SuggestedStart(new DateOnly(2026, 12, DateTime.Parse(now, System.Globalization.CultureInfo.InvariantCulture).Day),
                DateTime.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Another_day_starts_at_that_days_opening_on_the_hospitals_own_grid()
    {
        var settings = new AgendaSettings { OpensAt = new TimeOnly(7, 30), SlotMinutes = 20 };
        var now = new DateTime(2026, 12, 7, 11, 0, 0);

        Assert.Equal(new DateTime(2026, 12, 9, 7, 30, 0), settings.SuggestedStart(new DateOnly(2026, 12, 9), now));
        // Lines run 07:30, 07:50 … 10:50, 11:10 from the opening, as the agenda draws them.
        Assert.Equal(new DateTime(2026, 12, 7, 11, 10, 0), settings.SuggestedStart(new DateOnly(2026, 12, 7), now));
        Assert.Equal(new DateTime(2026, 12, 7, 10, 50, 0), settings.SuggestedStart(new DateOnly(2026, 12, 7), now.AddMinutes(-10)));
    }
}
