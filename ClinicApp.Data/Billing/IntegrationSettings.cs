using ClinicApp.Data.Common;

namespace ClinicApp.Data.Billing;

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
