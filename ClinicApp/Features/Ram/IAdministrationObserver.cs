namespace ClinicApp.Features.Ram;

/// <summary>Told after a dose is recorded as given, in the hospital's scope (to post its charge, to
/// deduct stock). Register any number with AddScoped. A failing observer is logged and does not undo
/// the dose: the nurse gave it.</summary>
public interface IAdministrationObserver
{
    Task DoseGivenAsync(Guid administrationId, CancellationToken ct);
}
