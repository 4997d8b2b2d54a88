using ClinicApp.Data.Common;

namespace ClinicApp.Data.Billing;

public enum PaymentMethod
{
    Cash,
    Card,
    Pix,
    Online,
}

public sealed class Payment : Entity
{
    public Guid InvoiceId { get; set; }

    public PaymentMethod Method { get; set; }

    public decimal Amount { get; set; }

    public DateTime PaidAt { get; set; }

    /// <summary>Pix end-to-end id, card authorization, receipt number…</summary>
    public string? Reference { get; set; }

    public Guid? RecordedById { get; set; }

    /// <summary>The payment provider's id (Stripe checkout session), unique when set.</summary>
    public string? ProviderPaymentId { get; set; }
}
