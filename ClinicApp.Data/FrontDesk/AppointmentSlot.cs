using ClinicApp.Data.Common;

namespace ClinicApp.Data.FrontDesk;

/// <summary>One <see cref="Appointment.SlotMinutes"/>-minute piece of a vet's or room's time,
/// owned by one appointment. Primary key (ResourceId, Start): two appointments cannot own it.</summary>
public sealed class AppointmentSlot : INotAudited
{
    public Guid ResourceId { get; set; }

    public DateTime Start { get; set; }

    public Guid AppointmentId { get; set; }
}
