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

/// <summary>The hospital's accounts at outside services (Admin only); secrets are stored encrypted.</summary>
public sealed class IntegrationSettingsService(ClinicDbFactory dbFactory, CurrentActor actor, IDataProtectionProvider protection)
{
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
        var host = Trim(input.Host);
        var from = Trim(input.FromAddress);
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
        settings.SmtpUser = Trim(input.User);
        settings.SmtpFromAddress = from;
        settings.SmtpFromName = Trim(input.FromName);
        if (!string.IsNullOrEmpty(input.Password))
        {
            settings.SmtpPasswordProtected = protection.CreateProtector(SmtpAccounts.Purpose).Protect(input.Password);
        }

        await db.SaveChangesAsync(ct);
    }

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
