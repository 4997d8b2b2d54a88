using ClinicApp.Data.Common;

namespace ClinicApp.Data.Billing;

public enum OutboxChannel
{
    Email,
    WhatsApp,
}

public enum OutboxStatus
{
    /// <summary>Waiting for its (next) attempt, due at <see cref="OutboxMessage.NextAttemptAt"/> (now when null).</summary>
    Pending,
    Sent,

    /// <summary>Given up after the last allowed attempt; the admins were told.</summary>
    Failed,

    /// <summary>No provider configured (Development): written to the local outbox folder instead.</summary>
    Kept,
}

/// <summary>A message to a person, durable before it is sent: status, attempts and the provider's id.
/// It is written in the same save as the change that causes it (a payment's receipt) and only the
/// outbox dispatcher delivers it: Pending until sent, kept, or given up (Failed); those three are final.</summary>
public sealed class OutboxMessage : Entity
{
    /// <summary>What a message made from a payment is (its content is composed when it is delivered).</summary>
    public const string ReceiptKind = "receipt";

    public OutboxChannel Channel { get; set; }

    public required string To { get; set; }

    public required string Subject { get; set; }

    public OutboxStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTime? NextAttemptAt { get; private set; }

    /// <summary>A dispatcher took the message until then (an atomic UPDATE); another may take it once
    /// this passes, so a dispatcher that died mid-send never strands it.</summary>
    public DateTime? ClaimedUntil { get; private set; }

    public DateTime? SentAt { get; private set; }

    public string? ProviderId { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The .eml file (under the hospital's outbox folder) holding the whole message; null until a
    /// message of a <see cref="Kind"/> is first composed.</summary>
    public string? File { get; private set; }

    /// <summary>Who composes the message when it has no <see cref="File"/> yet (<see cref="ReceiptKind"/>).</summary>
    public string? Kind { get; set; }

    public Guid? InvoiceId { get; set; }

    /// <summary>The payment whose receipt this is: unique, so a payment has at most one receipt message.</summary>
    public Guid? PaymentId { get; set; }

    public bool IsUnsent => Status == OutboxStatus.Pending;

    /// <summary>The whole message now lives in <paramref name="file"/> of the outbox folder.</summary>
    public void Compose(string file)
    {
        EnsureUnsent(OutboxStatus.Pending);
        File = file;
    }

    /// <summary>No provider is configured: the whole message stays in <paramref name="file"/> of the outbox folder.</summary>
    public void Keep(string file)
    {
        EnsureUnsent(OutboxStatus.Kept);
        Status = OutboxStatus.Kept;
        File = file;
        ClaimedUntil = null;
    }

    /// <summary>An attempt succeeded: the provider took the message under <paramref name="providerId"/>.</summary>
    public void MarkSent(string providerId, DateTime atUtc)
    {
        EnsureUnsent(OutboxStatus.Sent);
        Attempts++;
        Status = OutboxStatus.Sent;
        ProviderId = providerId;
        SentAt = atUtc;
        Error = null;
        NextAttemptAt = null;
        ClaimedUntil = null;
    }

    /// <summary>An attempt failed: it is tried again at <paramref name="nextAttemptAt"/>.</summary>
    public void RetryLater(string error, DateTime nextAttemptAt)
    {
        EnsureUnsent(OutboxStatus.Pending);
        Attempts++;
        Error = error;
        NextAttemptAt = nextAttemptAt;
        ClaimedUntil = null;
    }

    /// <summary>The last allowed attempt failed: no more attempts (Failed is final).</summary>
    public void GiveUp(string error)
    {
        EnsureUnsent(OutboxStatus.Failed);
        Attempts++;
        Status = OutboxStatus.Failed;
        Error = error;
        NextAttemptAt = null;
        ClaimedUntil = null;
    }

    private void EnsureUnsent(OutboxStatus to)
    {
        if (!IsUnsent)
        {
            throw new DomainRuleException("Outbox.Error.Transition", $"Outbox.Status.{Status}", $"Outbox.Status.{to}");
        }
    }
}
