using ClinicApp.Data.Messaging;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Messaging;

/// <summary>A hospital's Twilio WhatsApp account, the auth token decrypted.</summary>
public sealed record TwilioAccount(string AccountSid, string AuthToken, string? WhatsAppFrom, string? MessagingServiceSid);

/// <summary>Reads the hospital's messaging settings (<see cref="MessagingSettings"/>); the auth token is
/// kept encrypted with Data Protection under <see cref="Purpose"/>, like the SMTP password.</summary>
public sealed class TwilioAccounts(ClinicDbFactory dbFactory, IDataProtectionProvider protection)
{
    public const string Purpose = "ClinicApp.Twilio";

    /// <summary>The settings row, or the defaults when the hospital never saved any.</summary>
    public async Task<MessagingSettings> SettingsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.MessagingSettings.AsNoTracking().FirstOrDefaultAsync(ct) ?? new MessagingSettings();
    }

    /// <summary>The account, or null when the hospital has none (no SID, token or sender).</summary>
    public async Task<TwilioAccount?> CurrentAsync(CancellationToken ct = default) => Account(await SettingsAsync(ct));

    public TwilioAccount? Account(MessagingSettings settings) =>
        string.IsNullOrWhiteSpace(settings.TwilioAccountSid) || string.IsNullOrEmpty(settings.TwilioAuthTokenProtected)
        || (string.IsNullOrWhiteSpace(settings.WhatsAppFrom) && string.IsNullOrWhiteSpace(settings.MessagingServiceSid))
            ? null
            : new TwilioAccount(settings.TwilioAccountSid, Protector.Unprotect(settings.TwilioAuthTokenProtected),
                settings.WhatsAppFrom, settings.MessagingServiceSid);

    public IDataProtector Protector => protection.CreateProtector(Purpose);
}
