using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Portal;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Privacy;

/// <summary>The hospital's privacy notice: the admin's own text, or null (the page shows the
/// standard text naming the hospital).</summary>
public sealed record PrivacyNotice(string Hospital, string? Text, DateTime? UpdatedAt);

/// <summary>Reads the privacy notice for anyone (the page is public) and lets an admin edit it.</summary>
public sealed class PrivacyNoticeService(ClinicDbFactory dbFactory, CurrentActor actor, TenantContext tenant, TimeProvider time)
{
    public const string Who = Roles.Admin;

    public async Task<PrivacyNotice> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.PortalSettings.AsNoTracking().OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).FirstOrDefaultAsync(ct);
        return new PrivacyNotice(tenant.Tenant.Name, settings?.PrivacyNotice, settings?.PrivacyNoticeUpdatedAt);
    }

    /// <summary>Saves the admin's text; blank goes back to the standard text.</summary>
    public async Task SaveAsync(string? text, CancellationToken ct = default)
    {
        actor.Require(Who);
        text = string.IsNullOrWhiteSpace(text) ? null : text.Trim().ReplaceLineEndings("\n");
        if (text is { Length: > PortalSettings.MaxPrivacyNoticeLength })
        {
            throw new DomainRuleException("Privacy.Error.NoticeTooLong", PortalSettings.MaxPrivacyNoticeLength);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.PortalSettings.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).FirstOrDefaultAsync(ct);
        if (settings is null)
        {
            settings = new PortalSettings();
            db.PortalSettings.Add(settings);
        }

        settings.PrivacyNotice = text;
        settings.PrivacyNoticeUpdatedAt = time.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("Common.Error.Concurrency");
        }
    }

    /// <summary>The paragraphs of a notice (blank lines between them).</summary>
    public static IReadOnlyList<string> Paragraphs(string text) =>
        text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
