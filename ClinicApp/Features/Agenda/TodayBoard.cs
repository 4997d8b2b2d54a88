using ClinicApp.Data.FrontDesk;

namespace ClinicApp.Features.Agenda;

/// <summary>A patient in the waiting room and for how long, whole minutes.</summary>
public sealed record Waiting(AgendaItem Item, int Minutes);

/// <summary>The front desk's day at one instant: counts, who is late, who waits. Pure, so the
/// screens recompute it on every tick of their clock and "late" appears by itself.</summary>
public sealed record TodayBoard(
    int Expected,
    int Arrived,
    int InProgress,
    int Done,
    int NoShow,
    IReadOnlyList<AgendaItem> Appointments,
    IReadOnlyList<AgendaItem> Late,
    IReadOnlyList<Waiting> WaitingRoom)
{
    /// <param name="items">The day's appointments, local times.</param>
    /// <param name="now">The hospital's wall clock.</param>
    public static TodayBoard From(IEnumerable<AgendaItem> items, DateTime now, int lateAfterMinutes, bool showCancelled = false)
    {
        var all = items.OrderBy(i => i.Start).ThenBy(i => i.PetName, StringComparer.CurrentCulture).ToList();
        var held = all.Where(i => i.Status != AppointmentStatus.Cancelled).ToList();
        return new TodayBoard(
            Expected: held.Count,
            Arrived: held.Count(i => i.Status is AppointmentStatus.CheckedIn or AppointmentStatus.InProgress or AppointmentStatus.Completed),
            InProgress: held.Count(i => i.Status == AppointmentStatus.InProgress),
            Done: held.Count(i => i.Status == AppointmentStatus.Completed),
            NoShow: held.Count(i => i.Status == AppointmentStatus.NoShow),
            Appointments: showCancelled ? all : held,
            Late: held.Where(i => i.IsLate(now, lateAfterMinutes)).ToList(),
            WaitingRoom: held.Where(i => i.Status == AppointmentStatus.CheckedIn)
                .OrderBy(i => i.CheckedInAt ?? i.Start)
                .Select(i => new Waiting(i, MinutesSince(i.CheckedInAt ?? i.Start, now)))
                .ToList());
    }

    /// <summary>What is still to come for the desk: not yet arrived, not past the late tolerance, in order.</summary>
    public IEnumerable<AgendaItem> Upcoming(DateTime now, int lateAfterMinutes) =>
        Appointments.Where(i => i.Status is AppointmentStatus.Scheduled or AppointmentStatus.Confirmed && !i.IsLate(now, lateAfterMinutes));

    public bool IsLate(AgendaItem item) => Late.Any(l => l.Id == item.Id);

    private static int MinutesSince(DateTime from, DateTime now) => Math.Max(0, (int)(now - from).TotalMinutes);
}
