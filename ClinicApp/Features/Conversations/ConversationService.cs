using ClinicApp.Common;
using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Messaging;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Conversations;

/// <summary>Where a WhatsApp message to a tutor stands, as the messages page says it.</summary>
public enum MessageState
{
    Scheduled,
    Kept,
    Sent,
    Delivered,
    Read,
    Failed,

    /// <summary>Made moot before it left (its appointment moved or was cancelled).</summary>
    Cancelled,
}

public enum MessageDirection
{
    Outbound,
    Inbound,
}

/// <summary>A tutor on the messages page's list: their last message (hospital time) and how many of
/// theirs nobody has read yet.</summary>
public sealed record ConversationSummary(Guid TutorId, string TutorName, string? Phone, DateTime LastAt, string? LastBody, MessageDirection LastDirection, int Unread);

/// <summary>What the conversation shows: outbound messages of a state and kind, and messages (both ways) of a
/// date range (hospital days, inclusive). A state or kind filter leaves the tutor's own messages out.</summary>
public sealed record ConversationFilter(MessageState? State = null, MessageKind? Kind = null, DateOnly? From = null, DateOnly? To = null)
{
    public bool OnlyOutbound => State is not null || Kind is not null;
}

/// <summary>One message of a conversation (times in hospital time). <see cref="CanResend"/>: a failed message
/// not resent yet; <see cref="ResentAs"/>: the copy that was queued for it.</summary>
public sealed record ConversationMessage(
    Guid Id,
    MessageDirection Direction,
    DateTime At,
    string? Body,
    MessageKind? Kind,
    MessageState? State,
    string? ErrorCode,
    string? Error,
    Guid? AppointmentId,
    InboundOutcome? Outcome,
    bool Unread,
    Guid? ResentAs)
{
    public bool CanResend => State == MessageState.Failed && ResentAs is null;
}

/// <summary>Whether a person may write to the tutor now: WhatsApp lets a business write freely only within 24
/// hours of the tutor's last message. <see cref="Reason"/> (a resource key) says why not.</summary>
public sealed record ReplyWindow(bool IsOpen, DateTime? Until, string? Reason);

public sealed record Conversation(Guid TutorId, string TutorName, string? Phone, IReadOnlyList<ConversationMessage> Messages, ReplyWindow Window);

/// <summary>Published when someone reads a tutor's messages: unread badges elsewhere go down.</summary>
public sealed record ConversationRead(Guid TutorId);

/// <summary>The hospital's WhatsApp conversations with its tutors, for reception and admins: the list, one
/// tutor's messages both ways, resending a failed message and replying by hand within WhatsApp's window.
/// Each hospital's data lives in its own database, so another hospital's tutor or message is simply not found.</summary>
public sealed class ConversationService(ClinicDbFactory dbFactory, CurrentActor actor, HospitalTime hospitalTime, HospitalEvents events, WhatsAppOutbox outbox)
{
    /// <summary>Who reads and writes the hospital's conversations.</summary>
    public const string Who = Roles.Admin + "," + Roles.Receptionist;

    public const int MaxReplyLength = 1000;

    /// <summary>WhatsApp's customer service window: free text only this long after the tutor's last message.</summary>
    public static readonly TimeSpan ReplyWindowLength = TimeSpan.FromHours(24);

    /// <summary>The most messages one conversation shows (the latest).</summary>
    public const int MaxMessages = 300;

    private static readonly string ResendPrefix = "resend:";

