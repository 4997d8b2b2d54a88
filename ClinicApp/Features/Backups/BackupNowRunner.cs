using System.Collections.Concurrent;
using ClinicApp.Data.Catalog;
using ClinicApp.Data.Common;
using ClinicApp.Infrastructure.Backups;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;

namespace ClinicApp.Features.Backups;

/// <summary>Published in the hospital when its "back up now" starts, moves on (coalesced) or ends: the
/// backups pages of its admins reload their progress and table.</summary>
public sealed record BackupActivity(bool Running);

/// <summary>How the hospital's last "back up now" ended: the run (null when it was refused before
/// it was recorded) and, for a failure, its reason (a Backups.Error.* key, maybe followed by ": detail").</summary>
public sealed record BackupOutcome(Guid? RunId, BackupStatus Status, string? Error, string RequestedBy);

/// <summary>What a hospital's backups page shows of "back up now": whether one runs, how far, and how
/// the last one ended.</summary>
public sealed record BackupNowState(bool Running, BackupStage Stage, int Percent, string? RequestedBy, BackupOutcome? Last)
{
    public static readonly BackupNowState Idle = new(false, BackupStage.CopyingDatabase, 0, null, null);
}

/// <summary>Runs the admins' "back up now" apart from the screen that asked: the backup goes on when the
/// admin leaves the page or closes the browser (a tracked task of the process, not of the circuit), and the
/// app's stop waits for it (cancelled, the run is recorded interrupted). One per hospital at a time; the
/// engine refuses a second too, this only answers sooner. Progress goes to the hospital's event bus,
/// coalesced: the writer may report many steps a second, the screens need a few.</summary>
public sealed class BackupNowRunner(BackupService backups, IEventBus bus, TimeProvider time, ILogger<BackupNowRunner> logger)
    : IHostedService, IDisposable
{
    /// <summary>At most about this many progress events a second reach the hospital's screens.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<Guid, Tracker> _hospitals = new();
    private readonly CancellationTokenSource _stopping = new();
    private volatile bool _disposed;

    /// <summary>The hospital's "back up now" as it is now.</summary>
    public BackupNowState StateOf(Guid hospitalId) =>
        _hospitals.TryGetValue(hospitalId, out var tracker) ? tracker.State : BackupNowState.Idle;

    /// <summary>The running backup's task (tests and the app's stop wait for it), null when none runs.</summary>
    public Task? RunningTask(Guid hospitalId) =>
        _hospitals.TryGetValue(hospitalId, out var tracker) ? tracker.Task : null;

    /// <summary>Starts a manual backup of the hospital and returns at once. A backup of the hospital
    /// already running (this one, the nightly job, the command line in this process) → refused.</summary>
    public void Start(TenantInfo hospital, string requestedBy)
    {
        ArgumentNullException.ThrowIfNull(hospital);
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        var tracker = _hospitals.GetOrAdd(hospital.Id, _ => new Tracker());
        lock (tracker)
        {
            if (tracker.Task is not null || backups.IsRunning(hospital.Slug))
            {
                throw new DomainRuleException("Backups.Error.AlreadyRunning");
            }

            tracker.State = tracker.State with { Running = true, Stage = BackupStage.CopyingDatabase, Percent = 0, RequestedBy = requestedBy };
            tracker.LastPublished = DateTimeOffset.MinValue;

            // Nothing of the asking circuit (its culture, its scope's flow) goes with the backup.
            using (ExecutionContext.SuppressFlow())
            {
                tracker.Task = Task.Run(() => RunAsync(hospital.Id, tracker, requestedBy));
            }
        }

        Publish(hospital.Id, true);
    }

    private async Task RunAsync(Guid hospitalId, Tracker tracker, string requestedBy)
    {
        BackupOutcome outcome;
        try
        {
            var run = await backups.BackUpHospitalAsync(hospitalId, BackupTrigger.Manual, requestedBy, new Reporter(this, hospitalId, tracker), _stopping.Token);
            outcome = new BackupOutcome(run.Id, run.Status, run.Error, requestedBy);
        }
        catch (DomainRuleException e)
        {
            // The nightly job or the command line started between the check and the run.
            outcome = new BackupOutcome(null, BackupStatus.Failed, e.Message, requestedBy);
        }
#pragma warning disable CA1031 // nobody awaits this task: whatever broke is the outcome the screens show
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "The manual backup of hospital {Hospital} could not run", hospitalId);
            outcome = new BackupOutcome(null, BackupStatus.Failed, "Backups.Error.Failed", requestedBy);
        }

        lock (tracker)
        {
            tracker.State = tracker.State with { Running = false, Stage = BackupStage.Done, Percent = 100, Last = outcome };
            tracker.Task = null;
        }

        Publish(hospitalId, false);
    }

    /// <summary>Keeps the newest progress and passes it on when the stage changes, the end is reached,
    /// or <see cref="ProgressInterval"/> passed since the last event.</summary>
    private void Report(Guid hospitalId, Tracker tracker, BackupProgress progress)
    {
        bool publish;
        lock (tracker)
        {
            var now = time.GetUtcNow();
            publish = progress.Stage != tracker.State.Stage || progress.Percent >= 100 || now - tracker.LastPublished >= ProgressInterval;
            tracker.State = tracker.State with { Stage = progress.Stage, Percent = Math.Clamp(progress.Percent, 0, 100) };
            if (publish)
            {
                tracker.LastPublished = now;
            }
        }

        if (publish)
        {
            Publish(hospitalId, true);
        }
    }

    /// <summary>The bus's handlers only schedule a screen's reload, but the backup must never wait for the screens.</summary>
    private void Publish(Guid hospitalId, bool running) =>
        _ = bus.PublishAsync(hospitalId, new BackupActivity(running));

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The app stops: running backups are cancelled (recorded as interrupted, their partial
    /// archive removed) and awaited for as long as the host lets us.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_disposed)
        {
            // A host disposed before it was stopped (a test app's second dispose): nothing can run any more.
            return;
        }

        await _stopping.CancelAsync();
        var running = _hospitals.Values.Select(t => t.Task).OfType<Task>().ToArray();
        try
        {
            await Task.WhenAll(running).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("The app stopped before {Count} backup(s) finished", running.Length);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _stopping.Dispose();
    }

    private sealed class Tracker
    {
        public BackupNowState State { get; set; } = BackupNowState.Idle;

        public Task? Task { get; set; }

        public DateTimeOffset LastPublished { get; set; }
    }

    /// <summary>Called synchronously on the writer's flow (not a <see cref="Progress{T}"/>, which would
    /// post to a context the backup does not have).</summary>
    private sealed class Reporter(BackupNowRunner runner, Guid hospitalId, Tracker tracker) : IProgress<BackupProgress>
    {
        public void Report(BackupProgress value) => runner.Report(hospitalId, tracker, value);
    }
}
