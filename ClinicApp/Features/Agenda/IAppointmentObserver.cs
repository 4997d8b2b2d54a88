namespace ClinicApp.Features.Agenda;

/// <summary>Told after an appointment is completed, in the hospital's scope (to charge the visit).
/// Register any number with AddScoped; a failing observer is logged and does not undo the completion.</summary>
public interface IAppointmentObserver
{
    Task AppointmentCompletedAsync(Guid appointmentId, CancellationToken ct);
}