    /// <summary>The tutors with messages, latest conversation first; <paramref name="search"/> matches the
    /// tutor's name or phone (any words, accents and case ignored).</summary>
    public async Task<Page<ConversationSummary>> ListAsync(string? search, int page, int pageSize, CancellationToken ct = default)
    {
        actor.Require(Who);
        pageSize = Math.Clamp(pageSize, 1, 100);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tutors = db.Tutors.AsNoTracking();
        foreach (var word in SearchText.Words(search))
        {
            tutors = tutors.Where(t => t.SearchText.Contains(word));
        }

        var withMessages =
            from t in tutors
            let lastOut = db.OutboxMessages.Where(m => m.TutorId == t.Id && m.Channel == OutboxChannel.WhatsApp).Max(m => (DateTime?)m.CreatedAt)
            let lastIn = db.InboundMessages.Where(m => m.TutorId == t.Id).Max(m => (DateTime?)m.ReceivedAt)
            where lastOut != null || lastIn != null
            select new { t.Id, Last = lastIn != null && (lastOut == null || lastIn > lastOut) ? lastIn : lastOut };
        var total = await withMessages.CountAsync(ct);
        var ids = await withMessages.OrderByDescending(x => x.Last).ThenBy(x => x.Id)
            .Skip(Math.Max(0, page) * pageSize).Take(pageSize).Select(x => x.Id).ToListAsync(ct);

        var rows = await db.Tutors.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => new
        {
            t.Id,
            t.Name,
            t.Phone,
            Out = db.OutboxMessages.Where(m => m.TutorId == t.Id && m.Channel == OutboxChannel.WhatsApp)
                .OrderByDescending(m => m.CreatedAt).Select(m => new { At = m.CreatedAt, m.Body }).FirstOrDefault(),
            In = db.InboundMessages.Where(m => m.TutorId == t.Id)
                .OrderByDescending(m => m.ReceivedAt).Select(m => new { At = m.ReceivedAt, m.Body }).FirstOrDefault(),
            Unread = db.InboundMessages.Count(m => m.TutorId == t.Id && m.ReadAt == null),
        }).ToDictionaryAsync(r => r.Id, ct);

