using System.Globalization;
using System.Text.RegularExpressions;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Messaging;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Reminders;

/// <summary>One kind's text in one language as the templates page shows it: the hospital's own or the default.</summary>
public sealed record TemplateView(MessageKind Kind, string Culture, string Body, string? ContentSid, bool IsDefault);

/// <summary>What the admin saves for one kind and language.</summary>
public sealed class TemplateInput
{
    public MessageKind Kind { get; set; }

    public string Culture { get; set; } = "pt-BR";

    public string? Body { get; set; }

    public string? ContentSid { get; set; }
}

/// <summary>The hospital's WhatsApp texts (Admin): one per kind and language, checked when saved —
/// an unknown variable is refused here, never discovered when a message is sent.</summary>
public sealed partial class MessageTemplateService(ClinicDbFactory dbFactory, CurrentActor actor)
{
    /// <summary>Every editable kind in every language, the hospital's text where it has one.</summary>
    public async Task<IReadOnlyList<TemplateView>> ListAsync(CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var own = await db.MessageTemplates.AsNoTracking().ToListAsync(ct);
        return [.. from kind in MessageTemplates.Editable
                   from culture in MessageTemplates.Cultures
                   let row = own.FirstOrDefault(t => t.Kind == kind && t.Culture == culture)
                   select row is null
                       ? new TemplateView(kind, culture, MessageTemplates.Default(kind, culture), null, IsDefault: true)
                       : new TemplateView(kind, culture, row.Body, row.ContentSid, IsDefault: false)];
    }

    /// <summary>Saves the text of one kind and language (one row per pair, whoever saves it).</summary>
    public async Task SaveAsync(TemplateInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        CheckKind(input.Kind, input.Culture);
        var body = input.Body?.Trim();
        if (string.IsNullOrEmpty(body))
        {
            throw new DomainRuleException("Templates.Error.Empty");
        }

        if (body.Length > MessageTemplate.MaxBodyLength)
        {
            throw new DomainRuleException("Templates.Error.TooLong", MessageTemplate.MaxBodyLength);
        }

        if (MessageTemplates.UnknownVariables(body) is { Count: > 0 } unknown)
        {
            throw new DomainRuleException("Templates.Error.UnknownVariables", string.Join(", ", unknown.Select(v => $"{{{v}}}")));
        }

        var sid = string.IsNullOrWhiteSpace(input.ContentSid) ? null : input.ContentSid.Trim();
        if (sid is not null && !ContentSidRule().IsMatch(sid))
        {
            throw new DomainRuleException("Templates.Error.ContentSid");
        }

        // Two admins saving the same pair at once: the unique (Kind, Culture) index refuses the second
        // insert, which then updates the row the first one wrote.
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var row = await db.MessageTemplates.FirstOrDefaultAsync(t => t.Kind == input.Kind && t.Culture == input.Culture, ct);
            if (row is null)
            {
                db.MessageTemplates.Add(new MessageTemplate { Kind = input.Kind, Culture = input.Culture, Body = body, ContentSid = sid });
            }
            else
            {
                row.Body = body;
                row.ContentSid = sid;
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException e) when (attempt == 0 && (e is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(e)))
            {
                // Read the other admin's row and write over it once.
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new DomainRuleException("Common.Error.Concurrency");
            }
        }
    }

    /// <summary>Goes back to the app's default text: the hospital's row is removed.</summary>
    public async Task RestoreDefaultAsync(MessageKind kind, string culture, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        CheckKind(kind, culture);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.MessageTemplates.FirstOrDefaultAsync(t => t.Kind == kind && t.Culture == culture, ct) is { } row)
        {
            db.MessageTemplates.Remove(row);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Removed or changed by another admin a moment ago: the default is what they see after reloading.
            }
        }
    }

    /// <summary>Values a preview fills in, as a message in <paramref name="culture"/> would show them.</summary>
    public static MessageValues Sample(string culture, string hospital)
    {
        var format = CultureInfo.GetCultureInfo(culture);
        var when = new DateTime(2027, 3, 15, 14, 30, 0, DateTimeKind.Unspecified);
        return culture == "pt-BR"
            ? new MessageValues("Maria Oliveira", "Thor", when.ToString("d", format), when.ToString("t", format), "Dra. Helena Costa", hospital, "https://pague.exemplo.com/a1b2c3")
            : new MessageValues("Mary Johnson", "Buddy", when.ToString("d", format), when.ToString("t", format), "Dr. Helen Carter", hospital, "https://pay.example.com/a1b2c3");
    }

    /// <summary>The text as a tutor would read it, filled with <see cref="Sample"/> values.</summary>
    public static string Preview(string? body, string culture, string hospital) =>
        MessageTemplates.Fill(body ?? "", Sample(culture, hospital));

    private static void CheckKind(MessageKind kind, string culture)
    {
        if (!MessageTemplates.Editable.Contains(kind) || !MessageTemplates.Cultures.Contains(culture))
        {
            throw new DomainRuleException("Templates.Error.Kind");
        }
    }

    /// <summary>An approved Content Template's SID: "HX" and 32 hex digits.</summary>
    [GeneratedRegex("^HX[0-9a-fA-F]{32}$")]
    private static partial Regex ContentSidRule();
}
