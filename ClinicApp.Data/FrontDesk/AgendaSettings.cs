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
}
