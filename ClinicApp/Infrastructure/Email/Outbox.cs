using System.Collections.Concurrent;
using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ClinicApp.Infrastructure.Email;

/// <summary>The "Outbox" section: how the dispatcher delivers messages.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How often every hospital's due messages are looked for (a new message wakes it at once).</summary>
    public double PollSeconds { get; set; } = 5;

    /// <summary>One attempt's limit (connect and send): a server that accepts and never answers costs this, once.</summary>
    public double SendTimeoutSeconds { get; set; } = 10;

    /// <summary>Attempts before the message is given up (Failed) and the admins are told.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; it doubles with each further one, with jitter.</summary>
    public double FirstRetrySeconds { get; set; } = 60;

    public double MaxRetrySeconds { get; set; } = 6 * 3600;

    public int BatchSize { get; set; } = 20;

    /// <summary>Messages of one channel of a hospital sent at once (each is claimed first, so this never
    /// sends one twice): a provider's round trip, not the database, is what bounds the rate.</summary>
    public int Parallelism { get; set; } = 4;

    public TimeSpan SendTimeout => TimeSpan.FromSeconds(SendTimeoutSeconds);

    /// <summary>A claim outlives one attempt (bounded by the send timeout, plus the time to record its
    /// result), so only a dispatcher that died lets it lapse; then another takes the message.</summary>
    public TimeSpan ClaimLease => TimeSpan.FromSeconds(SendTimeoutSeconds * 2 + 10);

    /// <summary>The wait before attempt <paramref name="attempts"/>+1: doubling from the first retry,
    /// capped, with ±20 % jitter so messages that failed together do not retry together.</summary>
    public TimeSpan Backoff(int attempts, double random)
    {
        var seconds = Math.Min(FirstRetrySeconds * Math.Pow(2, Math.Max(0, attempts - 1)), MaxRetrySeconds);
        return TimeSpan.FromSeconds(seconds * (0.8 + (0.4 * random)));
    }
}

/// <summary>Wakes the dispatcher when a message was written, so it does not wait for the next poll.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: one pass takes every due message.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);

    public void Dispose() => _wake.Dispose();
}

/// <summary>Composes the content of a message written without it (<see cref="OutboxMessage.Kind"/>), when it
/// is first delivered: the area that owns the kind registers one (e.g. the payment receipt).</summary>
public interface IOutboxComposer
{
    string Kind { get; }

