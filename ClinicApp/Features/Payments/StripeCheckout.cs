using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace ClinicApp.Features.Payments;

/// <summary>Creates Stripe-hosted Checkout Sessions with the hospital's own secret key. One HTTP
/// client for the app; Stripe.net retries network failures with the same idempotency key.</summary>
public sealed class StripeCheckout : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly SystemNetHttpClient _stripeHttp;
    private readonly StripeOptions _options;
    private readonly SimulatedCheckout _simulated;

    public StripeCheckout(IOptions<StripeOptions> options, SimulatedCheckout simulated)
    {
        _options = options.Value;
        _simulated = simulated;
        _stripeHttp = new SystemNetHttpClient(_http, maxNetworkRetries: _options.MaxNetworkRetries);
    }

    public async Task<Session> CreateSessionAsync(string secretKey, SessionCreateOptions session, string idempotencyKey, CancellationToken ct)
    {
        if (_simulated.Handles(secretKey))
        {
            return SimulatedCheckout.CreateSession(session);
        }

        var client = new StripeClient(secretKey, httpClient: _stripeHttp, apiBase: _options.ApiBase);
        return await new SessionService(client).CreateAsync(session, new RequestOptions { IdempotencyKey = idempotencyKey }, ct);
    }

    public void Dispose() => _http.Dispose();
}
