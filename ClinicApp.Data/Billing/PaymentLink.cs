using ClinicApp.Data.Common;

namespace ClinicApp.Data.Billing;

/// <summary>An unguessable address a tutor opens without signing in to pay an invoice online.</summary>
public sealed class PaymentLink : Entity
{
    public Guid InvoiceId { get; set; }

    public Invoice? Invoice { get; set; }

    /// <summary>256 random bits, base64url.</summary>
    public required string Token { get; set; }

    public DateTime ExpiresAt { get; set; }

    /// <summary>Checkout sessions created from this link so far; each attempt has its own idempotency key.</summary>
    public int Attempts { get; set; }

    public string? LastSessionId { get; set; }

    public DateTime? RevokedAt { get; set; }
}

/// <summary>A provider's event (Stripe webhook) already handled: stored in the same transaction as
/// its effect, so a replay or a concurrent duplicate changes nothing.</summary>
public sealed class ProcessedWebhookEvent : INotAudited
{
    public required string EventId { get; set; }

    public required string Type { get; set; }

    public DateTime ReceivedAt { get; set; }
}

/// <summary>The hospital's accounts at outside services (one row). Secrets are stored encrypted with
/// ASP.NET Core Data Protection; only the infrastructure adapters read them.</summary>
public sealed class IntegrationSettings : Entity
{
    public string? StripeSecretKeyProtected { get; set; }

    public string? StripeWebhookSecretProtected { get; set; }

    /// <summary>Offer Pix at checkout (the Stripe account must have it enabled).</summary>
    public bool StripePix { get; set; }

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    public bool SmtpStartTls { get; set; } = true;

    public string? SmtpUser { get; set; }

    public string? SmtpPasswordProtected { get; set; }

    public string? SmtpFromAddress { get; set; }

    public string? SmtpFromName { get; set; }
}

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
