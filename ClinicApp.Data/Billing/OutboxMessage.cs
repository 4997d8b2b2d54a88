using ClinicApp.Data.Common;

namespace ClinicApp.Data.Billing;

public enum OutboxChannel
{
    Email,
    WhatsApp,
}

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,

    /// <summary>No provider configured (Development): written to the local outbox folder instead.</summary>
    Kept,
}

/// <summary>A message to a person, durable before it is sent: status, attempts and the provider's id.
/// While unsent (Pending or Failed) it may be attempted again; Sent and Kept are final.</summary>
public sealed class OutboxMessage : Entity
{
    /// <summary>Minutes from a first failed attempt to the next; each further failure doubles the wait.</summary>
    public const int FirstRetryMinutes = 5;

    public OutboxChannel Channel { get; set; }

    public required string To { get; set; }

    public required string Subject { get; set; }

    public OutboxStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTime? NextAttemptAt { get; private set; }

    public DateTime? SentAt { get; private set; }

    public string? ProviderId { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The .eml file (under the hospital's outbox folder) holding the whole message.</summary>
    public string? File { get; private set; }

    public Guid? InvoiceId { get; set; }

    public bool IsUnsent => Status is OutboxStatus.Pending or OutboxStatus.Failed;

    /// <summary>No provider is configured: the whole message stays in <paramref name="file"/> of the outbox folder.</summary>
    public void Keep(string file)
    {
        EnsureUnsent(OutboxStatus.Kept);
        Status = OutboxStatus.Kept;
        File = file;
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
    }

    /// <summary>An attempt failed at <paramref name="atUtc"/>: the message waits in <paramref name="file"/> for its
    /// next attempt, <see cref="FirstRetryMinutes"/> later, doubling with every attempt.</summary>
    public void MarkFailed(string error, DateTime atUtc, string file)
    {
        EnsureUnsent(OutboxStatus.Failed);
        Attempts++;
        Status = OutboxStatus.Failed;
        Error = error;
        NextAttemptAt = atUtc.AddMinutes(FirstRetryMinutes * Math.Pow(2, Attempts - 1));
        File = file;
    }

    private void EnsureUnsent(OutboxStatus to)
    {
        if (!IsUnsent)
        {
            throw new DomainRuleException("Outbox.Error.Transition", $"Outbox.Status.{Status}", $"Outbox.Status.{to}");
        }
    }
}
