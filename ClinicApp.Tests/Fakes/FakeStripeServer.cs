using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClinicApp.Tests.Fakes;

/// <summary>One request Stripe received: the form fields as sent and the Idempotency-Key header.</summary>
public sealed record StripeRequest(IReadOnlyDictionary<string, string> Form, string? IdempotencyKey, string? Authorization, string SessionId);

/// <summary>Stripe's Checkout Session API on 127.0.0.1, enough for the app's client: creates sessions,
/// replays the same session for the same idempotency key (as Stripe does), can fail the next
/// requests (Stripe.net then retries with the same key), and serves the "hosted checkout" page.</summary>
public sealed class FakeStripeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _sessionsByKey = new(StringComparer.Ordinal);
    private int _failNext;

    private FakeStripeServer(WebApplication app) => _app = app;

    public ConcurrentQueue<StripeRequest> Requests { get; } = new();

    public string BaseUrl { get; private set; } = "";

    /// <summary>The next <paramref name="count"/> requests answer 500 with Stripe-Should-Retry: true.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

    public IReadOnlyList<StripeRequest> RequestsFor(Guid invoiceId) =>
        Requests.Where(r => r.Form.GetValueOrDefault("client_reference_id") == invoiceId.ToString()).ToList();

    public static async Task<FakeStripeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeStripeServer(app);
        app.MapPost("/v1/checkout/sessions", (Delegate)server.CreateSessionAsync);
        app.MapGet("/checkout/{id}", (string id) => Results.Content(
            $"<!DOCTYPE html><html><head><title>Fake Stripe</title></head><body><h1 data-testid=\"fake-stripe\">Fake Stripe Checkout {id}</h1></body></html>",
            "text/html"));
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    private async Task<IResult> CreateSessionAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var id = string.IsNullOrEmpty(key)
            ? NewId()
            : _sessionsByKey.GetOrAdd(key, _ => NewId());
        Requests.Enqueue(new StripeRequest(fields, key.Length == 0 ? null : key, context.Request.Headers.Authorization.ToString(), id));

        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            context.Response.Headers["Stripe-Should-Retry"] = "true";
            return Results.Json(new { error = new { type = "api_error", message = "fake outage" } }, statusCode: 500);
        }

        Interlocked.Exchange(ref _failNext, 0);
        var session = new Dictionary<string, object?>
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["url"] = $"{BaseUrl}/checkout/{id}",
            ["mode"] = "payment",
            ["status"] = "open",
            ["payment_status"] = "unpaid",
            ["currency"] = fields.GetValueOrDefault("line_items[0][price_data][currency]"),
            ["amount_total"] = long.TryParse(fields.GetValueOrDefault("line_items[0][price_data][unit_amount]"), out var cents) ? cents : null,
            ["client_reference_id"] = fields.GetValueOrDefault("client_reference_id"),
            ["livemode"] = false,
        };
        return Results.Text(JsonSerializer.Serialize(session), "application/json");
    }

    private static string NewId() => $"cs_test_{Guid.NewGuid():N}";

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
