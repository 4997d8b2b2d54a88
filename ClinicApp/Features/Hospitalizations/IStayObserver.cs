namespace ClinicApp.Features.Hospitalizations;

/// <summary>Told after a stay ends (discharge, transfer, death), in the hospital's scope (to charge its
/// days). Register any number with AddScoped; a failing observer is logged and does not undo the discharge.</summary>
public interface IStayObserver
{
    Task StayEndedAsync(Guid stayId, CancellationToken ct);
}
