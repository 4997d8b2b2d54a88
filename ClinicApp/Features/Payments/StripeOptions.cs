namespace ClinicApp.Features.Payments;

/// <summary>Where the app talks to Stripe ("Stripe" section). Each hospital has its own keys (stored
/// in its <see cref="Data.Billing.IntegrationSettings"/>); only the address is app-wide, so tests can
/// point the client at a fake server.</summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    public string ApiBase { get; set; } = "https://api.stripe.com";

    /// <summary>Network retries of one request (same idempotency key each time).</summary>
    public int MaxNetworkRetries { get; set; } = 2;
}
