using ClinicApp.Data.FrontDesk;

namespace ClinicApp.Features.Agenda;

public enum AppointmentChange
{
    Booked,
    Moved,
    StatusChanged,
}

/// <summary>Published on the hospital's event bus after an appointment is saved; open agendas,
/// today lists and home pages showing <see cref="Day"/> (or <see cref="PreviousDay"/>) reload; a tutor's
/// portal reloads for an appointment of <see cref="TutorId"/> (a new one included, whose id it cannot know).</summary>
public sealed record AppointmentChanged(Guid AppointmentId, DateOnly Day, DateOnly? PreviousDay, AppointmentChange Change, AppointmentStatus Status, Guid? TutorId = null)
{
    public bool Touches(DateOnly from, DateOnly toInclusive) =>
        (Day >= from && Day <= toInclusive) || (PreviousDay is { } previous && previous >= from && previous <= toInclusive);
}
