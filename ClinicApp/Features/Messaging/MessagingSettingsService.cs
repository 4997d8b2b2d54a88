using System.Text.RegularExpressions;
using ClinicApp.Common;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Messaging;

/// <summary>The Twilio card of the integrations page. The auth token is write-only: never read back, and
/// a blank one keeps the stored one.</summary>
public sealed class TwilioSettingsInput
{
    public string? AccountSid { get; set; }

    public string? AuthToken { get; set; }

    /// <summary>"whatsapp:+55…" (a bare "+55…" is accepted and prefixed).</summary>
    public string? WhatsAppFrom { get; set; }

    public string? MessagingServiceSid { get; set; }

    /// <summary>A token is stored (shown as such, never in clear).</summary>
    public bool HasAuthToken { get; set; }
}

/// <summary>The hospital's Twilio WhatsApp account (Admin only). The token is encrypted with
/// <see cref="TwilioAccounts.Protector"/>; the reminder rules of the same row are left as they are.</summary>
public sealed partial class MessagingSettingsService(
    ClinicDbFactory dbFactory,
    CurrentActor actor,
    TwilioAccounts accounts,
    WhatsAppOutbox outbox)
{
    public async Task<TwilioSettingsInput> GetAsync(CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        var settings = await accounts.SettingsAsync(ct);
        return new TwilioSettingsInput
        {
            AccountSid = settings.TwilioAccountSid,
            WhatsAppFrom = settings.WhatsAppFrom,
            MessagingServiceSid = settings.MessagingServiceSid,
            HasAuthToken = !string.IsNullOrEmpty(settings.TwilioAuthTokenProtected),
        };
    }

    /// <summary>Saves the account; an empty Account SID turns WhatsApp sending off (messages are kept in the outbox folder).</summary>
    public async Task SaveAsync(TwilioSettingsInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        var sid = TypedText.Clean(input.AccountSid);
        var token = input.AuthToken?.Trim();
        var service = TypedText.Clean(input.MessagingServiceSid);
        var from = TypedText.Clean(input.WhatsAppFrom);
        if (from is not null && !from.StartsWith(WhatsAppNumbers.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            from = WhatsAppNumbers.Prefix + from.Replace(" ", "", StringComparison.Ordinal);
        }

        if (sid is not null && !AccountSidPattern().IsMatch(sid))
        {
            throw new DomainRuleException("Integrations.Twilio.Error.AccountSid");
        }

        if (!string.IsNullOrEmpty(token) && !TokenPattern().IsMatch(token))
        {
            throw new DomainRuleException("Integrations.Twilio.Error.AuthToken");
        }

        if (from is not null && WhatsAppNumbers.Phone(from) is null)
        {
            throw new DomainRuleException("Integrations.Twilio.Error.From");
        }

        if (service is not null && !ServiceSidPattern().IsMatch(service))
        {
            throw new DomainRuleException("Integrations.Twilio.Error.ServiceSid");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.MessagingSettings.FirstOrDefaultAsync(ct);
        if (sid is not null)
        {
            if (string.IsNullOrEmpty(token) && string.IsNullOrEmpty(settings?.TwilioAuthTokenProtected))
            {
                throw new DomainRuleException("Integrations.Twilio.Error.AuthTokenRequired");
            }

            if (from is null && service is null)
            {
                throw new DomainRuleException("Integrations.Twilio.Error.Sender");
            }
        }

        if (settings is null)
        {
            // The singleton's fixed key: two admins saving the first time at once cannot create two rows.
            settings = new MessagingSettings();
            db.MessagingSettings.Add(settings);
        }

        settings.TwilioAccountSid = sid;
        settings.WhatsAppFrom = from is null ? null : WhatsAppNumbers.Prefix + WhatsAppNumbers.Phone(from);
        settings.MessagingServiceSid = service;
        if (!string.IsNullOrEmpty(token))
        {
            settings.TwilioAuthTokenProtected = accounts.Protector.Protect(token);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Queues a test message to <paramref name="mobile"/> (as typed at the desk); returns the
    /// WhatsApp address it goes to. The dispatcher sends it (or keeps it when there is no account).</summary>
    public async Task<string> SendTestAsync(string? mobile, string text, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        if (WhatsAppNumbers.Address(Phones.ToE164(mobile)) is not { } to)
        {
            throw new DomainRuleException("Integrations.Twilio.Error.TestMobile");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = WhatsAppOutbox.Add(db, new WhatsAppDraft(Guid.Empty, to, MessageKind.Test, new RenderedMessage(text, null, null)));
        // A test message is nobody's tutor's.
        row.TutorId = null;
        await db.SaveChangesAsync(ct);
        outbox.Wake();
        return to;
    }

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial Regex AccountSidPattern();

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$")]
    private static partial Regex ServiceSidPattern();

    [GeneratedRegex("^[0-9a-zA-Z]{32}$")]
    private static partial Regex TokenPattern();
}
