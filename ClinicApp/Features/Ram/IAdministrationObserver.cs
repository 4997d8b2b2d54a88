namespace ClinicApp.Features.Ram;

/// <summary>Told after a dose is recorded as given, in the hospital's scope (to post its charge, to
/// deduct stock). Register any number with AddScoped. A failing observer is logged and does not undo
/// the dose: the nurse gave it.</summary>
public interface IAdministrationObserver
{
    Task DoseGivenAsync(Guid administrationId, CancellationToken ct);

    /// <summary>Told just before a "given" is undone (a mis-click taken back within
    /// <see cref="AdministrationService.UndoWindow"/>), to take back what <see cref="DoseGivenAsync"/>
    /// did. Unlike that call this one may refuse, with a <see cref="Data.Common.DomainRuleException"/>
    /// (its charge was already paid): then the dose stays given.</summary>
    Task DoseUndoneAsync(Guid administrationId, CancellationToken ct);
}
