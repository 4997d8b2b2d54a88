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

/// <summary>A message to a person, durable before it is sent: status, attempts and the provider's id.</summary>
public sealed class OutboxMessage : Entity
{
    public OutboxChannel Channel { get; set; }

    public required string To { get; set; }

    public required string Subject { get; set; }

    public OutboxStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime? NextAttemptAt { get; set; }

    public DateTime? SentAt { get; set; }

    public string? ProviderId { get; set; }

    public string? Error { get; set; }

    /// <summary>The .eml file (under the hospital's outbox folder) holding the whole message.</summary>
    public string? File { get; set; }

    public Guid? InvoiceId { get; set; }
}
