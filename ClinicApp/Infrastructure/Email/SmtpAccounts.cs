using ClinicApp.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Infrastructure.Email;

/// <summary>Reads the current hospital's SMTP account from its IntegrationSettings row.</summary>
public sealed class SmtpAccounts(ClinicDbFactory dbFactory, IDataProtectionProvider protection)
{
    /// <summary>The Data Protection purpose of the stored SMTP password.</summary>
    public const string Purpose = "ClinicApp.Smtp";

    /// <summary>The account, or null when the hospital has none (no host or no sender address).</summary>
    public async Task<SmtpAccount?> CurrentAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.IntegrationSettings.AsNoTracking().OrderBy(s => s.CreatedAt).FirstOrDefaultAsync(ct);
        if (settings is null || string.IsNullOrWhiteSpace(settings.SmtpHost) || string.IsNullOrWhiteSpace(settings.SmtpFromAddress))
        {
            return null;
        }

        var password = string.IsNullOrEmpty(settings.SmtpPasswordProtected) ? null
            : protection.CreateProtector(Purpose).Unprotect(settings.SmtpPasswordProtected);
        return new SmtpAccount(settings.SmtpHost, settings.SmtpPort, settings.SmtpStartTls, settings.SmtpUser, password, settings.SmtpFromAddress, settings.SmtpFromName);
    }
}
