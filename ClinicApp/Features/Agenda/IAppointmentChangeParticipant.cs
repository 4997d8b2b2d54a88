using ClinicApp.Data;
using ClinicApp.Data.FrontDesk;

namespace ClinicApp.Features.Agenda;

/// <summary>Takes part in saving an appointment's move or status change: called with the change's own
/// context just before it is saved, so what it records there commits — or fails — with the change
/// (reminders of the old time cancelled in the same transaction as the move). Register with AddScoped.
/// Unlike <see cref="IAppointmentObserver"/>, it runs before the commit: keep it to a few rows of its own.</summary>
public interface IAppointmentChangeParticipant
{
    /// <param name="appointment">Tracked by <paramref name="db"/>, with its new time or status set.</param>
    Task BeforeSaveAsync(ClinicDbContext db, Appointment appointment, CancellationToken ct);
}
