using ClinicApp.Data.Common;

namespace ClinicApp.Features.Consultations;

/// <summary>Where a chart's autosave stands, as its header shows it.</summary>
public enum AutosaveState
{
    Idle,
    Pending,
    Saving,
    Saved,
    Failed,
}

/// <summary>Saves a consultation's SOAP draft by itself while the vet types: a quiet second after the last
/// change, at least every five seconds of typing without a pause, and at once when asked (a field left, a pick
/// from a list, before another action). One save at a time, each with the whole draft as it is then; what is
/// typed during a save is saved next. A stale version or a consultation completed elsewhere stops it until the
/// page reloads; any other refusal keeps the draft unsaved and is tried again at the next change or request.
/// Disposing lets a save under way finish and then saves what is still pending.</summary>
/// <remarks>Not thread-safe: call it on the page's dispatcher. Its timer comes back through
/// <c>dispatch</c> (the component's <c>InvokeAsync</c>).</remarks>
public sealed class ConsultationAutosave : IAsyncDisposable
{
    /// <summary>Quiet time after the last change before saving.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromSeconds(1);

    /// <summary>Someone typing without a pause is still saved this often.</summary>
    public static readonly TimeSpan MaxUnsaved = TimeSpan.FromSeconds(5);

    /// <summary>How long closing the page waits for the last save.</summary>
    public static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(10);

    private readonly ConsultationInput _draft;
    private readonly Func<ConsultationInput, Guid, CancellationToken, Task<Guid>> _save;
    private readonly TimeProvider _time;
    private readonly Func<Func<Task>, Task> _dispatch;
    private readonly Action _changed;
    private readonly ITimer _quiet;
    private readonly SemaphoreSlim _saving = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private bool _dirty;
    private DateTimeOffset? _dirtySince;
    private bool _disposed;

    /// <param name="draft">The form's live draft; each save sends a copy of it as it is then.</param>
    /// <param name="version">The stored version the draft was read at.</param>
    /// <param name="save">Stores a draft over a version and returns the new version (ConsultationService.SaveDraftAsync).</param>
    /// <param name="dispatch">Runs work on the page's dispatcher (the component's InvokeAsync).</param>
    /// <param name="changed">Re-renders the page (StateHasChanged); never called once disposing.</param>
    public ConsultationAutosave(
        ConsultationInput draft,
        Guid version,
        Func<ConsultationInput, Guid, CancellationToken, Task<Guid>> save,
        TimeProvider time,
        Func<Func<Task>, Task> dispatch,
        Action changed)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(time);
        _draft = draft;
        Version = version;
        _save = save;
        _time = time;
        _dispatch = dispatch;
        _changed = changed;
        _quiet = time.CreateTimer(_ => OnQuiet(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public AutosaveState State { get; private set; }

    /// <summary>The version the last save returned (or the one read).</summary>
    public Guid Version { get; private set; }

    /// <summary>When the last save succeeded.</summary>
    public DateTimeOffset? SavedAt { get; private set; }

    /// <summary>Changes not stored yet (typed since the last save, or refused).</summary>
    public bool HasUnsavedChanges => _dirty;

    /// <summary>Someone else saved (or completed) the consultation meanwhile: nothing more is saved, the text
    /// stays on screen, and only reloading the chart goes on.</summary>
    public bool Conflict { get; private set; }

    /// <summary>The last refusal that was not a conflict (a value out of range…); cleared by the next save
    /// that succeeds.</summary>
    public DomainRuleException? Refusal { get; private set; }

    /// <summary>The field label key the refusal is about, to mark that field.</summary>
    public string? RefusedField => Refusal switch
    {
        null => null,
        { Message: "Consultation.Error.Weight" } => "Consultation.Weight",
        { Arguments: [string label, ..] } => label,
        _ => null,
    };

    /// <summary>A keystroke: saved after a quiet second, or now when unsaved for too long.</summary>
    public void Changed()
    {
        if (_disposed)
        {
            return;
        }

        _dirty = true;
        var now = _time.GetUtcNow();
        _dirtySince ??= now;
        if (!Conflict && State != AutosaveState.Saving)
        {
            State = AutosaveState.Pending;
        }

        if (now - _dirtySince >= MaxUnsaved)
        {
            _ = _dispatch(SaveNowAsync);
            return;
        }

        _quiet.Change(Debounce, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Saves the draft now if it changed (after a save under way). Refusals end up in the state,
    /// not in an exception.</summary>
    public Task SaveNowAsync() => _disposed ? Task.CompletedTask : SaveAsync(_lifetime.Token);

    /// <summary>Closing the page: a save under way is left to finish, then what was typed since is saved.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _quiet.Dispose();
        try
        {
            using var flush = new CancellationTokenSource(FlushTimeout, _time);
            await _saving.WaitAsync(flush.Token);
            try
            {
                if (_dirty && !Conflict)
                {
                    await SaveHoldingTurnAsync(flush.Token);
                }
            }
            finally
            {
                _saving.Release();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Nothing to show it on any more; the draft saved a second ago stays.
        }
        finally
        {
            await _lifetime.CancelAsync();
            _lifetime.Dispose();
        }
    }

    private void OnQuiet()
    {
        if (!_disposed)
        {
            _ = _dispatch(SaveNowAsync);
        }
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        if (!_dirty || Conflict)
        {
            return;
        }

        await _saving.WaitAsync(ct);
        try
        {
            await SaveHoldingTurnAsync(ct);
        }
        finally
        {
            _saving.Release();
            Render();
        }
    }

    private async Task SaveHoldingTurnAsync(CancellationToken ct)
    {
        if (!_dirty || Conflict)
        {
            return;
        }

        var draft = _draft.Copy();
        _dirty = false;
        _dirtySince = null;
        State = AutosaveState.Saving;
        Render();
        try
        {
            Version = await _save(draft, Version, ct);
            SavedAt = _time.GetUtcNow();
            Refusal = null;
            State = _dirty ? AutosaveState.Pending : AutosaveState.Saved;
        }
        catch (OperationCanceledException)
        {
            _dirty = true;
            State = AutosaveState.Pending;
        }
        catch (DomainRuleException refusal)
        {
            _dirty = true;
            State = AutosaveState.Failed;
            if (refusal.Message is "Consultation.Error.Stale" or "Consultation.Error.Completed")
            {
                Conflict = true;
            }
            else
            {
                Refusal = refusal;
            }
        }
    }

    private void Render()
    {
        if (!_disposed)
        {
            _changed();
        }
    }
}
