using ClinicApp.Data.FrontDesk;

namespace ClinicApp.Features.Agenda;

/// <summary>An appointment placed in a column: overlapping appointments share the width, each in
/// its lane (0 = leftmost) out of <see cref="Lanes"/>.</summary>
public sealed record LanedItem(AgendaItem Item, int Lane, int Lanes);

/// <summary>One column of the time grid: a veterinarian's, a room's or a day's appointments.</summary>
public sealed record GridColumn(
    string Key,
    string Title,
    DateOnly Day,
    Guid? VeterinarianId,
    Guid? RoomId,
    bool Working,
    IReadOnlyList<LanedItem> Items);

/// <summary>A free cell the receptionist clicked: when, and with whom or where.</summary>
public sealed record FreeSlot(DateTime Start, Guid? VeterinarianId, Guid? RoomId);

/// <summary>The pure arithmetic of the agenda screens: lanes, columns and which days a week shows.</summary>
public static class AgendaLayout
{
    /// <summary>Gives overlapping appointments side-by-side lanes. Appointments that overlap, directly
    /// or through a chain, form a cluster whose members all get the cluster's lane count, so they line
    /// up; each takes the leftmost lane free at its start.</summary>
    public static IReadOnlyList<LanedItem> Lanes(IEnumerable<AgendaItem> items)
    {
        var placed = new List<LanedItem>();
        var cluster = new List<(AgendaItem Item, int Lane)>();
        var laneEnds = new List<DateTime>();
        var clusterEnd = DateTime.MinValue;

        void Flush()
        {
            placed.AddRange(cluster.Select(c => new LanedItem(c.Item, c.Lane, laneEnds.Count)));
            cluster.Clear();
            laneEnds.Clear();
        }

        foreach (var item in items.OrderBy(i => i.Start).ThenByDescending(i => i.End).ThenBy(i => i.Id))
        {
            if (cluster.Count > 0 && item.Start >= clusterEnd)
            {
                Flush();
            }

            var lane = laneEnds.FindIndex(end => end <= item.Start);
            if (lane < 0)
            {
                lane = laneEnds.Count;
                laneEnds.Add(item.End);
            }
            else
            {
                laneEnds[lane] = item.End;
            }

            cluster.Add((item, lane));
            clusterEnd = cluster.Count == 1 || item.End > clusterEnd ? item.End : clusterEnd;
        }

        Flush();
        return placed;
    }

    /// <summary>Whether the agenda shows an appointment: cancelled ones only when asked.</summary>
    public static bool Shows(AgendaItem item, bool showCancelled) =>
        showCancelled || item.Status != AppointmentStatus.Cancelled;

    /// <summary>Day view, a column per veterinarian. Appointments of a veterinarian not in the list
    /// (deactivated since) go to a last column so nothing booked disappears from the screen.</summary>
    public static IReadOnlyList<GridColumn> ByVeterinarian(AgendaView view, DateOnly day, bool showCancelled, string otherTitle)
    {
        var items = ItemsOf(view, day, showCancelled);
        var working = view.Settings.IsWorkingDay(day.DayOfWeek);
        var known = view.Veterinarians.Select(v => v.Id).ToHashSet();
        var columns = view.Veterinarians
            .Select(v => new GridColumn(v.Id.ToString(), v.Name, day, v.Id, null, working, Lanes(items.Where(i => i.VeterinarianId == v.Id))))
            .ToList();
        var others = items.Where(i => !known.Contains(i.VeterinarianId)).ToList();
        if (others.Count > 0)
        {
            columns.Add(new GridColumn("other", otherTitle, day, null, null, false, Lanes(others)));
        }

        return columns;
    }

    /// <summary>Day view, a column per active room plus one for appointments without a (bookable) room.</summary>
    public static IReadOnlyList<GridColumn> ByRoom(AgendaView view, DateOnly day, bool showCancelled, string noRoomTitle)
    {
        var items = ItemsOf(view, day, showCancelled);
        var working = view.Settings.IsWorkingDay(day.DayOfWeek);
        var known = view.Rooms.Select(r => r.Id).ToHashSet();
        var columns = view.Rooms
            .Select(r => new GridColumn(r.Id.ToString(), r.Name, day, null, r.Id, working, Lanes(items.Where(i => i.RoomId == r.Id))))
            .ToList();
        columns.Add(new GridColumn("none", noRoomTitle, day, null, null, working,
            Lanes(items.Where(i => i.RoomId is not { } room || !known.Contains(room)))));
        return columns;
    }

    /// <summary>Week view, a column per day: the working days, and any other day that has appointments.</summary>
    public static IReadOnlyList<GridColumn> ByDay(AgendaView view, IEnumerable<DateOnly> days, Guid? veterinarianId, bool showCancelled, Func<DateOnly, string> title)
    {
        var columns = new List<GridColumn>();
        foreach (var day in days)
        {
            var items = ItemsOf(view, day, showCancelled).Where(i => veterinarianId is not { } vet || i.VeterinarianId == vet).ToList();
            var working = view.Settings.IsWorkingDay(day.DayOfWeek);
            if (working || items.Count > 0)
            {
                columns.Add(new GridColumn(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), title(day), day,
                    veterinarianId, null, working, Lanes(items)));
            }
        }

        return columns;
    }

    /// <summary>The seven days of the week holding <paramref name="day"/>.</summary>
    public static IReadOnlyList<DateOnly> WeekOf(DateOnly day, DayOfWeek firstDay)
    {
        var start = day.AddDays(-(((int)day.DayOfWeek - (int)firstDay + 7) % 7));
        return Enumerable.Range(0, 7).Select(start.AddDays).ToList();
    }

    /// <summary>The next (or previous) working day; the day itself when no day of the week works.</summary>
    public static DateOnly NextWorkingDay(AgendaSettings settings, DateOnly day, int direction)
    {
        for (var i = 1; i <= 7; i++)
        {
            var candidate = day.AddDays(i * Math.Sign(direction));
            if (settings.IsWorkingDay(candidate.DayOfWeek))
            {
                return candidate;
            }
        }

        return day.AddDays(Math.Sign(direction));
    }

    private static List<AgendaItem> ItemsOf(AgendaView view, DateOnly day, bool showCancelled) =>
        view.Items.Where(i => i.Day == day && Shows(i, showCancelled)).ToList();
}
