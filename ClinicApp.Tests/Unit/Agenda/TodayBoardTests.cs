using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Agenda;

namespace ClinicApp.Tests.Unit.Agenda;

public sealed class TodayBoardTests
{
    private static DateTime At(string time) => Items.Day.ToDateTime(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void The_counts_follow_the_statuses_and_ignore_cancellations()
    {
        var items = new[]
        {
            Items.At("08:00", status: AppointmentStatus.Completed),
            Items.At("08:30", status: AppointmentStatus.InProgress),
            Items.At("09:00", status: AppointmentStatus.CheckedIn, checkedInAt: At("08:50")),
            Items.At("09:30", status: AppointmentStatus.NoShow),
            Items.At("10:00", status: AppointmentStatus.Confirmed),
            Items.At("10:30", status: AppointmentStatus.Cancelled),
        };

        var board = TodayBoard.From(items, At("09:05"), 10);

        Assert.Equal((5, 3, 1, 1, 1), (board.Expected, board.Arrived, board.InProgress, board.Done, board.NoShow));
        Assert.Equal(5, board.Appointments.Count);
        Assert.Equal(6, TodayBoard.From(items, At("09:05"), 10, showCancelled: true).Appointments.Count);
    }

    [Fact]
    public void Late_appears_by_itself_once_the_tolerance_has_passed_and_goes_with_the_check_in()
    {
        var rex = Items.At("09:00", status: AppointmentStatus.Confirmed);

        Assert.Empty(TodayBoard.From([rex], At("09:10"), 10).Late);
        Assert.Equal([rex], TodayBoard.From([rex], At("09:11"), 10).Late);
        Assert.True(TodayBoard.From([rex], At("09:11"), 10).IsLate(rex));
        Assert.Empty(TodayBoard.From([rex with { Status = AppointmentStatus.CheckedIn }], At("09:11"), 10).Late);
    }

    [Fact]
    public void The_waiting_room_lists_who_checked_in_first_with_the_minutes_waited()
    {
        var first = Items.At("09:30", pet: "Luna", status: AppointmentStatus.CheckedIn, checkedInAt: At("09:02"));
        var second = Items.At("09:00", pet: "Thor", status: AppointmentStatus.CheckedIn, checkedInAt: At("09:10"));
        var seen = Items.At("08:30", pet: "Mel", status: AppointmentStatus.InProgress, checkedInAt: At("08:20"));

        var board = TodayBoard.From([second, seen, first], At("09:20"), 10);

        Assert.Equal([("Luna", 18), ("Thor", 10)], board.WaitingRoom.Select(w => (w.Item.PetName, w.Minutes)));
    }

    [Fact]
    public void Upcoming_are_those_not_yet_arrived_nor_late()
    {
        var late = Items.At("09:00", pet: "Late");
        var next = Items.At("10:00", pet: "Next");
        var arrived = Items.At("10:30", pet: "Arrived", status: AppointmentStatus.CheckedIn);

        var board = TodayBoard.From([late, next, arrived], At("09:30"), 10);

        Assert.Equal(["Next"], board.Upcoming(At("09:30"), 10).Select(i => i.PetName));
    }
}
