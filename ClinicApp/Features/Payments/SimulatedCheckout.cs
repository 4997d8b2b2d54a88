using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ClinicApp.Data.Billing;
using ClinicApp.Features.Settings;
using ClinicApp.Tenancy;
using Stripe.Checkout;

namespace ClinicApp.Features.Payments;

/// <summary>Development only: a stand-in for Stripe's hosted checkout, so a new user can try the whole
/// pay flow (link → checkout → webhook → payment) without a Stripe account. The demo hospitals get
/// <see cref="SecretKey"/>; with it, and only in Development, <see cref="StripeCheckout"/> answers
/// here instead of calling Stripe, and the "checkout" is a clearly labelled page of this app whose
/// button posts a signed event to the hospital's real webhook. Outside Development the key is just a
/// wrong Stripe key and the page's routes are not mapped.</summary>
public sealed class SimulatedCheckout(IHostEnvironment environment)
{
    public const string SecretKey = "sk_test_clinicapp_simulated";

    /// <summary>Session ids of simulated checkouts, so the page only completes one this app started.</summary>
    public const string SessionPrefix = "cs_sim_";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(15) };

    public static bool IsEnabled(IHostEnvironment environment) => environment.IsDevelopment();

    public bool Handles(string secretKey) => IsEnabled(environment) && string.Equals(secretKey, SecretKey, StringComparison.Ordinal);

    /// <summary>A webhook secret per hospital (made once, stored encrypted like a real one).</summary>
    public static string NewWebhookSecret() => $"whsec_simulated_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";

    /// <summary>What Stripe would answer: the "hosted" page is this app's …/pay/{token}/simulated.</summary>
    public static Session CreateSession(SessionCreateOptions options)
    {
        var linkPath = options.SuccessUrl[..options.SuccessUrl.LastIndexOf('/')];
        var id = $"{SessionPrefix}{Guid.NewGuid():N}";
        return new Session { Id = id, Url = $"{linkPath}/simulated", Status = "open", PaymentStatus = "unpaid" };
    }

    /// <summary>The tutor pressed "pay (simulated)": sends the hospital's own webhook the event Stripe
    /// would send, signed with the hospital's webhook secret, so the payment is recorded by the same
    /// code as a real one. Returns false when the link has no simulated checkout in progress.</summary>
    public async Task<bool> CompleteAsync(HttpContext context, string token, PaymentLinks links, IntegrationSettingsService integrations, TenantContext tenant)
    {
        var ct = context.RequestAborted;
        if (await links.OpenCheckoutAsync(token, ct) is not { } checkout
            || checkout.SessionId?.StartsWith(SessionPrefix, StringComparison.Ordinal) != true)
        {
            return false;
        }

        var secret = (await integrations.StripeAccountAsync(ct)).WebhookSecret;
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }

        var hospital = tenant.Tenant;
        var payload = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = $"evt_sim_{Guid.NewGuid():N}",
            ["object"] = "event",
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = "checkout.session.completed",
            ["data"] = new Dictionary<string, object?>
            {
                ["object"] = new Dictionary<string, object?>
                {
                    ["id"] = checkout.SessionId,
                    ["object"] = "checkout.session",
                    ["mode"] = "payment",
                    ["status"] = "complete",
                    ["payment_status"] = "paid",
                    ["amount_total"] = Money.ToCents(checkout.Balance),
                    ["currency"] = "brl",
                    ["client_reference_id"] = checkout.InvoiceId.ToString(),
                    ["metadata"] = new Dictionary<string, string>
                    {
                        ["tenant"] = hospital.Slug,
                        ["tenant_id"] = hospital.Id.ToString(),
                        ["invoice_id"] = checkout.InvoiceId.ToString(),
                        ["payment_link_id"] = checkout.LinkId.ToString(),
                    },
                },
            },
        });

        // Through HTTP, like Stripe: the webhook's signature check and recording run unchanged.
        var request = context.Request;
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{request.Scheme}://{request.Host}{request.PathBase}/webhooks/stripe")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        message.Headers.Add("Stripe-Signature", Sign(payload, secret, DateTimeOffset.UtcNow));
        using var response = await Http.SendAsync(message, ct);
        return response.IsSuccessStatusCode;
    }

    /// <summary>Stripe's signature header: t=…,v1=HMAC-SHA256(secret, "{t}.{payload}").</summary>
    public static string Sign(string payload, string secret, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
