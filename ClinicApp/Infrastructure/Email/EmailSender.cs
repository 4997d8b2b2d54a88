using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ClinicApp.Infrastructure.Email;

/// <summary>A hospital's SMTP account, its password already decrypted (kept in memory only).</summary>
public sealed record SmtpAccount(string Host, int Port, bool StartTls, string? User, string? Password, string FromAddress, string? FromName);

/// <summary>Delivers one message through an SMTP account; returns the message's Message-Id.</summary>
public interface IEmailSender
{
    Task<string> SendAsync(SmtpAccount account, MimeMessage message, CancellationToken ct);
}

/// <summary>MailKit over SMTP: STARTTLS when the account asks for it (port 465 means TLS from the start).
/// Each socket operation is limited to the outbox's send timeout (the caller's token limits the whole attempt).</summary>
public sealed class MailKitEmailSender(Microsoft.Extensions.Options.IOptions<OutboxOptions> options) : IEmailSender
{
    public async Task<string> SendAsync(SmtpAccount account, MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = (int)options.Value.SendTimeout.TotalMilliseconds };
        var security = account.Port == 465 ? SecureSocketOptions.SslOnConnect
            : account.StartTls ? SecureSocketOptions.StartTls
            : SecureSocketOptions.None;
        await client.ConnectAsync(account.Host, account.Port, security, ct);
        if (!string.IsNullOrEmpty(account.User))
        {
            await client.AuthenticateAsync(account.User, account.Password ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
        return message.MessageId ?? "";
    }
}
