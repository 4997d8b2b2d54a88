using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Agenda;

namespace ClinicApp.Tests.Unit.Agenda;

/// <summary>Which open agendas a change reloads: the screens filter <see cref="AppointmentChanged"/> with <c>Touches</c>.</summary>
public sealed class AppointmentChangedTests
{
    [Fact]
    public void A_change_on_a_shown_day_touches_the_screen_and_one_elsewhere_does_not()
    {
        var week = (From: Items.Day, To: Items.Day.AddDays(6));

        Assert.True(Changed(Items.Day.AddDays(3)).Touches(week.From, week.To));
        Assert.True(Changed(Items.Day.AddDays(6)).Touches(week.From, week.To));
        Assert.False(Changed(Items.Day.AddDays(10)).Touches(week.From, week.To));
        Assert.False(Changed(Items.Day.AddDays(-1)).Touches(week.From, week.To));
    }

    [Fact]
    public void A_move_away_from_a_shown_day_touches_it_too()
    {
        var moved = Changed(Items.Day.AddDays(20)) with { PreviousDay = Items.Day, Change = AppointmentChange.Moved };

        Assert.True(moved.Touches(Items.Day, Items.Day));
        Assert.True(moved.Touches(Items.Day.AddDays(20), Items.Day.AddDays(20)));
        Assert.False(moved.Touches(Items.Day.AddDays(1), Items.Day.AddDays(19)));
    }

    private static AppointmentChanged Changed(DateOnly day) =>
        new(Guid.NewGuid(), day, null, AppointmentChange.Booked, AppointmentStatus.Scheduled);
}
