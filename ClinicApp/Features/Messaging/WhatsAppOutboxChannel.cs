using System.Globalization;
using System.Text;
using ClinicApp.Data.Billing;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Data;
using ClinicApp.Tenancy;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace ClinicApp.Features.Messaging;

/// <summary>WhatsApp through the hospital's Twilio account with the official SDK. Without an account the
/// message is written as text to the hospital's outbox folder (Kept), shown on /admin/outbox like e-mails:
/// never silently dropped. Twilio's answer decides what the dispatcher does: 429 and 5xx are retried
/// (honouring Retry-After), other 4xx (21211 invalid number, 63016 outside the 24 h window…) fail at once.</summary>
public sealed class WhatsAppOutboxChannel(
    TwilioAccounts accounts,
    TwilioSignatures signatures,
    OutboxFolder folder,
    IHttpClientFactory httpClients,
    TenantContext tenant) : IOutboxChannel, IDisposable
{
    public const string HttpClientName = "twilio";

    /// <summary>How long one dispatcher lane reuses the account it read (a lane sends many messages in a row).</summary>
    private static readonly TimeSpan AccountReuse = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _accountLock = new(1, 1);
    private (TwilioAccount? Account, DateTime ReadAt)? _account;

    public OutboxChannel Channel => OutboxChannel.WhatsApp;

    public async Task<OutboxDelivery> DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        var account = await AccountAsync(ct);
        if (account is null)
        {
            return new OutboxDelivery(false, null, await folder.WriteTextAsync(message.Id, AsText(message), ct));
        }

        var options = new CreateMessageOptions(new PhoneNumber(message.To));
        if (!string.IsNullOrWhiteSpace(account.MessagingServiceSid))
        {
            options.MessagingServiceSid = account.MessagingServiceSid;
        }
        else
        {
            options.From = new PhoneNumber(account.WhatsAppFrom);
        }

        if (!string.IsNullOrWhiteSpace(message.ContentSid))
        {
            options.ContentSid = message.ContentSid;
            options.ContentVariables = message.ContentVariables;
        }
        else
        {
            options.Body = message.Body ?? message.Subject;
        }

        if (signatures.PublicUrl($"/{tenant.Tenant.Slug}/webhooks/twilio/status") is { } callback)
        {
            options.StatusCallback = new Uri(callback);
        }

        var call = TwilioCall.Begin(ct);
        try
        {
            var client = new TwilioRestClient(account.AccountSid, account.AuthToken, httpClient: new SystemNetHttpClient(httpClients.CreateClient(HttpClientName)));
            var created = await MessageResource.CreateAsync(options, client).WaitAsync(ct);
            return new OutboxDelivery(true, created.Sid, message.File ?? "");
        }
        catch (ApiConnectionException e) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException("The attempt's time ran out.", e, ct);
        }
        catch (ApiConnectionException e) when (e.InnerException is TaskCanceledException or TimeoutException)
        {
            // The HttpClient's own timeout (the same send timeout): the worker records "no answer" and retries.
            throw new TimeoutException(e.Message, e);
        }
        catch (ApiConnectionException e)
        {
            throw new OutboxDeliveryException($"Twilio could not be reached: {e.InnerException?.Message ?? e.Message}", permanent: false, inner: e);
        }
        catch (ApiException e)
        {
            throw Classify(e, call.StatusCode, call.RetryAfter);
        }
        finally
        {
            TwilioCall.End();
        }
    }

    public void Dispose() => _accountLock.Dispose();

    /// <summary>The hospital's account, read (and its token decrypted) once per <see cref="AccountReuse"/> rather
    /// than per message; a changed setting applies within that time.</summary>
    private async Task<TwilioAccount?> AccountAsync(CancellationToken ct)
    {
        await _accountLock.WaitAsync(ct);
        try
        {
            if (_account is not { } cached || DateTime.UtcNow - cached.ReadAt > AccountReuse)
            {
                _account = cached = (await accounts.CurrentAsync(ct), DateTime.UtcNow);
            }

            return cached.Account;
        }
        finally
        {
            _accountLock.Release();
        }
    }

    /// <summary>429, 5xx, 408 and 401 are worth another try (a bad token is the hospital's to fix, not the
    /// message's fault, so it is retried until given up and the admins are told); any other 4xx is the
    /// message's own problem and final.</summary>
    public static OutboxDeliveryException Classify(ApiException e, int? httpStatus, TimeSpan? retryAfter)
    {
        var status = httpStatus is > 0 ? httpStatus.Value : e.Status;
        var code = e.Code != 0 ? e.Code.ToString(CultureInfo.InvariantCulture) : null;
        var permanent = status is >= 400 and < 500 && status is not (429 or 408 or 401);
        var text = code is null ? $"Twilio answered {status}: {e.Message}" : $"Twilio error {code} ({status}): {e.Message}";
        return new OutboxDeliveryException(text, permanent, code, retryAfter, e);
    }

    /// <summary>What the outbox folder keeps of a message that had no account to leave through.</summary>
    public static string AsText(OutboxMessage message)
    {
        var text = new StringBuilder()
            .Append("Channel: WhatsApp\n")
            .Append("To: ").Append(message.To).Append('\n')
            .Append("Kind: ").Append(message.Kind).Append('\n');
        if (!string.IsNullOrWhiteSpace(message.ContentSid))
        {
            text.Append("ContentSid: ").Append(message.ContentSid).Append('\n')
                .Append("ContentVariables: ").Append(message.ContentVariables).Append('\n');
        }

        return text.Append('\n').Append(message.Body ?? message.Subject).Append('\n').ToString();
    }
}

