using System.Net;
using ClinicApp.Data.Billing;
using ClinicApp.Features.Invoices;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Payments;

[Collection(StripeCollection.Name)]
public sealed class StripeWebhookTests(StripeFixture fixture)
{
    private static string NewEventId() => $"evt_test_{Guid.NewGuid():N}";

    [Fact]
    public async Task A_signed_paid_checkout_pays_the_invoice_with_one_online_payment()
    {
        var (invoiceId, _) = await fixture.InvoiceWithLinkAsync(price: 150.00m);
        var aurora = await fixture.App.HospitalAsync("aurora");
        var eventId = NewEventId();
        var payload = StripeFixture.CheckoutEvent(eventId, aurora, invoiceId, 15000);

        var response = await fixture.PostWebhookAsync("aurora", payload, StripeFixture.Sign(payload, StripeFixture.WebhookSecret("aurora")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invoice = await fixture.InvoiceAsync("aurora", invoiceId);
        Assert.Equal(InvoiceStatus.Paid, invoice.Status);
        var payment = Assert.Single(invoice.Payments);
        Assert.Equal(PaymentMethod.Online, payment.Method);
        Assert.Equal(150.00m, payment.Amount);
        Assert.Equal(1, await fixture.ProcessedEventsAsync("aurora", eventId));
    }

    [Fact]
    public async Task An_open_invoice_page_hears_of_the_online_payment_and_only_its_hospital_does()
    {
        var (invoiceId, _) = await fixture.InvoiceWithLinkAsync(price: 90.00m);
        var aurora = await fixture.App.HospitalAsync("aurora");
        var scopes = fixture.App.Services.GetRequiredService<TenantScopes>();
        await using var auroraScreen = scopes.Create(aurora);
        await using var otherScreen = scopes.Create(await fixture.App.HospitalAsync("boavista"));
        var heard = new List<Guid>();
        var heardElsewhere = new List<Guid>();
        using var a = auroraScreen.ServiceProvider.GetRequiredService<HospitalEvents>()
            .Subscribe<InvoiceChanged>(e => { lock (heard) { heard.Add(e.InvoiceId); } return Task.CompletedTask; });
        using var b = otherScreen.ServiceProvider.GetRequiredService<HospitalEvents>()
            .Subscribe<InvoiceChanged>(e => { lock (heardElsewhere) { heardElsewhere.Add(e.InvoiceId); } return Task.CompletedTask; });
        var payload = StripeFixture.CheckoutEvent(NewEventId(), aurora, invoiceId, 9000);

        var response = await fixture.PostWebhookAsync("aurora", payload, StripeFixture.Sign(payload, StripeFixture.WebhookSecret("aurora")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(invoiceId, heard);
        Assert.Empty(heardElsewhere);
    }

    [Fact]
    public async Task The_same_event_posted_three_times_at_once_records_exactly_one_payment()
    {
        var (invoiceId, _) = await fixture.InvoiceWithLinkAsync(price: 80.00m);
        var aurora = await fixture.App.HospitalAsync("aurora");
        var payload = StripeFixture.CheckoutEvent(NewEventId(), aurora, invoiceId, 3000);
        var signature = StripeFixture.Sign(payload, StripeFixture.WebhookSecret("aurora"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => fixture.PostWebhookAsync("aurora", payload, signature)));
        var replay = await fixture.PostWebhookAsync("aurora", payload, signature);

        Assert.All(responses.Append(replay), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var invoice = await fixture.InvoiceAsync("aurora", invoiceId);
        var payment = Assert.Single(invoice.Payments);
        Assert.Equal(30.00m, payment.Amount);
        Assert.Equal(InvoiceStatus.PartiallyPaid, invoice.Status);
    }

    [Fact]
    public async Task A_bad_signature_is_refused_and_nothing_is_written()
    {
        var (invoiceId, _) = await fixture.InvoiceWithLinkAsync();
        var aurora = await fixture.App.HospitalAsync("aurora");
        var eventId = NewEventId();
        var payload = StripeFixture.CheckoutEvent(eventId, aurora, invoiceId, 15000);

        var wrongSecret = await fixture.PostWebhookAsync("aurora", payload, StripeFixture.Sign(payload, "whsec_someone_else"));
        var tampered = await fixture.PostWebhookAsync("aurora", payload.Replace("15000", "1", StringComparison.Ordinal), StripeFixture.Sign(payload, StripeFixture.WebhookSecret("aurora")));
        var missing = await fixture.PostWebhookAsync("aurora", payload, "");

        Assert.Equal(HttpStatusCode.BadRequest, wrongSecret.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Empty((await fixture.InvoiceAsync("aurora", invoiceId)).Payments);
        Assert.Equal(0, await fixture.ProcessedEventsAsync("aurora", eventId));
    }

    [Fact]
    public async Task A_signature_older_than_five_minutes_is_refused()
    {
        var (invoiceId, _) = await fixture.InvoiceWithLinkAsync();
        var aurora = await fixture.App.HospitalAsync("aurora");
        var payload = StripeFixture.CheckoutEvent(NewEventId(), aurora, invoiceId, 15000);

        var response = await fixture.PostWebhookAsync("aurora", payload, StripeFixture.Sign(payload, StripeFixture.WebhookSecret("aurora"), DateTimeOffset.UtcNow.AddSeconds(-301)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await fixture.InvoiceAsync("aurora", invoiceId)).Payments);
    }

    [Fact]
    public async Task An_event_of_another_api_version_is_refused()
    {
        var (invoiceId, _) = await fixture.InvoiceWithLinkAsync();
        var aurora = await fixture.App.HospitalAsync("aurora");
        var payload = StripeFixture.CheckoutEvent(NewEventId(), aurora, invoiceId, 15000, apiVersion: "2019-02-19");

        var response = await fixture.PostWebhookAsync("aurora", payload, StripeFixture.Sign(payload, StripeFixture.WebhookSecret("aurora")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await fixture.InvoiceAsync("aurora", invoiceId)).Payments);
    }

    [Fact]
    public async Task An_event_for_an_unknown_invoice_is_acknowledged_and_changes_nothing()
    {
        var aurora = await fixture.App.HospitalAsync("aurora");
        var eventId = NewEventId();
        var payload = StripeFixture.CheckoutEvent(eventId, aurora, Guid.NewGuid(), 15000);

        var response = await fixture.PostWebhookAsync("aurora", payload, StripeFixture.Sign(payload, StripeFixture.WebhookSecret("aurora")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await fixture.ProcessedEventsAsync("aurora", eventId));
    }

    [Fact]
    public async Task Other_event_types_and_unpaid_sessions_are_ignored()
    {
        var (invoiceId, _) = await fixture.InvoiceWithLinkAsync();
        var aurora = await fixture.App.HospitalAsync("aurora");
        var expired = StripeFixture.CheckoutEvent(NewEventId(), aurora, invoiceId, 15000, type: "checkout.session.expired");
        var unpaid = StripeFixture.CheckoutEvent(NewEventId(), aurora, invoiceId, 15000, paymentStatus: "unpaid");

        var first = await fixture.PostWebhookAsync("aurora", expired, StripeFixture.Sign(expired, StripeFixture.WebhookSecret("aurora")));
        var second = await fixture.PostWebhookAsync("aurora", unpaid, StripeFixture.Sign(unpaid, StripeFixture.WebhookSecret("aurora")));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Empty((await fixture.InvoiceAsync("aurora", invoiceId)).Payments);
    }

    [Fact]
    public async Task An_async_payment_that_succeeds_later_pays_the_invoice()
    {
        var (invoiceId, _) = await fixture.InvoiceWithLinkAsync(price: 42.50m);
        var aurora = await fixture.App.HospitalAsync("aurora");
        var payload = StripeFixture.CheckoutEvent(NewEventId(), aurora, invoiceId, 4250, type: "checkout.session.async_payment_succeeded");

        var response = await fixture.PostWebhookAsync("aurora", payload, StripeFixture.Sign(payload, StripeFixture.WebhookSecret("aurora")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(InvoiceStatus.Paid, (await fixture.InvoiceAsync("aurora", invoiceId)).Status);
    }

    [Fact]
    public async Task Another_hospitals_webhook_address_refuses_this_hospitals_event()
    {
        var (invoiceId, _) = await fixture.InvoiceWithLinkAsync();
        var aurora = await fixture.App.HospitalAsync("aurora");
        var payload = StripeFixture.CheckoutEvent(NewEventId(), aurora, invoiceId, 15000);

        var response = await fixture.PostWebhookAsync("boavista", payload, StripeFixture.Sign(payload, StripeFixture.WebhookSecret("aurora")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await fixture.InvoiceAsync("aurora", invoiceId)).Payments);
    }
}

/// <summary>Issue 11 #14: what a signed but unusable body, a huge body or a wrong address get.</summary>
[Collection(StripeCollection.Name)]
public sealed class StripeWebhookBadInputTests(StripeFixture fixture)
{
    [Theory]
    [InlineData("garbage")]
    [InlineData("{\"foo\":1}")]
    [InlineData("")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"checkout.session.completed\",\"data\":{\"object\":\"nope\"}}")]
    public async Task A_signed_but_malformed_body_is_a_400_with_a_reason_and_nothing_is_stored(string payload)
    {
        var (invoiceId, _) = await fixture.InvoiceWithLinkAsync();

        var response = await fixture.PostWebhookAsync("aurora", payload, StripeFixture.Sign(payload, StripeFixture.WebhookSecret("aurora")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var reason = await response.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrWhiteSpace(reason));
        Assert.True(reason.Length < 200, reason);
        Assert.Empty((await fixture.InvoiceAsync("aurora", invoiceId)).Payments);
        Assert.Equal(0, await fixture.ProcessedEventsAsync("aurora", "evt_1"));
    }

    [Fact]
    public async Task An_over_size_body_is_a_413()
    {
        var payload = "{\"id\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";

        var response = await fixture.PostWebhookAsync("aurora", payload, StripeFixture.Sign(payload, StripeFixture.WebhookSecret("aurora")));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.DoesNotContain("Content-Type", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("aurora/webhooks/nowhere")]
    [InlineData("aurora/no/such/page")]
    [InlineData("webhooks/stripe/extra")]
    public async Task A_post_to_an_unknown_route_is_a_404(string path)
    {
        using var http = new HttpClient();
        using var content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");

        var response = await http.PostAsync($"{fixture.BaseUrl}/{path}", content);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
