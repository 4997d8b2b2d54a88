using ClinicApp.Data.FrontDesk;

namespace ClinicApp.Features.Agenda;

/// <summary>One row of the time grid: its start (minutes since midnight) and whether the hospital is open then.</summary>
public sealed record GridRow(int Minute, bool Open)
{
    public TimeOnly Time => TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(Minute));

    public bool IsHour => Minute % 60 == 0;
}

/// <summary>The vertical geometry of the agenda: rows of <see cref="SlotMinutes"/> from
/// <see cref="FromMinute"/> to <see cref="ToMinute"/> (minutes since midnight), at a fixed number
/// of pixels per minute so a 15-minute vaccination and a 2-hour surgery keep their proportions.</summary>
public sealed record TimeGrid(int FromMinute, int ToMinute, int SlotMinutes, int OpensMinute, int ClosesMinute)
{
    public const double PixelsPerMinute = 1.6;

    /// <summary>The smallest card height that still shows one line of text.</summary>
    public const double MinCardHeight = 18;

    public double Height => (ToMinute - FromMinute) * PixelsPerMinute;

    public double RowHeight => SlotMinutes * PixelsPerMinute;

    /// <summary>The grid for the opening hours, stretched (in greyed rows) to any appointment booked
    /// outside them, e.g. before the hours were shortened.</summary>
    public static TimeGrid For(AgendaSettings settings, IEnumerable<AgendaItem> items)
    {
        var step = settings.SlotMinutes > 0 ? settings.SlotMinutes : 15;
        var opens = MinuteOf(settings.OpensAt);
        var closes = MinuteOf(settings.ClosesAt);
        var from = opens;
        var to = closes;
        foreach (var item in items)
        {
            from = Math.Min(from, MinuteOf(item.Start));
            to = Math.Max(to, EndMinuteOf(item));
        }

        // Rows keep the opening time on a row boundary: extend outward in whole steps.
        from = opens - (int)Math.Ceiling((opens - from) / (double)step) * step;
        to = opens + (int)Math.Ceiling((to - opens) / (double)step) * step;
        return new TimeGrid(Math.Max(0, from), Math.Min(24 * 60, to), step, opens, closes);
    }

    public IEnumerable<GridRow> Rows()
    {
        for (var minute = FromMinute; minute < ToMinute; minute += SlotMinutes)
        {
            yield return new GridRow(minute, minute >= OpensMinute && minute + SlotMinutes <= ClosesMinute);
        }
    }

    /// <summary>Offset of a card's top from the grid's top, px.</summary>
    public double Top(AgendaItem item) => (Math.Clamp(MinuteOf(item.Start), FromMinute, ToMinute) - FromMinute) * PixelsPerMinute;

    /// <summary>A card's height, px: its duration inside the grid, never too small to read.</summary>
    public double HeightOf(AgendaItem item)
    {
        var start = Math.Clamp(MinuteOf(item.Start), FromMinute, ToMinute);
        var end = Math.Clamp(EndMinuteOf(item), FromMinute, ToMinute);
        return Math.Max(MinCardHeight, (end - start) * PixelsPerMinute);
    }

    /// <summary>Where the "now" line goes on <paramref name="now"/>'s day, px; null outside the grid.</summary>
    public double? NowOffset(DateTime now)
    {
        var minute = now.TimeOfDay.TotalMinutes;
        return minute < FromMinute || minute > ToMinute ? null : (minute - FromMinute) * PixelsPerMinute;
    }

    private static int MinuteOf(TimeOnly time) => (time.Hour * 60) + time.Minute;

    private static int MinuteOf(DateTime time) => (time.Hour * 60) + time.Minute;

    /// <summary>An appointment that ends after midnight ends, on its own day's grid, at 24:00.</summary>
    private static int EndMinuteOf(AgendaItem item) => item.End.Date > item.Start.Date ? 24 * 60 : MinuteOf(item.End);
}
