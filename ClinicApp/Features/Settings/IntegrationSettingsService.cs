using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Settings;

/// <summary>The SMTP section of the integrations page. The password is write-only: it is never read back,
/// and a blank one keeps the stored one.</summary>
public sealed class SmtpSettingsInput
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public bool StartTls { get; set; } = true;

    public string? User { get; set; }

    public string? Password { get; set; }

    public string? FromAddress { get; set; }

    public string? FromName { get; set; }

    /// <summary>A password is stored (shown as such, never in clear).</summary>
    public bool HasPassword { get; set; }
}

/// <summary>What the Stripe card of the integrations page shows: never the secrets, only their end.</summary>
public sealed record StripeSettingsView(string? SecretKeyEnd, string? WebhookSecretEnd, bool Pix)
{
    public bool IsConfigured => SecretKeyEnd is not null && WebhookSecretEnd is not null;
}

/// <summary>What an admin types; a blank secret keeps the one stored.</summary>
public sealed class StripeSettingsInput
{
    public string? SecretKey { get; set; }

    public string? WebhookSecret { get; set; }

    public bool Pix { get; set; }
}

/// <summary>The hospital's Stripe account, decrypted, for the payment adapters only.</summary>
public sealed record StripeAccount(string? SecretKey, string? WebhookSecret, bool Pix);

/// <summary>The hospital's accounts at outside services (Admin). Secrets are encrypted with Data
/// Protection before they are stored and are never shown again nor logged.</summary>
public sealed class IntegrationSettingsService(ClinicDbFactory dbFactory, CurrentActor actor, IDataProtectionProvider protection)
{
    public const string StripePurpose = "ClinicApp.Stripe";

    private IDataProtector Stripe => protection.CreateProtector(StripePurpose);

    public async Task<StripeSettingsView> GetStripeAsync(CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        var account = await StripeAccountAsync(ct);
        return new StripeSettingsView(End(account.SecretKey), End(account.WebhookSecret), account.Pix);
    }

    public async Task SaveStripeAsync(StripeSettingsInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        var secretKey = input.SecretKey?.Trim();
        var webhookSecret = input.WebhookSecret?.Trim();
        if (!string.IsNullOrEmpty(secretKey) && !(secretKey.StartsWith("sk_", StringComparison.Ordinal) || secretKey.StartsWith("rk_", StringComparison.Ordinal)))
        {
            throw new DomainRuleException("Integrations.Error.StripeKey");
        }

        if (!string.IsNullOrEmpty(webhookSecret) && !webhookSecret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            throw new DomainRuleException("Integrations.Error.StripeWebhookSecret");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.IntegrationSettings.OrderBy(s => s.CreatedAt).FirstOrDefaultAsync(ct);
        if (settings is null)
        {
            settings = new IntegrationSettings();
            db.IntegrationSettings.Add(settings);
        }

        if (!string.IsNullOrEmpty(secretKey))
        {
            settings.StripeSecretKeyProtected = Stripe.Protect(secretKey);
        }

        if (!string.IsNullOrEmpty(webhookSecret))
        {
            settings.StripeWebhookSecretProtected = Stripe.Protect(webhookSecret);
        }

        settings.StripePix = input.Pix;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>No role check: the public pay page and the webhook (anonymous) need the keys.</summary>
    public async Task<StripeAccount> StripeAccountAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.IntegrationSettings.AsNoTracking().OrderBy(s => s.CreatedAt).FirstOrDefaultAsync(ct);
        return settings is null
            ? new StripeAccount(null, null, false)
            : new StripeAccount(Unprotect(settings.StripeSecretKeyProtected), Unprotect(settings.StripeWebhookSecretProtected), settings.StripePix);
    }

    /// <summary>A secret the keys can no longer open (keys lost) counts as not configured: the admin types it again.</summary>
    private string? Unprotect(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return Stripe.Unprotect(value);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static string? End(string? secret) => secret is null ? null : secret.Length <= 4 ? secret : secret[^4..];

    public async Task<SmtpSettingsInput> GetSmtpAsync(CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.IntegrationSettings.AsNoTracking().OrderBy(s => s.CreatedAt).FirstOrDefaultAsync(ct) ?? new IntegrationSettings();
        return new SmtpSettingsInput
        {
            Host = settings.SmtpHost,
            Port = settings.SmtpPort,
            StartTls = settings.SmtpStartTls,
            User = settings.SmtpUser,
            FromAddress = settings.SmtpFromAddress,
            FromName = settings.SmtpFromName,
            HasPassword = !string.IsNullOrEmpty(settings.SmtpPasswordProtected),
        };
    }

    /// <summary>Saves the SMTP account; an empty host turns email sending off (messages are kept).</summary>
    public async Task SaveSmtpAsync(SmtpSettingsInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        var host = TypedText.Clean(input.Host);
        var from = TypedText.Clean(input.FromAddress);
        if (host is not null)
        {
            if (input.Port is < 1 or > 65535)
            {
                throw new DomainRuleException("Integrations.Error.Port");
            }

            if (from is null || !System.Net.Mail.MailAddress.TryCreate(from, out _))
            {
                throw new DomainRuleException("Integrations.Error.From");
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.IntegrationSettings.OrderBy(s => s.CreatedAt).FirstOrDefaultAsync(ct);
        if (settings is null)
        {
            settings = new IntegrationSettings();
            db.IntegrationSettings.Add(settings);
        }

        settings.SmtpHost = host;
        settings.SmtpPort = input.Port;
        settings.SmtpStartTls = input.StartTls;
        settings.SmtpUser = TypedText.Clean(input.User);
        settings.SmtpFromAddress = from;
        settings.SmtpFromName = TypedText.Clean(input.FromName);
        if (!string.IsNullOrEmpty(input.Password))
        {
            settings.SmtpPasswordProtected = protection.CreateProtector(SmtpAccounts.Purpose).Protect(input.Password);
        }

        await db.SaveChangesAsync(ct);
    }
}
