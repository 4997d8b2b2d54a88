using ClinicApp.Infrastructure.Pdf;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ClinicApp.Infrastructure.Email;

/// <summary>A message to a person: subject, paragraphs, an optional button and attachments.
/// <paramref name="UniqueKey"/> names what the message is for ("report:2026-12-07:{admin}"), stored in the
/// outbox's unique <see cref="OutboxMessage.ReminderKey"/>: the database refuses a second message for it.</summary>
public sealed record EmailDraft(string To, string? ToName, string Subject, IReadOnlyList<string> Paragraphs, (string Text, string Url)? Button = null,
    IReadOnlyList<PdfFile>? Attachments = null, Guid? InvoiceId = null, string? UniqueKey = null);

/// <summary>The hospital's email. A message is only ever written to the outbox (its .eml in the hospital's
/// outbox folder and an <see cref="OutboxMessage"/> row) and returns at once; the <see cref="OutboxDispatcher"/>
/// sends it through the hospital's SMTP account, or keeps it (Kept) when there is none, so a slow or dead
/// server never holds up a person. Texts are in the hospital's language.</summary>
public sealed class HospitalMailer(
    ClinicDbFactory dbFactory,
    SmtpAccounts accounts,
    OutboxSignal signal,
    TenantContext tenant,
    OutboxFolder folder,
    IStringLocalizer<SharedResource> localizer)
{
    /// <summary>Whether the hospital has an e-mail server: without one the dispatcher keeps messages
    /// for the outbox page instead of sending them, and the desk should be told so.</summary>
    public async Task<bool> HasServerAsync(CancellationToken ct = default) => await accounts.CurrentAsync(ct) is not null;

    /// <summary>Writes the message to the outbox (Pending) and wakes the dispatcher; nothing is sent here.
    /// A draft whose <see cref="EmailDraft.UniqueKey"/> is already in the outbox throws the database's
    /// unique-key <see cref="DbUpdateException"/> and leaves no file behind.</summary>
    public async Task<OutboxMessage> EnqueueAsync(EmailDraft draft, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await AddAsync(db, draft, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The row was refused (a twin of a unique message): its .eml must not linger in the folder.
            folder.Delete(row.File);
            throw;
        }

        signal.Wake();
        return row;
    }

    /// <summary>Writes the message's .eml and adds its outbox row to the caller's context, so the row
    /// commits with its cause (an invitation with the account it invites to); the caller saves, then
    /// calls <see cref="Wake"/> — or <see cref="Discard"/> when the save failed.</summary>
    public async Task<OutboxMessage> AddAsync(ClinicDbContext db, EmailDraft draft, CancellationToken ct = default)
    {
        var account = await accounts.CurrentAsync(ct);
        var row = new OutboxMessage
        {
            Channel = OutboxChannel.Email, To = draft.To, Subject = Clip(draft.Subject, 300), InvoiceId = draft.InvoiceId, ReminderKey = draft.UniqueKey,
        };
        row.Compose(await folder.WriteAsync(row.Id, Compose(draft, account), ct));
        db.OutboxMessages.Add(row);
        return row;
    }

    /// <summary>Removes the .eml of a row whose save failed.</summary>
    public void Discard(OutboxMessage row) => folder.Delete(row.File);

    /// <summary>Tells the dispatcher there is mail to send.</summary>
    public void Wake() => signal.Wake();

    /// <summary>The MIME message of a draft, from the account's sender (or the hospital's name without one).</summary>
    public MimeMessage Compose(EmailDraft draft, SmtpAccount? account)
    {
        var message = new MimeMessage();
        var fromAddress = account?.FromAddress ?? $"no-reply@{tenant.Tenant.Slug}.invalid";
        message.From.Add(new MailboxAddress(account?.FromName ?? tenant.Tenant.Name, fromAddress));
        message.To.Add(new MailboxAddress(draft.ToName ?? "", draft.To));
        message.Subject = draft.Subject;
        message.Date = DateTimeOffset.UtcNow;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(fromAddress.Split('@')[^1]);

        var body = new BodyBuilder { TextBody = PlainText(draft), HtmlBody = Html(draft) };
        foreach (var file in draft.Attachments ?? [])
        {
            body.Attachments.Add(file.FileName, file.Content, new ContentType("application", "pdf"));
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    private string PlainText(EmailDraft draft)
    {
        var text = new StringBuilder();
        foreach (var paragraph in draft.Paragraphs)
        {
            text.Append(paragraph).Append("\n\n");
        }

        if (draft.Button is { } button)
        {
            text.Append(button.Text).Append(": ").Append(button.Url).Append("\n\n");
        }

        text.Append(localizer["Email.Signoff"]).Append('\n').Append(tenant.Tenant.Name).Append('\n');
        return text.ToString();
    }

    private string Html(EmailDraft draft)
    {
        var html = HtmlEncoder.Default;
        var text = new StringBuilder();
        text.Append("<!DOCTYPE html><html><body style=\"margin:0;padding:24px;background:#f5f5f5\">")
            .Append("<div style=\"max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;font-family:Roboto,Arial,sans-serif;font-size:15px;line-height:1.5;color:#212121\">")
            .Append("<h2 style=\"margin:0 0 16px;font-size:18px;color:#1565c0\">").Append(html.Encode(tenant.Tenant.Name)).Append("</h2>");
        foreach (var paragraph in draft.Paragraphs)
        {
            text.Append("<p style=\"margin:0 0 12px\">").Append(html.Encode(paragraph)).Append("</p>");
        }

        if (draft.Button is { } button)
        {
            text.Append("<p style=\"margin:20px 0\"><a href=\"").Append(html.Encode(button.Url))
                .Append("\" style=\"background:#1565c0;color:#ffffff;text-decoration:none;padding:10px 20px;border-radius:4px;display:inline-block\">")
                .Append(html.Encode(button.Text)).Append("</a></p>")
                .Append("<p style=\"margin:0 0 12px;font-size:12px;color:#757575;word-break:break-all\">").Append(html.Encode(button.Url)).Append("</p>");
        }

        text.Append("<p style=\"margin:20px 0 0;color:#757575\">").Append(html.Encode(localizer["Email.Signoff"])).Append("<br>")
            .Append(html.Encode(tenant.Tenant.Name)).Append("</p></div></body></html>");
        return text.ToString();
    }

    public static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>The hospital's outbox folder, {Database:DataDirectory}/outbox/{hospital}/: kept and failed
/// messages as .eml files named by their message id. Only the current hospital's folder is ever used.</summary>
public sealed class OutboxFolder(TenantContext tenant, IOptions<DatabaseOptions> options, IWebHostEnvironment environment)
{
    public string Path => System.IO.Path.Combine(System.IO.Path.GetFullPath(options.Value.DataDirectory, environment.ContentRootPath), "outbox", tenant.Tenant.Slug);

    public async Task<string> WriteAsync(Guid messageId, MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(Path);
        var name = $"{messageId:N}.eml";
        await message.WriteToAsync(System.IO.Path.Combine(Path, name), ct);
        return name;
    }

    /// <summary>Removes a stored file of this folder (nothing when there is none).</summary>
    public void Delete(string? fileName)
    {
        if (Find(fileName) is { } full)
        {
            File.Delete(full);
        }
    }

    /// <summary>A message that is not an e-mail (WhatsApp) kept as plain text, UTF-8.</summary>
    public async Task<string> WriteTextAsync(Guid messageId, string text, CancellationToken ct)
    {
        Directory.CreateDirectory(Path);
        var name = $"{messageId:N}.txt";
        await File.WriteAllTextAsync(System.IO.Path.Combine(Path, name), text, new System.Text.UTF8Encoding(false), ct);
        return name;
    }

    /// <summary>The full path of a stored file name, or null when it is not a plain file of this folder.</summary>
    public string? Find(string? fileName)
    {
        if (string.IsNullOrEmpty(fileName) || System.IO.Path.GetFileName(fileName) != fileName)
        {
            return null;
        }

        var full = System.IO.Path.Combine(Path, fileName);
        return File.Exists(full) ? full : null;
    }
}

/// <summary>Runs a piece of work in the hospital's language (emails and documents sent to tutors), or in a
/// reader's (a report mailed to an admin in theirs): the localizer and the formats read the thread's cultures.</summary>
public static class HospitalCulture
{
    public static IDisposable Use(TenantInfo hospital) => Use(CultureInfo.GetCultureInfo(hospital.Culture));

    public static IDisposable Use(CultureInfo target)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = target;
        CultureInfo.CurrentUICulture = target;
        return new Restore(() =>
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = ui;
        });
    }

    /// <summary>A date's long form as a title: "dezembro de 2026" → "Dezembro de 2026" (pt-BR writes month and
    /// weekday names in lower case).</summary>
    public static string Capitalized(string text, CultureInfo culture) =>
        text.Length == 0 ? text : char.ToUpper(text[0], culture) + text[1..];

    private sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