        var items = ids.Where(rows.ContainsKey).Select(id => rows[id]).Select(r =>
        {
            var inbound = r.In is not null && (r.Out is null || r.In.At > r.Out.At);
            var (at, body) = inbound ? (r.In!.At, r.In.Body) : (r.Out!.At, r.Out.Body);
            return new ConversationSummary(r.Id, r.Name, r.Phone, hospitalTime.ToLocal(at), body, inbound ? MessageDirection.Inbound : MessageDirection.Outbound, r.Unread);
        }).ToList();
        return new Page<ConversationSummary>(items, total);
    }

    /// <summary>How many tutors' messages nobody has read yet (the menu's badge).</summary>
    public async Task<int> UnreadAsync(CancellationToken ct = default)
    {
        actor.Require(Who);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.InboundMessages.CountAsync(m => m.TutorId != null && m.ReadAt == null, ct);
    }

    /// <summary>The tutor's conversation, both ways by time. Opening it (<paramref name="markRead"/>) marks the
    /// tutor's messages read: a person has now seen them.</summary>
    public async Task<Conversation> OpenAsync(Guid tutorId, ConversationFilter? filter = null, bool markRead = true, CancellationToken ct = default)
    {
        actor.Require(Who);
        filter ??= new ConversationFilter();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tutor = await db.Tutors.AsNoTracking().Where(t => t.Id == tutorId).Select(t => new { t.Id, t.Name, t.Phone }).FirstOrDefaultAsync(ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        if (markRead)
        {
            var now = hospitalTime.UtcNow;
            if (await db.InboundMessages.Where(m => m.TutorId == tutorId && m.ReadAt == null).ExecuteUpdateAsync(u => u.SetProperty(m => m.ReadAt, now), ct) > 0)
            {
                await events.PublishAsync(new ConversationRead(tutorId));
            }
        }

        var outbound = FilterState(db.OutboxMessages.AsNoTracking().Where(m => m.TutorId == tutorId && m.Channel == OutboxChannel.WhatsApp), filter.State);
        var inbound = db.InboundMessages.AsNoTracking().Where(m => m.TutorId == tutorId);
        if (filter.From is { } from)
        {
            var fromUtc = hospitalTime.StartOfDayUtc(from);
            outbound = outbound.Where(m => m.CreatedAt >= fromUtc);
            inbound = inbound.Where(m => m.ReceivedAt >= fromUtc);
        }

        if (filter.To is { } to)
        {
            var toUtc = hospitalTime.StartOfDayUtc(to.AddDays(1));
            outbound = outbound.Where(m => m.CreatedAt < toUtc);
            inbound = inbound.Where(m => m.ReceivedAt < toUtc);
        }

        if (filter.Kind is { } kind)
        {
            var kindName = kind.ToString();
            outbound = outbound.Where(m => m.Kind == kindName);
        }

        var sent = await outbound.OrderByDescending(m => m.CreatedAt).Take(MaxMessages).ToListAsync(ct);
        var resentKeys = sent.Where(m => StateOf(m) == MessageState.Failed).Select(m => ResendKey(m.Id)).ToList();
        var copies = await db.OutboxMessages.AsNoTracking().Where(m => resentKeys.Contains(m.ReminderKey!))
            .Select(m => new { m.ReminderKey, m.Id }).ToDictionaryAsync(m => m.ReminderKey!, m => m.Id, ct);
        var received = filter.OnlyOutbound ? [] : await inbound
            .OrderByDescending(m => m.ReceivedAt).Take(MaxMessages).ToListAsync(ct);
        var lastInbound = await db.InboundMessages.AsNoTracking().Where(m => m.TutorId == tutorId).MaxAsync(m => (DateTime?)m.ReceivedAt, ct);

        var messages = sent.Select(m => new ConversationMessage(
                m.Id, MessageDirection.Outbound, hospitalTime.ToLocal(m.CreatedAt), m.Body, Enum.TryParse<MessageKind>(m.Kind, out var k) ? k : null,
                StateOf(m), m.ProviderErrorCode, m.IsCancelled ? null : m.Error, m.AppointmentId, null, false, copies.TryGetValue(ResendKey(m.Id), out var copy) ? copy : null))
            .Concat(received.Select(m => new ConversationMessage(
                m.Id, MessageDirection.Inbound, hospitalTime.ToLocal(m.ReceivedAt), m.Body ?? m.ButtonPayload, null, null, null, null, m.AppointmentId, m.Outcome,
                m.ReadAt is null && !markRead, null)))
            .OrderBy(m => m.At).ThenBy(m => m.Direction)
            .TakeLast(MaxMessages)
            .ToList();
        return new Conversation(tutor.Id, tutor.Name, tutor.Phone, messages, Window(lastInbound, tutor.Phone));
    }

    /// <summary>Queues a new copy of a failed message to the tutor's current number (the failed one stays as it
    /// was, the record of what happened). A message is resent once: the copy carries a unique key naming
    /// the original, so a double click or two desks at once make one copy, and the second is told.</summary>
    public async Task<Guid> ResendAsync(Guid messageId, CancellationToken ct = default)
    {
        actor.Require(Who);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var original = await db.OutboxMessages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.Id == messageId && m.Channel == OutboxChannel.WhatsApp && m.TutorId != null, ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        if (StateOf(original) != MessageState.Failed)
        {
            throw new DomainRuleException("Conversations.Error.NotFailed");
        }

        var key = ResendKey(original.Id);
        if (await db.OutboxMessages.AnyAsync(m => m.ReminderKey == key, ct))
        {
            throw new DomainRuleException("Conversations.Error.AlreadyResent");
        }

        var tutor = await db.Tutors.AsNoTracking().FirstOrDefaultAsync(t => t.Id == original.TutorId, ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        // Reminders and notices go only to whoever may still get them (consent withdrawn by "sair", a number that changed).
        if (original.Kind != nameof(MessageKind.Manual) && ReminderReach.Check(tutor) is { } problem)
        {
            throw new DomainRuleException("Conversations.Error.NotReached", $"ReminderState.Reach.{problem}");
        }

        var to = WhatsAppNumbers.Address(tutor.Phone) ?? throw new DomainRuleException("Conversations.Error.NoMobile");
        var copy = WhatsAppOutbox.Add(db, new WhatsAppDraft(
            tutor.Id,
            to,
            Enum.TryParse<MessageKind>(original.Kind, out var kind) ? kind : MessageKind.Manual,
            new RenderedMessage(original.Body ?? original.Subject, original.ContentSid, original.ContentVariables),
            original.AppointmentId,
            original.VaccinationId,
            original.InvoiceId,
            key));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another click or desk saved the copy between the check and this save: the unique key refused this one.
            if (await AlreadyResentAsync(key, ct))
            {
                throw new DomainRuleException("Conversations.Error.AlreadyResent");
            }

            throw;
        }

        outbox.Wake();
        await events.PublishAsync(new MessageStatusChanged(copy.Id, copy.TutorId, copy.AppointmentId));
        return copy.Id;
    }

    /// <summary>Sends the tutor a message written by hand. Allowed only within WhatsApp's 24-hour window since the
    /// tutor's last message (outside it WhatsApp takes approved templates only), up to <see cref="MaxReplyLength"/>.</summary>
    public async Task<Guid> ReplyAsync(Guid tutorId, string? text, CancellationToken ct = default)
    {
        actor.Require(Who);
        var body = text?.Trim();
        if (string.IsNullOrEmpty(body))
        {
            throw new DomainRuleException("Conversations.Error.ReplyEmpty");
        }

        if (body.Length > MaxReplyLength)
        {
            throw new DomainRuleException("Conversations.Error.ReplyTooLong", MaxReplyLength);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tutor = await db.Tutors.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tutorId, ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        var lastInbound = await db.InboundMessages.AsNoTracking().Where(m => m.TutorId == tutorId).MaxAsync(m => (DateTime?)m.ReceivedAt, ct);
        var window = Window(lastInbound, tutor.Phone);
        if (!window.IsOpen)
        {
            throw new DomainRuleException(window.Reason!);
        }

        var row = WhatsAppOutbox.Add(db, new WhatsAppDraft(tutor.Id, WhatsAppNumbers.Address(tutor.Phone)!, MessageKind.Manual, new RenderedMessage(body, null, null)));
        await db.SaveChangesAsync(ct);
        outbox.Wake();
        await events.PublishAsync(new MessageStatusChanged(row.Id, row.TutorId, null));
        return row.Id;
    }

    /// <summary>The state of a message from its outbox columns.</summary>
    public static MessageState StateOf(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.IsCancelled ? MessageState.Cancelled
            : message.Status == OutboxStatus.Pending ? MessageState.Scheduled
            : message.Status == OutboxStatus.Kept ? MessageState.Kept
            : message.Status == OutboxStatus.Failed ? MessageState.Failed
            : message.Delivery switch
            {
                DeliveryStatus.Delivered => MessageState.Delivered,
                DeliveryStatus.Read => MessageState.Read,
                DeliveryStatus.Failed or DeliveryStatus.Undelivered => MessageState.Failed,
                _ => MessageState.Sent,
            };
    }

    /// <summary>The same as <see cref="StateOf"/>, as a query filter.</summary>
    private static IQueryable<OutboxMessage> FilterState(IQueryable<OutboxMessage> messages, MessageState? state) => state switch
    {
        null => messages,
        MessageState.Cancelled => messages.Where(m => m.Status == OutboxStatus.Failed && m.Error == OutboxMessage.CancelledError),
        MessageState.Scheduled => messages.Where(m => m.Status == OutboxStatus.Pending),
        MessageState.Kept => messages.Where(m => m.Status == OutboxStatus.Kept),
        MessageState.Failed => messages.Where(m => (m.Status == OutboxStatus.Failed && m.Error != OutboxMessage.CancelledError)
            || (m.Status == OutboxStatus.Sent && (m.Delivery == DeliveryStatus.Failed || m.Delivery == DeliveryStatus.Undelivered))),
        MessageState.Delivered => messages.Where(m => m.Status == OutboxStatus.Sent && m.Delivery == DeliveryStatus.Delivered),
        MessageState.Read => messages.Where(m => m.Status == OutboxStatus.Sent && m.Delivery == DeliveryStatus.Read),
        _ => messages.Where(m => m.Status == OutboxStatus.Sent && (m.Delivery == null || m.Delivery == DeliveryStatus.Queued || m.Delivery == DeliveryStatus.Sent)),
    };

    private ReplyWindow Window(DateTime? lastInboundUtc, string? phone)
    {
        if (WhatsAppNumbers.Address(phone) is null)
        {
            return new ReplyWindow(false, null, "Conversations.Error.NoMobile");
        }

        if (lastInboundUtc is not { } last)
        {
            return new ReplyWindow(false, null, "Conversations.Error.NeverWrote");
        }

        var until = last + ReplyWindowLength;
        return until > hospitalTime.UtcNow
            ? new ReplyWindow(true, hospitalTime.ToLocal(until), null)
            : new ReplyWindow(false, hospitalTime.ToLocal(until), "Conversations.Error.WindowClosed");
    }

    private static string ResendKey(Guid messageId) => ResendPrefix + messageId.ToString("D");

    private async Task<bool> AlreadyResentAsync(string key, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.OutboxMessages.AnyAsync(m => m.ReminderKey == key, ct);
    }
}
