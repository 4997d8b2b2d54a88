using ClinicApp.Data.Common;
using ClinicApp.Features.Consultations;
using Microsoft.Extensions.Time.Testing;

namespace ClinicApp.Tests.Unit.Consultations;

public sealed class ConsultationAutosaveTests
{
    private static readonly Guid Read = Guid.NewGuid();
    private static readonly TimeSpan AlmostQuiet = ConsultationAutosave.Debounce - TimeSpan.FromMilliseconds(100);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 3, 10, 12, 0, 0, TimeSpan.Zero));
    private readonly ScriptedSave _save = new();
    private readonly ConsultationInput _draft = new();
    private readonly List<Task> _dispatched = [];
    private int _renders;

    [Fact]
    public async Task Changes_within_the_quiet_second_are_saved_once_with_the_latest_draft()
    {
        await using var autosave = Autosave();

        Type(autosave, "Vô");
        _time.Advance(AlmostQuiet);
        Type(autosave, "Vômitos");
        _time.Advance(AlmostQuiet);
        Type(autosave, "Vômitos há dois dias");
        _time.Advance(AlmostQuiet);

        Assert.Empty(_save.Calls);
        Assert.Equal(AutosaveState.Pending, autosave.State);

        _time.Advance(TimeSpan.FromMilliseconds(100));
        await Dispatched();

        var call = Assert.Single(_save.Calls);
        Assert.Equal("Vômitos há dois dias", call.Draft.Anamnesis);
        Assert.Equal(Read, call.Version);
        Assert.Equal(AutosaveState.Saved, autosave.State);
        Assert.Equal(_time.GetUtcNow(), autosave.SavedAt);
        Assert.False(autosave.HasUnsavedChanges);

        _time.Advance(TimeSpan.FromSeconds(30));
        await Dispatched();
        Assert.Single(_save.Calls);
    }

    [Fact]
    public async Task Typing_without_a_pause_is_still_saved_after_five_seconds()
    {
        await using var autosave = Autosave();

        for (var i = 1; i <= 10; i++)
        {
            Type(autosave, new string('a', i));
            _time.Advance(TimeSpan.FromMilliseconds(500));
        }

        Assert.Empty(_save.Calls);

        Type(autosave, "the eleventh keystroke, five seconds after the first");
        await Dispatched();

        Assert.Equal("the eleventh keystroke, five seconds after the first", Assert.Single(_save.Calls).Draft.Anamnesis);
    }

    [Fact]
    public async Task A_field_left_saves_at_once_and_the_quiet_second_does_not_save_it_again()
    {
        await using var autosave = Autosave();

        Type(autosave, "Apatia");
        await autosave.SaveNowAsync();

        Assert.Equal("Apatia", Assert.Single(_save.Calls).Draft.Anamnesis);

        _time.Advance(TimeSpan.FromSeconds(2));
        await Dispatched();
        Assert.Single(_save.Calls);
    }

    [Fact]
    public async Task An_edit_during_a_save_is_saved_once_more_afterwards_with_the_latest_draft()
    {
        var first = _save.Waits();
        var firstVersion = Guid.NewGuid();
        await using var autosave = Autosave();

        Type(autosave, "Vômitos");
        _time.Advance(ConsultationAutosave.Debounce);
        Assert.Equal(AutosaveState.Saving, autosave.State);

        // Typed while the first save is on its way; the quiet second passes before it returns.
        Type(autosave, "Vômitos há dois");
        Type(autosave, "Vômitos há dois dias");
        Assert.Equal(AutosaveState.Saving, autosave.State);
        _time.Advance(ConsultationAutosave.Debounce);
        Assert.Single(_save.Calls);

        first.SetResult(firstVersion);
        await Dispatched();

        Assert.Equal(2, _save.Calls.Count);
        Assert.Equal("Vômitos", _save.Calls[0].Draft.Anamnesis);
        Assert.Equal("Vômitos há dois dias", _save.Calls[1].Draft.Anamnesis);
        Assert.Equal(firstVersion, _save.Calls[1].Version);
        Assert.Equal(AutosaveState.Saved, autosave.State);

        _time.Advance(TimeSpan.FromSeconds(30));
        await Dispatched();
        Assert.Equal(2, _save.Calls.Count);
    }

    [Fact]
    public async Task An_edit_during_a_save_that_returns_before_the_quiet_second_shows_unsaved_and_is_saved_next()
    {
        var first = _save.Waits();
        await using var autosave = Autosave();

        Type(autosave, "Vômitos");
        var saving = autosave.SaveNowAsync();
        Type(autosave, "Vômitos há dois dias");
        first.SetResult(Guid.NewGuid());
        await saving;

        Assert.Equal(AutosaveState.Pending, autosave.State);
        Assert.True(autosave.HasUnsavedChanges);

        _time.Advance(ConsultationAutosave.Debounce);
        await Dispatched();

        Assert.Equal(2, _save.Calls.Count);
        Assert.Equal("Vômitos há dois dias", _save.Calls[1].Draft.Anamnesis);
        Assert.Equal(AutosaveState.Saved, autosave.State);
    }

    [Theory]
    [InlineData("Consultation.Error.Stale")]
    [InlineData("Consultation.Error.Completed")]
    public async Task A_save_refused_as_stale_stops_autosave_and_keeps_the_text_until_the_chart_is_reloaded(string refusal)
    {
        _save.Refuses(new DomainRuleException(refusal));
        var autosave = Autosave();

        Type(autosave, "Minha versão");
        await autosave.SaveNowAsync();

        Assert.True(autosave.Conflict);
        Assert.Equal(AutosaveState.Failed, autosave.State);
        Assert.True(autosave.HasUnsavedChanges);
        Assert.Null(autosave.Refusal);
        Assert.Equal("Minha versão", _draft.Anamnesis);

        // Nothing is written over the other person's version: not by typing, leaving a field, or closing.
        Type(autosave, "Minha versão, continuada");
        Assert.Equal(AutosaveState.Failed, autosave.State);
        _time.Advance(TimeSpan.FromSeconds(10));
        await autosave.SaveNowAsync();
        await autosave.DisposeAsync();
        await Dispatched();
        Assert.Single(_save.Calls);

        // The page's "Reload" reads the stored chart again and autosaves from its version.
        var stored = Guid.NewGuid();
        await using var reloaded = Autosave(stored);
        Type(reloaded, "Depois de recarregar");
        await reloaded.SaveNowAsync();
        Assert.Equal(stored, _save.Calls[^1].Version);
        Assert.Equal(AutosaveState.Saved, reloaded.State);
        Assert.False(reloaded.Conflict);
    }

    [Fact]
    public async Task A_refused_value_shows_the_error_on_its_field_and_is_tried_again_at_the_next_change_not_before()
    {
        _save.Refuses(new DomainRuleException("Consultation.Error.Range", "Consultation.Temperature", 30, 45));
        await using var autosave = Autosave();

        _draft.TemperatureC = 385m;
        autosave.Changed();
        _time.Advance(ConsultationAutosave.Debounce);
        await Dispatched();

        Assert.Equal(AutosaveState.Failed, autosave.State);
        Assert.False(autosave.Conflict);
        Assert.Equal("Consultation.Error.Range", autosave.Refusal?.Message);
        Assert.Equal("Consultation.Temperature", autosave.RefusedField);
        Assert.True(autosave.HasUnsavedChanges);

        // No retry on a timer: the same draft would only be refused again.
        _time.Advance(TimeSpan.FromSeconds(30));
        await Dispatched();
        Assert.Single(_save.Calls);

        // The vet corrects it: pending again, the error still shown until a save succeeds.
        _draft.TemperatureC = 38.5m;
        autosave.Changed();
        Assert.Equal(AutosaveState.Pending, autosave.State);
        Assert.NotNull(autosave.Refusal);
        _time.Advance(ConsultationAutosave.Debounce);
        await Dispatched();

        Assert.Equal(2, _save.Calls.Count);
        Assert.Equal(38.5m, _save.Calls[1].Draft.TemperatureC);
        Assert.Equal(AutosaveState.Saved, autosave.State);
        Assert.Null(autosave.Refusal);
        Assert.Null(autosave.RefusedField);
    }

    [Fact]
    public async Task A_refused_draft_is_tried_again_when_a_field_is_left()
    {
        _save.Refuses(new DomainRuleException("Consultation.Error.Weight", 200));
        await using var autosave = Autosave();

        _draft.WeightKg = 0m;
        autosave.Changed();
        await autosave.SaveNowAsync();
        Assert.Equal("Consultation.Weight", autosave.RefusedField);

        await autosave.SaveNowAsync();

        Assert.Equal(2, _save.Calls.Count);
        Assert.Equal(AutosaveState.Saved, autosave.State);
    }

    [Fact]
    public async Task Closing_saves_what_is_pending_once_and_nothing_afterwards()
    {
        var autosave = Autosave();

        Type(autosave, "As últimas palavras");
        await autosave.DisposeAsync();

        Assert.Equal("As últimas palavras", Assert.Single(_save.Calls).Draft.Anamnesis);
        var rendersAtClose = _renders;

        Type(autosave, "Depois de fechar");
        await autosave.SaveNowAsync();
        _time.Advance(TimeSpan.FromSeconds(30));
        await autosave.DisposeAsync();
        await Dispatched();

        Assert.Single(_save.Calls);
        Assert.Equal(rendersAtClose, _renders);
    }

    [Fact]
    public async Task Closing_during_a_save_lets_it_finish_then_saves_what_was_typed_since()
    {
        var first = _save.Waits();
        var autosave = Autosave();

        Type(autosave, "Vômitos");
        var saving = autosave.SaveNowAsync();
        Type(autosave, "Vômitos há dois dias");
        var closing = autosave.DisposeAsync().AsTask();
        Assert.False(closing.IsCompleted);
        Assert.False(_save.Calls[0].Token.IsCancellationRequested);

        first.SetResult(Guid.NewGuid());
        await saving;
        await closing.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(2, _save.Calls.Count);
        Assert.Equal("Vômitos há dois dias", _save.Calls[1].Draft.Anamnesis);
        Assert.False(autosave.HasUnsavedChanges);
    }

    [Fact]
    public async Task Closing_during_the_last_save_does_not_cancel_it()
    {
        var only = _save.Waits();
        var autosave = Autosave();

        Type(autosave, "Vômitos");
        var saving = autosave.SaveNowAsync();
        var closing = autosave.DisposeAsync().AsTask();
        Assert.False(_save.Calls[0].Token.IsCancellationRequested);

        only.SetResult(Guid.NewGuid());
        await saving;
        await closing.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Single(_save.Calls);
        Assert.Equal(AutosaveState.Saved, autosave.State);
    }

    [Fact]
    public async Task Closing_gives_up_on_a_save_that_hangs_after_ten_seconds()
    {
        _save.Hangs();
        var autosave = Autosave();

        Type(autosave, "Vômitos");
        var closing = autosave.DisposeAsync().AsTask();
        Assert.False(closing.IsCompleted);

        _time.Advance(ConsultationAutosave.FlushTimeout);
        await closing.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(_save.Calls[0].Token.IsCancellationRequested);
        Assert.True(autosave.HasUnsavedChanges);
    }

    [Fact]
    public async Task Nothing_is_saved_when_nothing_changed()
    {
        var autosave = Autosave();

        await autosave.SaveNowAsync();
        _time.Advance(TimeSpan.FromSeconds(30));
        await autosave.DisposeAsync();
        await Dispatched();

        Assert.Empty(_save.Calls);
        Assert.Equal(AutosaveState.Idle, autosave.State);
        Assert.Null(autosave.SavedAt);
    }

    private ConsultationAutosave Autosave(Guid? version = null) =>
        new(_draft, version ?? Read, _save.SaveAsync, _time, Dispatch, () => Interlocked.Increment(ref _renders));

    private void Type(ConsultationAutosave autosave, string anamnesis)
    {
        _draft.Anamnesis = anamnesis;
        autosave.Changed();
    }

    /// <summary>The page's InvokeAsync: runs the work, and remembers it so a test can wait for timer-fired saves.</summary>
    private Task Dispatch(Func<Task> work)
    {
        var task = work();
        lock (_dispatched)
        {
            _dispatched.Add(task);
        }

        return task;
    }

    private Task Dispatched()
    {
        lock (_dispatched)
        {
            return Task.WhenAll(_dispatched.ToArray()).WaitAsync(TimeSpan.FromSeconds(5));
        }
    }

    private sealed record SaveCall(ConsultationInput Draft, Guid Version, CancellationToken Token);

    /// <summary>Stands for ConsultationService.SaveDraftAsync: records each call and answers from a script,
    /// a new version when the script has nothing more to say.</summary>
    private sealed class ScriptedSave
    {
        private readonly Lock _lock = new();
        private readonly List<SaveCall> _calls = [];
        private readonly Queue<Func<CancellationToken, Task<Guid>>> _answers = new();

        public IReadOnlyList<SaveCall> Calls
        {
            get
            {
                lock (_lock)
                {
                    return [.. _calls];
                }
            }
        }

        /// <summary>The next save waits until the test answers it.</summary>
        public TaskCompletionSource<Guid> Waits()
        {
            var answer = new TaskCompletionSource<Guid>();
            Then(_ => answer.Task);
            return answer;
        }

        public void Refuses(DomainRuleException refusal) => Then(_ => Task.FromException<Guid>(refusal));

        /// <summary>The next save never answers; it ends only when its token is cancelled.</summary>
        public void Hangs() => Then(async ct =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return Guid.NewGuid();
        });

        public Task<Guid> SaveAsync(ConsultationInput draft, Guid version, CancellationToken ct)
        {
            Func<CancellationToken, Task<Guid>>? answer;
            lock (_lock)
            {
                _calls.Add(new SaveCall(draft, version, ct));
                _answers.TryDequeue(out answer);
            }

            return answer?.Invoke(ct) ?? Task.FromResult(Guid.NewGuid());
        }

        private void Then(Func<CancellationToken, Task<Guid>> answer)
        {
            lock (_lock)
            {
                _answers.Enqueue(answer);
            }
        }
    }
}
