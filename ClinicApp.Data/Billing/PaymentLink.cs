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
