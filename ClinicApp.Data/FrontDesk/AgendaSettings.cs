using ClinicApp.Data.Common;

namespace ClinicApp.Data.FrontDesk;

/// <summary>The hospital's opening hours and agenda rules: one row per hospital database.</summary>
public sealed class AgendaSettings : Entity
{
    public TimeOnly OpensAt { get; set; } = new(8, 0);

    public TimeOnly ClosesAt { get; set; } = new(19, 0);

    /// <summary>Bit per <see cref="DayOfWeek"/> (Sunday = bit 0). Monday–Saturday by default.</summary>
    public int WorkingDays { get; set; } = 0b111_1110;

    /// <summary>Grid step of the agenda, minutes (a multiple of <see cref="Appointment.SlotMinutes"/>).</summary>
    public int SlotMinutes { get; set; } = 15;

    /// <summary>Minutes after the start time from which a patient not checked in is late.</summary>
    public int LateAfterMinutes { get; set; } = 10;

    public bool IsWorkingDay(DayOfWeek day) => (WorkingDays & (1 << (int)day)) != 0;

    /// <summary>Where a new booking on <paramref name="day"/> starts unless the receptionist picks a
    /// time: today, the next grid line from <paramref name="now"/> within opening hours (the opening
    /// before it, the next working day's opening after closing); another day, its opening.</summary>
    public DateTime SuggestedStart(DateOnly day, DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        if (day != today)
        {
            return day.ToDateTime(OpensAt);
        }

        // Grid lines run from the opening, as the agenda draws them; a slot must end by closing.
        var step = SlotMinutes > 0 ? SlotMinutes : 15;
        var opens = OpensAt.Hour * 60 + OpensAt.Minute;
        var current = now.TimeOfDay.TotalMinutes;
        if (current <= opens)
        {
            return today.ToDateTime(OpensAt);
        }

        var minutes = opens + (int)Math.Ceiling((current - opens) / step) * step;
        if (minutes + step > ClosesAt.Hour * 60 + ClosesAt.Minute)
        {
            var following = today.AddDays(1);
            for (var i = 0; i < 7 && !IsWorkingDay(following.DayOfWeek); i++)
            {
                following = following.AddDays(1);
            }

            return following.ToDateTime(OpensAt);
        }

        var next = TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minutes));
        return today.ToDateTime(next);
    }
}
