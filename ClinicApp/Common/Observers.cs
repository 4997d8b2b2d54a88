namespace ClinicApp.Common;

/// <summary>How a feature tells the others about a change it has saved (a dose given, a stay ended, a
/// payment taken) without knowing them: each area declares an observer interface, others register
/// implementations with AddScoped, and the owner notifies them after its commit.</summary>
public static class Observers
{
    /// <summary>Tells every observer in turn. One that fails is logged and the rest are still told: the change
    /// is already saved, and what an observer missed (a charge) shows up where that area lists its gaps.</summary>
    public static async Task NotifyAsync<TObserver>(IEnumerable<TObserver> observers, Func<TObserver, Task> notify, ILogger logger, Guid subjectId)
    {
        foreach (var observer in observers)
        {
            try
            {
                await notify(observer);
            }
#pragma warning disable CA1031 // an observer's failure must not undo or hide a change already saved
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "{Observer} failed to handle the change of {SubjectId}", observer!.GetType().Name, subjectId);
            }
        }
    }
}
