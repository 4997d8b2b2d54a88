using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Payments;
using ClinicApp.Features.Settings;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Fakes;

/// <summary>The app talking to <see cref="FakeStripeServer"/>: aurora and boavista each have their own
/// Stripe keys; "semstripe" (a hospital added here) has none.</summary>
public sealed class StripeFixture : IAsyncLifetime
{
    public const string NoStripe = "semstripe";

    public FakeStripeServer Stripe { get; private set; } = default!;

    public ClinicAppFactory App { get; private set; } = default!;

    public string BaseUrl { get; private set; } = "";

    public static string WebhookSecret(string slug) => $"whsec_test_{slug}_0123456789";

    public async Task InitializeAsync()
    {
        Stripe = await FakeStripeServer.StartAsync();
        App = new ClinicAppFactory(new Dictionary<string, string?> { ["Stripe:ApiBase"] = Stripe.BaseUrl });
        BaseUrl = App.BaseUrl;
        foreach (var slug in new[] { "aurora", "boavista" })
        {
            await using var desk = await Desk.AsAsync(App, slug, Roles.Admin);
            await desk.Services.GetRequiredService<IntegrationSettingsService>().SaveStripeAsync(new StripeSettingsInput
            {
                SecretKey = $"sk_test_{slug}_key1234",
                WebhookSecret = WebhookSecret(slug),
            });
        }

        await App.Services.GetRequiredService<HospitalProvisioning>().AddAsync(NoStripe, "Clínica Sem Stripe", $"admin@{NoStripe}.vet", adminPassword: ClinicAppFactory.Password);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Stripe.DisposeAsync();
    }

    /// <summary>An invoice with one item of <paramref name="price"/> and its payment link (relative URL).</summary>
    public async Task<(Guid InvoiceId, string Token)> InvoiceWithLinkAsync(string slug = "aurora", decimal price = 150.00m)
    {
        await using var desk = await Desk.AsAsync(App, slug, Roles.Receptionist);
        var invoices = desk.Services.GetRequiredService<InvoiceService>();
        var pet = await desk.NewPetAsync();
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var tutor = (await db.Pets.AsNoTracking().FirstAsync(p => p.Id == pet)).TutorId;
        var invoiceId = await invoices.CreateAsync(tutor, pet);
        await invoices.AddItemAsync(invoiceId, "Consulta", ChargeKind.Consultation, 1, price);
        var url = await desk.Services.GetRequiredService<PaymentLinks>().CreateOrGetAsync(invoiceId);
        return (invoiceId, url[(url.LastIndexOf('/') + 1)..]);
    }

    public async Task<Invoice> InvoiceAsync(string slug, Guid invoiceId)
    {
        await using var desk = await Desk.AsAsync(App, slug, Roles.Receptionist);
        return (await desk.Services.GetRequiredService<InvoiceService>().GetAsync(invoiceId))!.Invoice;
    }

    public async Task<int> ProcessedEventsAsync(string slug, string eventId)
    {
        await using var desk = await Desk.AsAsync(App, slug, Roles.Receptionist);
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.ProcessedWebhookEvents.CountAsync(e => e.EventId == eventId);
    }

    /// <summary>A checkout.session event as Stripe sends it, pinned to Stripe.net's API version.</summary>
    public static string CheckoutEvent(string eventId, TenantInfo hospital, Guid invoiceId, long amountCents, string type = "checkout.session.completed", string paymentStatus = "paid", string? apiVersion = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["api_version"] = apiVersion ?? global::Stripe.StripeConfiguration.ApiVersion,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = type,
            ["data"] = new Dictionary<string, object?>
            {
                ["object"] = new Dictionary<string, object?>
                {
                    ["id"] = $"cs_test_{Guid.NewGuid():N}",
                    ["object"] = "checkout.session",
                    ["mode"] = "payment",
                    ["status"] = "complete",
                    ["payment_status"] = paymentStatus,
                    ["amount_total"] = amountCents,
                    ["currency"] = "brl",
                    ["client_reference_id"] = invoiceId.ToString(),
                    ["metadata"] = new Dictionary<string, string>
                    {
                        ["tenant"] = hospital.Slug,
                        ["tenant_id"] = hospital.Id.ToString(),
                        ["invoice_id"] = invoiceId.ToString(),
                    },
                },
            },
        });

    /// <summary>The Stripe-Signature header: t=…,v1=HMAC-SHA256(secret, "{t}.{payload}").</summary>
    public static string Sign(string payload, string secret, DateTimeOffset? at = null)
    {
        var t = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    public async Task<HttpResponseMessage> PostWebhookAsync(string slug, string payload, string signature)
    {
        using var http = new HttpClient();
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl}/{slug}/webhooks/stripe") { Content = content };
        request.Headers.Add("Stripe-Signature", signature);
        return await http.SendAsync(request);
    }
}

[CollectionDefinition(Name)]
public sealed class StripeCollection : ICollectionFixture<StripeFixture>
{
    public const string Name = "stripe";
}
