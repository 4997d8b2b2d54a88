using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClinicApp.Tests.Fakes;

/// <summary>One Messages request Twilio received, as posted (the form's fields) with the Basic auth header.</summary>
public sealed record TwilioRequest(
    string AccountSid,
    IReadOnlyDictionary<string, string> Form,
    string? Authorization,
    int StatusCode,
    string? Sid)
{
    public string? To => Form.GetValueOrDefault("To");

    public string? From => Form.GetValueOrDefault("From");

    public string? MessagingServiceSid => Form.GetValueOrDefault("MessagingServiceSid");

    public string? Body => Form.GetValueOrDefault("Body");

    public string? ContentSid => Form.GetValueOrDefault("ContentSid");

    public string? ContentVariables => Form.GetValueOrDefault("ContentVariables");

    public string? StatusCallback => Form.GetValueOrDefault("StatusCallback");
}

/// <summary>What the fake answers one request with, instead of accepting it.</summary>
public abstract record TwilioScript
{
    /// <summary>429 Too Many Requests (Twilio error 20429), with a Retry-After in seconds when given.</summary>
    public static TwilioScript TooManyRequests(int? retryAfterSeconds = null) => new Status(429, 20429, "Too Many Requests", retryAfterSeconds);

    /// <summary>500 with a body that is not Twilio's error JSON (as a proxy in front of it might answer).</summary>
    public static TwilioScript ServerError() => new Status(500, null, "Internal Server Error", null);

    /// <summary>400 with Twilio's error JSON: 21211 invalid 'To' number, 21614 not a mobile, 63016 outside the 24 h window…</summary>
    public static TwilioScript Refuse(int code, string message = "The message was refused") => new Status(400, code, message, null);

    /// <summary>Accepts the connection and never answers (until the fake is disposed or the client gives up).</summary>
    public static TwilioScript Hang() => new Hanging();

    public sealed record Status(int Code, int? TwilioCode, string Message, int? RetryAfterSeconds) : TwilioScript;

    public sealed record Hanging : TwilioScript;
}

/// <summary>Twilio's Messages resource on 127.0.0.1 (<c>POST /2010-04-01/Accounts/{sid}/Messages.json</c>), enough
/// for the official SDK: accepts a message with 201 and a fresh "SM…" sid (status "queued"), records every
/// request, and answers the next requests from a queue of scripted failures (429, 500, a hang, Twilio's 400 errors).</summary>
public sealed class FakeTwilio : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TwilioScript> _script = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<TwilioScript>> _scriptByTo = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    private FakeTwilio(WebApplication app) => _app = app;

    /// <summary>Every request, in the order it arrived (accepted or not).</summary>
    public ConcurrentQueue<TwilioRequest> Requests { get; } = new();

    public string BaseUrl { get; private set; } = "";

    /// <summary>The next requests are answered with these, in order; later ones are accepted.</summary>
    public void Then(params TwilioScript[] answers)
    {
        foreach (var answer in answers)
        {
            _script.Enqueue(answer);
        }
    }

    /// <summary>The next requests to <paramref name="to"/> are answered with these, in order (tests sharing
    /// the fake each script their own recipient).</summary>
    public void ThenFor(string to, params TwilioScript[] answers)
    {
        var queue = _scriptByTo.GetOrAdd(to, _ => new ConcurrentQueue<TwilioScript>());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
    }

    /// <summary>Requests sent to <paramref name="to"/> ("whatsapp:+55…").</summary>
    public IReadOnlyList<TwilioRequest> RequestsTo(string to) => Requests.Where(r => r.To == to).ToList();

    /// <summary>The requests Twilio accepted (201), each with its sid.</summary>
    public IReadOnlyList<TwilioRequest> Accepted => Requests.Where(r => r.StatusCode == 201).ToList();

    public static async Task<FakeTwilio> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTwilio(app);
        app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", (Delegate)fake.CreateMessageAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return fake;
    }

    private async Task CreateMessageAsync(HttpContext context, string sid)
    {
        var form = await context.Request.ReadFormAsync();
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var authorization = context.Request.Headers.Authorization.ToString();
        TwilioScript? answer = null;
        if (!(_scriptByTo.TryGetValue(fields.GetValueOrDefault("To") ?? "", out var own) && own.TryDequeue(out answer)))
        {
            _script.TryDequeue(out answer);
        }

        switch (answer)
        {
            case TwilioScript.Hanging:
                Requests.Enqueue(new TwilioRequest(sid, fields, authorization, 0, null));
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    await Task.Delay(Timeout.Infinite, linked.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }

                return;
            case TwilioScript.Status failure:
                Requests.Enqueue(new TwilioRequest(sid, fields, authorization, failure.Code, null));
                context.Response.StatusCode = failure.Code;
                if (failure.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                if (failure.TwilioCode is { } code)
                {
                    await context.Response.WriteAsJsonAsync(new Dictionary<string, object?>
                    {
                        ["code"] = code,
                        ["message"] = failure.Message,
                        ["more_info"] = $"https://www.twilio.com/docs/errors/{code}",
                        ["status"] = failure.Code,
                    });
                }
                else
                {
                    context.Response.ContentType = "text/html";
                    await context.Response.WriteAsync($"<html><body>{failure.Message}</body></html>");
                }

                return;
        }

        var messageSid = $"SM{Guid.NewGuid():N}";
        Requests.Enqueue(new TwilioRequest(sid, fields, authorization, 201, messageSid));
        var now = DateTime.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        var message = new Dictionary<string, object?>
        {
            ["sid"] = messageSid,
            ["account_sid"] = sid,
            ["messaging_service_sid"] = fields.GetValueOrDefault("MessagingServiceSid"),
            ["to"] = fields.GetValueOrDefault("To"),
            ["from"] = fields.GetValueOrDefault("From"),
            ["body"] = fields.GetValueOrDefault("Body") ?? "",
            ["status"] = "queued",
            ["direction"] = "outbound-api",
            ["num_segments"] = "0",
            ["num_media"] = "0",
            ["api_version"] = "2010-04-01",
            ["date_created"] = now,
            ["date_updated"] = now,
            ["date_sent"] = null,
            ["error_code"] = null,
            ["error_message"] = null,
            ["price"] = null,
            ["price_unit"] = "USD",
            ["uri"] = $"/2010-04-01/Accounts/{sid}/Messages/{messageSid}.json",
            ["subresource_uris"] = new Dictionary<string, string> { ["media"] = $"/2010-04-01/Accounts/{sid}/Messages/{messageSid}/Media.json" },
        };
        context.Response.StatusCode = 201;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(message));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>Signs a webhook the way Twilio does (and the SDK's RequestValidator checks): HMAC-SHA1, keyed with
/// the auth token, of the URL followed by every POST parameter's name and value sorted by name; base64.</summary>
public static class TwilioWebhookSigner
{
    public static string Sign(string url, IReadOnlyDictionary<string, string> parameters, string authToken)
    {
        var data = new System.Text.StringBuilder(url);
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

        // SHA-1 is Twilio's choice for its signatures, not ours.
#pragma warning disable CA5350
        using var hmac = new System.Security.Cryptography.HMACSHA1(System.Text.Encoding.UTF8.GetBytes(authToken));
#pragma warning restore CA5350
        return Convert.ToBase64String(hmac.ComputeHash(System.Text.Encoding.UTF8.GetBytes(data.ToString())));
    }
}