    /// <summary>The e-mail, or null when there is nothing to send any more (the message is then given up).</summary>
    Task<EmailDraft?> ComposeAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>How a message leaves: its result is the provider's id (sent) or null (kept locally, no provider).</summary>
public sealed record OutboxDelivery(bool Sent, string? ProviderId, string File);

/// <summary>A failed attempt the provider explained: <see cref="Permanent"/> when no retry can help (an
/// invalid number, Twilio 63016…), then the message fails at once with the provider's <see cref="Code"/>;
/// otherwise it is retried, not before <see cref="RetryAfter"/> when the provider asked for a wait.</summary>
public sealed class OutboxDeliveryException(string message, bool permanent, string? code = null, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;

    public string? Code { get; } = code;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>One way messages leave (e-mail, WhatsApp). Throws when the attempt failed (an
/// <see cref="OutboxDeliveryException"/> when the channel knows whether it is worth retrying);
/// <paramref name="ct"/> carries the attempt's timeout.</summary>
public interface IOutboxChannel
{
    OutboxChannel Channel { get; }

    Task<OutboxDelivery> DeliverAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>Told when a message is given up after its last attempt (the admins are notified).</summary>
public interface IOutboxObserver
{
    /// <summary>Adds what giving up causes to <paramref name="db"/>, which saves it in the same
    /// transaction as the given-up row (a crash keeps both or neither); returns what to do once that
    /// is committed (tell live screens), or null.</summary>
    Task<Func<Task>?> GivingUpAsync(ClinicDbContext db, OutboxMessage message, CancellationToken ct);

    /// <summary>Told once an attempt's result is committed (sent, kept, retried or failed), e.g. to refresh
    /// live screens. A failure here loses only the nudge.</summary>
    Task AttemptedAsync(OutboxMessage message, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>E-mail through the hospital's SMTP account; the message's .eml is composed once (by its kind's
/// composer when it has none) and every attempt sends that same file.</summary>
public sealed class EmailOutboxChannel(HospitalMailer mailer, SmtpAccounts accounts, IEmailSender sender, OutboxFolder folder,
    IEnumerable<IOutboxComposer> composers, ClinicDbFactory dbFactory) : IOutboxChannel
{
    public OutboxChannel Channel => OutboxChannel.Email;

    public async Task<OutboxDelivery> DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        var account = await accounts.CurrentAsync(ct);
        if (folder.Find(message.File) is null)
        {
            var composer = composers.FirstOrDefault(c => c.Kind == message.Kind)
                ?? throw new InvalidOperationException($"No composer for outbox messages of kind '{message.Kind}'.");
            var draft = await composer.ComposeAsync(message, ct)
                ?? throw new InvalidOperationException("There is nothing to send any more.");
            var file = await folder.WriteAsync(message.Id, mailer.Compose(draft, account), ct);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Attach(message);
            message.Compose(file);
            await db.SaveChangesAsync(ct);
        }

        if (account is null)
        {
            return new OutboxDelivery(false, null, message.File!);
        }

        var mime = await MimeKit.MimeMessage.LoadAsync(folder.Find(message.File)!, ct);
        var providerId = await sender.SendAsync(account, mime, ct);
        return new OutboxDelivery(true, providerId, message.File!);
    }
}

/// <summary>Delivers the current hospital's due messages: each is claimed with one conditional UPDATE
/// (so two dispatchers never send it twice at once), sent with a short timeout, and on failure tried again
/// later with a growing, jittered wait, until the last attempt gives it up and tells the admins.</summary>
public sealed class OutboxWorker(
    ClinicDbFactory dbFactory,
    IEnumerable<IOutboxChannel> channels,
    IEnumerable<IOutboxObserver> observers,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    TenantContext tenant,
    ILogger<OutboxWorker> logger)
{
    /// <summary>Rounds of a full batch one call drains before it lets the dispatcher's pass end.</summary>
    private const int MaxRounds = 100;

    /// <summary>Delivers every due message of the hospital; returns how many were attempted. Each channel
    /// has its own lane, so an SMTP server that times out never holds up the hospital's WhatsApp
    /// messages; within a lane up to <see cref="OutboxOptions.Parallelism"/> messages go at once.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var lanes = await Task.WhenAll(Enum.GetValues<OutboxChannel>().Select(channel => RunLaneAsync(channel, ct)));
        return lanes.Sum();
    }

    /// <summary>Delivers the hospital's due messages of one channel (draining a long queue batch by batch).</summary>
    public async Task<int> RunLaneAsync(OutboxChannel channel, CancellationToken ct)
    {
        var settings = options.Value;
        var attempted = 0;
        for (var round = 0; round < MaxRounds; round++)
        {
            var now = time.GetUtcNow().UtcDateTime;
            List<Guid> due;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                due = await db.OutboxMessages.AsNoTracking()
                    .Where(m => m.Channel == channel && m.Status == OutboxStatus.Pending && (m.NextAttemptAt == null || m.NextAttemptAt <= now)
                                && (m.ClaimedUntil == null || m.ClaimedUntil <= now))
                    .OrderBy(m => m.CreatedAt).Select(m => m.Id).Take(settings.BatchSize).ToListAsync(ct);
            }

            // Claimed a wave at a time (as many as go at once), so each claim's lease is one attempt's, as
            // for a single message: a dispatcher killed mid-batch strands nothing longer than that.
            foreach (var wave in due.Chunk(Math.Max(1, settings.Parallelism)))
            {
                var claimed = await ClaimAsync(wave, ct);
                attempted += claimed.Count;
                await Task.WhenAll(claimed.Select(message => AttemptAsync(message, settings, ct)));
            }

            // A short batch was everything due; a full one may have more behind it (a queue of reminders).
            if (due.Count < settings.BatchSize)
            {
                break;
            }
        }

        return attempted;
    }

    /// <summary>Takes the wave's messages that are still free with one conditional UPDATE, and returns those
    /// this call took (marked with its own lease end): another dispatcher's claim is never taken over, so a
    /// message is sent by one dispatcher at a time.</summary>
    private async Task<List<OutboxMessage>> ClaimAsync(Guid[] ids, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // A few random ticks make this claim's lease end its own, to find what this call took.
        var until = now + options.Value.ClaimLease + TimeSpan.FromTicks(Random.Shared.Next(1, 100_000));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var taken = await db.OutboxMessages
            .Where(m => ids.Contains(m.Id) && m.Status == OutboxStatus.Pending && (m.ClaimedUntil == null || m.ClaimedUntil <= now))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimedUntil, until), ct);
        return taken == 0 ? [] : await db.OutboxMessages.AsNoTracking().Where(m => ids.Contains(m.Id) && m.ClaimedUntil == until).OrderBy(m => m.CreatedAt).ToListAsync(ct);
    }

    private async Task AttemptAsync(OutboxMessage message, OutboxOptions settings, CancellationToken ct)
    {
        OutboxDelivery? delivery = null;
        OutboxDeliveryException? refused = null;
        string? error = null;
        using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            attempt.CancelAfter(settings.SendTimeout);
            try
            {
                var channel = channels.FirstOrDefault(c => c.Channel == message.Channel)
                    ?? throw new InvalidOperationException($"No outbox channel for {message.Channel}.");
                delivery = await channel.DeliverAsync(message, attempt.Token);
            }
            catch (OutboxDeliveryException e)
            {
                refused = e;
                error = e.Message;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && (e is OperationCanceledException or TimeoutException || e.InnerException is TimeoutException))
            {
                // Our own deadline or the client's (MailKit's Timeout is the same setting and may fire first).
                error = $"No answer within {settings.SendTimeoutSeconds:0.#} s";
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error = e.Message;
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var row = await db.OutboxMessages.FirstAsync(m => m.Id == message.Id, CancellationToken.None);
        var gaveUp = false;
        if (delivery is { Sent: true })
        {
            row.MarkSent(delivery.ProviderId ?? "", now);
        }
        else if (delivery is not null)
        {
            row.Keep(delivery.File);
        }
        else if (refused is { Permanent: true })
        {
            // No retry can help (an invalid number…): failed at once, and the admins are told like a give-up.
            row.FailPermanently(Clip(error!), refused.Code);
            gaveUp = true;
        }
        else if (row.Attempts + 1 >= settings.MaxAttempts)
        {
            row.GiveUp(Clip(error!));
            gaveUp = true;
        }
        else
        {
            var wait = settings.Backoff(row.Attempts + 1, Random.Shared.NextDouble());
            // The provider's own Retry-After wins when it asks for longer than our backoff.
            if (refused?.RetryAfter is { } asked && asked > wait)
            {
                wait = asked;
            }

            row.RetryLater(Clip(error!), now + wait);
        }

        if (error is not null)
        {
            logger.LogWarning("Message {Message} of hospital {Hospital} was not sent (attempt {Attempt}): {Error}",
                row.Id, tenant.Tenant.Slug, row.Attempts, error);
        }

        var afterCommit = new List<Func<Task>>();
        if (gaveUp)
        {
            foreach (var observer in observers)
            {
                if (await observer.GivingUpAsync(db, row, CancellationToken.None) is { } then)
                {
                    afterCommit.Add(then);
                }
            }
        }

        await db.SaveChangesAsync(CancellationToken.None);
        foreach (var then in afterCommit)
        {
            try
            {
                await then();
            }
            catch (Exception e)
            {
                // The notifications are saved; only the live nudge is lost (the bell reloads on its own).
                logger.LogError(e, "Telling live screens about given-up message {Message} failed", row.Id);
            }
        }

        foreach (var observer in observers)
        {
            try
            {
                await observer.AttemptedAsync(row, CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Telling live screens about message {Message} failed", row.Id);
            }
        }
    }

    private static string Clip(string text) => text.Length <= 2000 ? text : text[..2000];
}

/// <summary>The one loop that delivers every active hospital's outbox: woken by a new message or every
/// <see cref="OutboxOptions.PollSeconds"/>. Each (hospital, channel) is a lane of its own that a pass starts
/// when it is not already running, so one slow SMTP server holds up neither another hospital nor the same
/// hospital's WhatsApp messages. Nothing is sent from a person's request or circuit.</summary>
public sealed class OutboxDispatcher(
    HospitalCatalog catalog,
    TenantScopes scopes,
    OutboxSignal signal,
    UnavailableHospitals unavailable,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<(Guid Hospital, OutboxChannel Channel), Task> _lanes = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the app finish starting (migrations, seeding) before the first pass.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartDueLanesAsync(stoppingToken);
                await signal.WaitAsync(TimeSpan.FromSeconds(options.Value.PollSeconds), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The outbox pass failed");
                await Task.Delay(TimeSpan.FromSeconds(options.Value.PollSeconds), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        // Attempts in flight record their result (with CancellationToken.None) before the host stops.
        await Task.WhenAll(_lanes.Values).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>One pass: starts every active hospital's lanes that are not running already (a running lane
    /// takes what is due when its current batch ends).</summary>
    public async Task StartDueLanesAsync(CancellationToken ct)
    {
        var hospitals = (await catalog.ListAsync(ct)).Where(h => h.IsActive && !unavailable.IsUnavailable(h.Id)).ToList();
        foreach (var hospital in hospitals)
        {
            foreach (var channel in Enum.GetValues<OutboxChannel>())
            {
                var key = (hospital.Id, channel);
                if (_lanes.TryGetValue(key, out var running) && !running.IsCompleted)
                {
                    continue;
                }

                _lanes[key] = Task.Run(() => RunLaneAsync(hospital, channel, ct), CancellationToken.None);
            }
        }
    }

    private async Task RunLaneAsync(TenantInfo hospital, OutboxChannel channel, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.Create(hospital, "outbox");
            await scope.ServiceProvider.GetRequiredService<OutboxWorker>().RunLaneAsync(channel, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(e, "The {Channel} outbox of hospital {Hospital} could not be delivered", channel, hospital.Slug);
        }
    }
}
