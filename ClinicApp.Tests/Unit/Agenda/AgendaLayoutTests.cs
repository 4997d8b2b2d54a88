using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Agenda;

namespace ClinicApp.Tests.Unit.Agenda;

public sealed class AgendaLayoutTests
{
    [Fact]
    public void Appointments_that_do_not_overlap_each_take_the_whole_width()
    {
        var first = Items.At("09:00");
        var second = Items.At("09:30");

        var placed = AgendaLayout.Lanes([second, first]);

        Assert.Equal([(first.Id, 0, 1), (second.Id, 0, 1)], placed.Select(p => (p.Item.Id, p.Lane, p.Lanes)));
    }

    [Fact]
    public void Overlapping_appointments_share_the_width_side_by_side()
    {
        var a = Items.At("09:00", 60);
        var b = Items.At("09:15", 30);
        var c = Items.At("09:30", 15);

        var placed = AgendaLayout.Lanes([a, b, c]).ToDictionary(p => p.Item.Id);

        Assert.Equal((0, 3), (placed[a.Id].Lane, placed[a.Id].Lanes));
        Assert.Equal((1, 3), (placed[b.Id].Lane, placed[b.Id].Lanes));
        Assert.Equal((2, 3), (placed[c.Id].Lane, placed[c.Id].Lanes));
    }

    [Fact]
    public void A_lane_freed_inside_a_chain_of_overlaps_is_reused_and_the_chain_keeps_one_width()
    {
        // a overlaps b, b overlaps c, a ends before c starts: c takes a's lane; all three have 2 lanes.
        var a = Items.At("09:00", 30);
        var b = Items.At("09:15", 45);
        var c = Items.At("09:30", 30);
        var later = Items.At("11:00", 30);

        var placed = AgendaLayout.Lanes([c, later, b, a]).ToDictionary(p => p.Item.Id);

        Assert.Equal((0, 2), (placed[a.Id].Lane, placed[a.Id].Lanes));
        Assert.Equal((1, 2), (placed[b.Id].Lane, placed[b.Id].Lanes));
        Assert.Equal((0, 2), (placed[c.Id].Lane, placed[c.Id].Lanes));
        Assert.Equal((0, 1), (placed[later.Id].Lane, placed[later.Id].Lanes));
    }

    [Fact]
    public void The_longer_of_two_appointments_starting_together_takes_the_left_lane()
    {
        var shortOne = Items.At("10:00", 15);
        var longOne = Items.At("10:00", 120);

        var placed = AgendaLayout.Lanes([shortOne, longOne]).ToDictionary(p => p.Item.Id);

        Assert.Equal(0, placed[longOne.Id].Lane);
        Assert.Equal(1, placed[shortOne.Id].Lane);
    }

    [Fact]
    public void No_appointments_no_lanes() => Assert.Empty(AgendaLayout.Lanes([]));

    [Fact]
    public void The_day_has_a_column_per_veterinarian_and_one_for_appointments_of_former_ones()
    {
        var ana = new AgendaColumn(Guid.NewGuid(), "Dra. Ana");
        var bruno = new AgendaColumn(Guid.NewGuid(), "Dr. Bruno");
        var gone = Guid.NewGuid();
        var view = Items.View(
        [
            Items.At("09:00", vet: ana.Id),
            Items.At("09:00", vet: gone),
            Items.At("10:00", vet: ana.Id, status: AppointmentStatus.Cancelled),
            Items.At("09:00", vet: bruno.Id, day: Items.Day.AddDays(1)),
        ], vets: [ana, bruno]);

        var columns = AgendaLayout.ByVeterinarian(view, Items.Day, showCancelled: false, "Former");

        Assert.Equal(["Dra. Ana", "Dr. Bruno", "Former"], columns.Select(c => c.Title));
        Assert.Equal([1, 0, 1], columns.Select(c => c.Items.Count));
        Assert.Equal(ana.Id, columns[0].VeterinarianId);
        Assert.Equal(2, AgendaLayout.ByVeterinarian(view, Items.Day, showCancelled: true, "Former")[0].Items.Count);
    }

    [Fact]
    public void Without_appointments_of_former_veterinarians_there_is_no_extra_column()
    {
        var ana = new AgendaColumn(Guid.NewGuid(), "Dra. Ana");

        var columns = AgendaLayout.ByVeterinarian(Items.View([], vets: [ana]), Items.Day, false, "Former");

        Assert.Single(columns);
    }

    [Fact]
    public void Per_room_the_last_column_holds_appointments_without_a_bookable_room()
    {
        var one = new AgendaColumn(Guid.NewGuid(), "Consultório 1");
        var view = Items.View(
        [
            Items.At("09:00", room: one.Id),
            Items.At("09:00"),
            Items.At("10:00", room: Guid.NewGuid()),
        ], rooms: [one]);

        var columns = AgendaLayout.ByRoom(view, Items.Day, false, "No room");

        Assert.Equal(["Consultório 1", "No room"], columns.Select(c => c.Title));
        Assert.Equal([1, 2], columns.Select(c => c.Items.Count));
        Assert.Equal(one.Id, columns[0].RoomId);
        Assert.Null(columns[1].RoomId);
    }

    [Fact]
    public void The_week_shows_working_days_and_a_closed_day_only_when_it_has_appointments()
    {
        var vet = Guid.NewGuid();
        var week = AgendaLayout.WeekOf(Items.Day, DayOfWeek.Sunday);
        var sunday = week[0];
        var view = Items.View([Items.At("09:00", vet: vet, day: Items.Day), Items.At("10:00", day: Items.Day)]);

        var columns = AgendaLayout.ByDay(view, week, null, false, d => d.ToString("ddd", System.Globalization.CultureInfo.InvariantCulture));
        var withSunday = AgendaLayout.ByDay(Items.View([Items.At("09:00", day: sunday)]), week, null, false, d => "");
        var oneVet = AgendaLayout.ByDay(view, week, vet, false, d => "");

        Assert.Equal(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"], columns.Select(c => c.Title));
        Assert.Equal(7, withSunday.Count);
        Assert.False(withSunday[0].Working);
        Assert.Single(oneVet.Single(c => c.Day == Items.Day).Items);
        Assert.All(oneVet, c => Assert.Equal(vet, c.VeterinarianId));
    }

    [Theory]
    [InlineData(DayOfWeek.Sunday, "2027-03-07")]
    [InlineData(DayOfWeek.Monday, "2027-03-08")]
    public void A_week_starts_on_the_readers_first_day(DayOfWeek first, string expectedStart)
    {
        var week = AgendaLayout.WeekOf(Items.Day, first);

        Assert.Equal(DateOnly.Parse(expectedStart, System.Globalization.CultureInfo.InvariantCulture), week[0]);
        Assert.Equal(7, week.Count);
        Assert.Contains(Items.Day, week);
    }

    [Fact]
    public void Next_and_previous_skip_the_days_the_hospital_is_closed()
    {
        var settings = new AgendaSettings(); // Monday to Saturday
        var saturday = new DateOnly(2027, 3, 13);

        Assert.Equal(new DateOnly(2027, 3, 15), AgendaLayout.NextWorkingDay(settings, saturday, 1));
        Assert.Equal(saturday, AgendaLayout.NextWorkingDay(settings, new DateOnly(2027, 3, 15), -1));
        Assert.Equal(saturday.AddDays(1), AgendaLayout.NextWorkingDay(new AgendaSettings { WorkingDays = 0 }, saturday, 1));
    }
}
