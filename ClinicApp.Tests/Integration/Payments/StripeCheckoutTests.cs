using System.Net;
using ClinicApp.Tests.Fakes;
using ClinicApp.Tests.Support;

namespace ClinicApp.Tests.Integration.Payments;

[Collection(StripeCollection.Name)]
public sealed class StripeCheckoutTests(StripeFixture fixture)
{
    [Fact]
    public async Task Paying_creates_a_checkout_session_for_the_open_balance_and_redirects_to_stripe()
    {
        var (invoiceId, token) = await fixture.InvoiceWithLinkAsync(price: 123.45m);
        var aurora = await fixture.App.HospitalAsync("aurora");
        using var http = new Http(fixture.BaseUrl);

        var response = await PayPageTests.PostPayAsync(http, "aurora", token);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var request = Assert.Single(fixture.Stripe.RequestsFor(invoiceId));
        Assert.Equal($"{fixture.Stripe.BaseUrl}/checkout/{request.SessionId}", response.Headers.Location!.ToString());
        var form = request.Form;
        Assert.Equal("payment", form["mode"]);
        Assert.Equal("12345", form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("brl", form["line_items[0][price_data][currency]"]);
        Assert.Equal("1", form["line_items[0][quantity]"]);
        Assert.StartsWith("Fatura ", form["line_items[0][price_data][product_data][name]"], StringComparison.Ordinal);
        Assert.EndsWith("— Hospital Veterinário Aurora", form["line_items[0][price_data][product_data][name]"], StringComparison.Ordinal);
        Assert.Equal("card", form["payment_method_types[0]"]);
        Assert.False(form.ContainsKey("payment_method_types[1]"));
        Assert.Equal(invoiceId.ToString(), form["client_reference_id"]);
        Assert.Equal("aurora", form["metadata[tenant]"]);
        Assert.Equal(aurora.Id.ToString(), form["metadata[tenant_id]"]);
        Assert.Equal(invoiceId.ToString(), form["metadata[invoice_id]"]);
        Assert.True(form.ContainsKey("metadata[payment_link_id]"));
        Assert.Equal($"{fixture.BaseUrl}/aurora/pay/{token}/success", form["success_url"]);
        Assert.Equal($"{fixture.BaseUrl}/aurora/pay/{token}/cancel", form["cancel_url"]);
        var expiresIn = DateTimeOffset.FromUnixTimeSeconds(long.Parse(form["expires_at"], System.Globalization.CultureInfo.InvariantCulture)) - DateTimeOffset.UtcNow;
        Assert.InRange(expiresIn.TotalMinutes, 28, 31);
        Assert.Equal($"invoice:{invoiceId}:attempt:1", request.IdempotencyKey);
        Assert.Equal("Bearer sk_test_aurora_key1234", request.Authorization);
    }

    [Fact]
    public async Task A_retried_request_of_the_same_attempt_reuses_its_idempotency_key_and_a_new_attempt_gets_a_new_one()
    {
        var (invoiceId, token) = await fixture.InvoiceWithLinkAsync(price: 50.00m);
        using var http = new Http(fixture.BaseUrl);

        fixture.Stripe.FailNext(1);
        var first = await PayPageTests.PostPayAsync(http, "aurora", token);
        var second = await PayPageTests.PostPayAsync(http, "aurora", token);

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, second.StatusCode);
        var requests = fixture.Stripe.RequestsFor(invoiceId);
        Assert.Equal(
            new[] { $"invoice:{invoiceId}:attempt:1", $"invoice:{invoiceId}:attempt:1", $"invoice:{invoiceId}:attempt:2" },
            requests.Select(r => r.IdempotencyKey ?? "").ToArray());
        Assert.Equal(requests[0].SessionId, requests[1].SessionId);
        Assert.NotEqual(requests[0].SessionId, requests[2].SessionId);
        Assert.EndsWith(requests[0].SessionId, first.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var (invoiceId, token) = await fixture.InvoiceWithLinkAsync();
        using var http = new Http(fixture.BaseUrl);
        using var empty = new FormUrlEncodedContent(new Dictionary<string, string>());

        var response = await http.Client.PostAsync($"aurora/pay/{token}/checkout", empty);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(fixture.Stripe.RequestsFor(invoiceId));
    }
}
