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

/// <summary>One way messages leave (e-mail now; WhatsApp joins with its own channel). Throws when the
/// attempt failed; <paramref name="ct"/> carries the attempt's timeout.</summary>
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
    /// <summary>Delivers every due message of the hospital; returns how many were attempted.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        List<Guid> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = await db.OutboxMessages.AsNoTracking()
                .Where(m => m.Status == OutboxStatus.Pending && (m.NextAttemptAt == null || m.NextAttemptAt <= now)
                            && (m.ClaimedUntil == null || m.ClaimedUntil <= now))
                .OrderBy(m => m.CreatedAt).Select(m => m.Id).Take(settings.BatchSize).ToListAsync(ct);
        }

        var attempted = 0;
        foreach (var id in due)
        {
            if (await ClaimAsync(id, ct) is { } message)
            {
                attempted++;
                await AttemptAsync(message, settings, ct);
            }
        }

        return attempted;
    }

    /// <summary>Takes the message for one lease, or null when another dispatcher has it or it is no longer due.</summary>
    private async Task<OutboxMessage?> ClaimAsync(Guid id, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + options.Value.ClaimLease;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var taken = await db.OutboxMessages
            .Where(m => m.Id == id && m.Status == OutboxStatus.Pending && (m.ClaimedUntil == null || m.ClaimedUntil <= now))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimedUntil, until), ct);
        return taken == 1 ? await db.OutboxMessages.AsNoTracking().FirstAsync(m => m.Id == id, ct) : null;
    }

    private async Task AttemptAsync(OutboxMessage message, OutboxOptions settings, CancellationToken ct)
    {
        OutboxDelivery? delivery = null;
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
        else if (row.Attempts + 1 >= settings.MaxAttempts)
        {
            row.GiveUp(Clip(error!));
            gaveUp = true;
        }
        else
        {
            row.RetryLater(Clip(error!), now + settings.Backoff(row.Attempts + 1, Random.Shared.NextDouble()));
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
    }

    private static string Clip(string text) => text.Length <= 2000 ? text : text[..2000];
}

/// <summary>The one loop that delivers every active hospital's outbox: woken by a new message or every
/// <see cref="OutboxOptions.PollSeconds"/>; hospitals run side by side so one slow SMTP server holds up
/// only its own hospital. Nothing is sent from a person's request or circuit.</summary>
public sealed class OutboxDispatcher(
    HospitalCatalog catalog,
    TenantScopes scopes,
    OutboxSignal signal,
    UnavailableHospitals unavailable,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the app finish starting (migrations, seeding) before the first pass.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                await signal.WaitAsync(TimeSpan.FromSeconds(options.Value.PollSeconds), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The outbox pass failed");
                await Task.Delay(TimeSpan.FromSeconds(options.Value.PollSeconds), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>One pass over every active hospital.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        var hospitals = (await catalog.ListAsync(ct)).Where(h => h.IsActive && !unavailable.IsUnavailable(h.Id)).ToList();
        await Task.WhenAll(hospitals.Select(h => RunHospitalAsync(h, ct)));
    }

    private async Task RunHospitalAsync(TenantInfo hospital, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.Create(hospital, "outbox");
            await scope.ServiceProvider.GetRequiredService<OutboxWorker>().RunDueAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(e, "The outbox of hospital {Hospital} could not be delivered", hospital.Slug);
        }
    }
}
