using System.Net;
using System.Text.RegularExpressions;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Payments;
using ClinicApp.Tests.Fakes;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Payments;

[Collection(StripeCollection.Name)]
public sealed partial class PayPageTests(StripeFixture fixture)
{
    [Fact]
    public async Task Anyone_with_the_link_sees_the_invoice_and_its_open_balance()
    {
        var (_, token) = await fixture.InvoiceWithLinkAsync(price: 150.00m);
        using var http = new Http(fixture.BaseUrl);

        var response = await http.GetAsync($"aurora/pay/{token}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Http.Text(await response.Content.ReadAsStringAsync());
        Assert.Contains("Hospital Veterinário Aurora", text, StringComparison.Ordinal);
        Assert.Contains("Consulta", text, StringComparison.Ordinal);
        Assert.Contains("Saldo em aberto", text, StringComparison.Ordinal);
        Assert.Matches(@"Pagar R\$\s150,00", text);
    }

    [Theory]
    [InlineData(null, "Link de pagamento não encontrado")]
    [InlineData("en", "Payment link not found")]
    public async Task An_unknown_token_is_a_friendly_404_in_the_visitors_language(string? chosenLanguage, string title)
    {
        using var http = new Http(fixture.BaseUrl);
        if (chosenLanguage is not null)
        {
            http.Cookies.Add(new Uri(fixture.BaseUrl), new Cookie(Localization.CookieName, $"c={chosenLanguage}|uic={chosenLanguage}"));
        }

        var response = await http.GetAsync($"aurora/pay/{PaymentLinks.NewToken()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(title, Http.Text(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hospital_without_stripe_keys_says_online_payment_is_not_available_and_creates_no_session()
    {
        var (invoiceId, token) = await fixture.InvoiceWithLinkAsync(StripeFixture.NoStripe);
        using var http = new Http(fixture.BaseUrl);

        var page = await (await http.GetAsync($"{StripeFixture.NoStripe}/pay/{token}")).Content.ReadAsStringAsync();
        await using var desk = await Desk.AsAsync(fixture.App, StripeFixture.NoStripe, Roles.Receptionist);
        var started = await desk.Services.GetRequiredService<PaymentLinks>().StartCheckoutAsync(token, fixture.BaseUrl + "/" + StripeFixture.NoStripe);

        Assert.Contains("O pagamento online não está disponível", Http.Text(page), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"pay-form\"", page, StringComparison.Ordinal);
        Assert.Equal(CheckoutOutcome.NotAvailable, started.Outcome);
        Assert.Empty(fixture.Stripe.RequestsFor(invoiceId));
    }

    [Fact]
    public async Task A_paid_invoice_says_so_instead_of_offering_to_pay()
    {
        var (invoiceId, token) = await fixture.InvoiceWithLinkAsync(price: 20.00m);
        var aurora = await fixture.App.HospitalAsync("aurora");
        var payload = StripeFixture.CheckoutEvent($"evt_test_{Guid.NewGuid():N}", aurora, invoiceId, 2000);
        await fixture.PostWebhookAsync("aurora", payload, StripeFixture.Sign(payload, StripeFixture.WebhookSecret("aurora")));
        using var http = new Http(fixture.BaseUrl);

        var page = await (await http.GetAsync($"aurora/pay/{token}")).Content.ReadAsStringAsync();
        var success = await (await http.GetAsync($"aurora/pay/{token}/success")).Content.ReadAsStringAsync();

        Assert.Contains("já está paga", Http.Text(page), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"pay-form\"", page, StringComparison.Ordinal);
        Assert.Contains("Pagamento recebido", Http.Text(success), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_link_is_reused_while_it_lives_and_refused_for_an_invoice_with_nothing_to_pay()
    {
        var (invoiceId, token) = await fixture.InvoiceWithLinkAsync();
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Receptionist);
        var links = desk.Services.GetRequiredService<PaymentLinks>();

        var again = await links.CreateOrGetAsync(invoiceId);

        Assert.EndsWith($"/aurora/pay/{token}", again, StringComparison.Ordinal);
        Assert.Equal(43, token.Length);
        await using var vet = await Desk.AsAsync(fixture.App, "aurora", Roles.Veterinarian);
        await Assert.ThrowsAsync<Data.Common.DomainRuleException>(() => vet.Services.GetRequiredService<PaymentLinks>().CreateOrGetAsync(invoiceId));
    }

    public static async Task<HttpResponseMessage> PostPayAsync(Http http, string slug, string token, string? page = null)
    {
        page ??= await (await http.GetAsync($"{slug}/pay/{token}")).Content.ReadAsStringAsync();
        return await http.PostFormAsync($"{slug}/pay/{token}/checkout", page, formName: null);
    }
}