/// <summary>What the HTTP handler saw of the current Twilio call (the SDK's exceptions keep neither the
/// status code of a non-JSON answer nor Retry-After), and the attempt's token (the SDK takes none).</summary>
internal sealed class TwilioCall
{
    private static readonly AsyncLocal<TwilioCall?> CurrentCall = new();

    private TwilioCall(CancellationToken token) => Token = token;

    public static TwilioCall? Current => CurrentCall.Value;

    public CancellationToken Token { get; }

    public int? StatusCode { get; set; }

    public TimeSpan? RetryAfter { get; set; }

    public static TwilioCall Begin(CancellationToken token) => CurrentCall.Value = new TwilioCall(token);

    public static void End() => CurrentCall.Value = null;
}

/// <summary>The handler of the named "twilio" HttpClient: sends every request to <c>Messaging:ApiBaseUrl</c>
/// when set (the tests' loopback fake), cancels it with the attempt, and notes the status and Retry-After.</summary>
public sealed class TwilioApiHandler(IOptions<MessagingOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.ApiBaseUrl) && request.RequestUri is { } uri)
        {
            request.RequestUri = new Uri(new Uri(options.Value.ApiBaseUrl.TrimEnd('/') + "/"), uri.PathAndQuery.TrimStart('/'));
        }

        var call = TwilioCall.Current;
        using var linked = call is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.Token);
        var response = await base.SendAsync(request, linked?.Token ?? cancellationToken);
        if (call is not null)
        {
            call.StatusCode = (int)response.StatusCode;
            call.RetryAfter = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - DateTimeOffset.UtcNow,
                _ => null,
            };
        }

        return response;
    }
}

/// <summary>Tells live screens (agenda reminder column, messages page) when a WhatsApp message's state
/// changed in the outbox; the dispatcher in Infrastructure knows nothing of messaging.</summary>
public sealed class WhatsAppStatusObserver(HospitalEvents events) : IOutboxObserver
{
    public Task<Func<Task>?> GivingUpAsync(ClinicDbContext db, OutboxMessage message, CancellationToken ct) => Task.FromResult<Func<Task>?>(null);

    public Task AttemptedAsync(OutboxMessage message, CancellationToken ct) =>
        message.Channel == OutboxChannel.WhatsApp
            ? events.PublishAsync(new MessageStatusChanged(message.Id, message.TutorId, message.AppointmentId))
            : Task.CompletedTask;
}
