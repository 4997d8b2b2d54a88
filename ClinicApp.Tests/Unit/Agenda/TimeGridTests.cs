using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Agenda;

namespace ClinicApp.Tests.Unit.Agenda;

public sealed class TimeGridTests
{
    private static readonly AgendaSettings Settings = new() { OpensAt = new(8, 0), ClosesAt = new(18, 0), SlotMinutes = 15 };

    [Fact]
    public void The_grid_has_a_row_per_step_from_opening_to_closing()
    {
        var grid = TimeGrid.For(Settings, []);
        var rows = grid.Rows().ToList();

        Assert.Equal(40, rows.Count);
        Assert.Equal(new TimeOnly(8, 0), rows[0].Time);
        Assert.Equal(new TimeOnly(17, 45), rows[^1].Time);
        Assert.All(rows, r => Assert.True(r.Open));
        Assert.Equal(10 * 60 * TimeGrid.PixelsPerMinute, grid.Height);
        Assert.Equal(15 * TimeGrid.PixelsPerMinute, grid.RowHeight);
    }

    [Fact]
    public void Cards_are_placed_by_start_and_sized_by_duration()
    {
        var grid = TimeGrid.For(Settings, []);

        Assert.Equal(90 * TimeGrid.PixelsPerMinute, grid.Top(Items.At("09:30")));
        Assert.Equal(30 * TimeGrid.PixelsPerMinute, grid.HeightOf(Items.At("09:30", 30)));
        Assert.Equal(120 * TimeGrid.PixelsPerMinute, grid.HeightOf(Items.At("14:00", 120)));
        Assert.Equal(TimeGrid.MinCardHeight, grid.HeightOf(Items.At("14:00", 5)));
    }

    [Fact]
    public void Appointments_outside_the_opening_hours_stretch_the_grid_with_closed_rows()
    {
        var early = Items.At("07:20", 20);
        var late = Items.At("18:10", 30);

        var grid = TimeGrid.For(Settings, [early, late]);
        var rows = grid.Rows().ToList();

        Assert.Equal(7 * 60 + 15, grid.FromMinute);
        Assert.Equal(18 * 60 + 45, grid.ToMinute);
        Assert.False(rows.First().Open);
        Assert.True(rows.Single(r => r.Time == new TimeOnly(8, 0)).Open);
        Assert.False(rows.Single(r => r.Time == new TimeOnly(18, 0)).Open);
        Assert.Equal(5 * TimeGrid.PixelsPerMinute, grid.Top(early));
    }

    [Fact]
    public void An_appointment_running_past_midnight_ends_at_the_bottom_of_its_day()
    {
        var night = Items.At("23:00", 120);

        var grid = TimeGrid.For(Settings, [night]);

        Assert.Equal(24 * 60, grid.ToMinute);
        Assert.Equal(60 * TimeGrid.PixelsPerMinute, grid.HeightOf(night));
    }

    [Fact]
    public void The_now_line_is_drawn_only_inside_the_grid()
    {
        var grid = TimeGrid.For(Settings, []);

        Assert.Equal(150 * TimeGrid.PixelsPerMinute, grid.NowOffset(Items.Day.ToDateTime(new TimeOnly(10, 30))));
        Assert.Null(grid.NowOffset(Items.Day.ToDateTime(new TimeOnly(7, 0))));
        Assert.Null(grid.NowOffset(Items.Day.ToDateTime(new TimeOnly(21, 0))));
    }

    [Fact]
    public void A_coarser_step_makes_fewer_taller_rows()
    {
        var grid = TimeGrid.For(new AgendaSettings { OpensAt = new(8, 0), ClosesAt = new(12, 0), SlotMinutes = 60 }, []);

        Assert.Equal(4, grid.Rows().Count());
        Assert.All(grid.Rows(), r => Assert.True(r.IsHour));
    }
}
