using System.Net;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Features.Payments;
using ClinicApp.Features.Portal;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Fakes;
using ClinicApp.Tests.Integration.Payments;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Portal;

/// <summary>"Pay now" in the portal goes through the payment-link flow the desk uses: the invoice's link,
/// the public pay page, Stripe's checkout (the fake server) and the webhook that records the money.</summary>
[Collection(StripeCollection.Name)]
public sealed class PortalPayNowTests(StripeFixture fixture)
{
    private static string TokenOf(string url) => url[(url.LastIndexOf('/') + 1)..];

    private async Task<int> LinksOfAsync(string slug, Guid invoiceId)
    {
        await using var desk = await Desk.AsAsync(fixture.App, slug);
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.PaymentLinks.CountAsync(l => l.InvoiceId == invoiceId);
    }

    [Fact]
    public async Task The_tutor_pays_their_open_invoice_through_its_link_and_the_portal_then_shows_it_paid()
    {
        var tutor = await PortalTutors.CreateAsync(fixture.App, "aurora");
        var (invoiceId, _) = await PortalData.InvoiceAsync(fixture.App, "aurora", tutor.TutorId, tutor.PetId, 130m, paid: 30m);
        await using var scope = await PortalTutors.ScopeAsync(fixture.App, tutor);
        var portal = scope.ServiceProvider.GetRequiredService<PortalInvoices>();
        Assert.True((await portal.GetAsync(invoiceId)).CanPayOnline);

        var url = await portal.PayLinkAsync(invoiceId);
        var again = await portal.PayLinkAsync(invoiceId);

        Assert.Contains("/pay/", url, StringComparison.Ordinal);
        Assert.Equal(url, again);
        var token = TokenOf(url);
        var links = scope.ServiceProvider.GetRequiredService<PaymentLinks>();
        var open = (await links.OpenCheckoutAsync(token))!;
        Assert.Equal((invoiceId, 100m), (open.InvoiceId, open.Balance));
        Assert.Equal(1, await LinksOfAsync("aurora", invoiceId));

        using var http = new Http(fixture.BaseUrl);
        var checkout = await PayPageTests.PostPayAsync(http, "aurora", token);
        Assert.Equal(HttpStatusCode.SeeOther, checkout.StatusCode);
        var request = Assert.Single(fixture.Stripe.RequestsFor(invoiceId));
        Assert.Equal("10000", request.Form["line_items[0][price_data][unit_amount]"]);

        var aurora = await fixture.App.HospitalAsync("aurora");
        var payload = StripeFixture.CheckoutEvent($"evt_test_{Guid.NewGuid():N}", aurora, invoiceId, 10000);
        Assert.Equal(HttpStatusCode.OK, (await fixture.PostWebhookAsync("aurora", payload, StripeFixture.Sign(payload, StripeFixture.WebhookSecret("aurora")))).StatusCode);

        var paid = await portal.GetAsync(invoiceId);
        Assert.Equal((InvoiceStatus.Paid, 0m, false), (paid.Status, paid.Balance, paid.CanPayOnline));
        Assert.Contains(paid.Payments, p => p.Method == PaymentMethod.Online && p.Amount == 100m);
        Assert.Null((await portal.BalanceAsync())!.SingleOpenInvoiceId);
        var nothingLeft = await Assert.ThrowsAsync<DomainRuleException>(() => portal.PayLinkAsync(invoiceId));
        Assert.Equal("Payments.Error.NothingToPay", nothingLeft.Message);
    }

    [Fact]
    public async Task The_pay_page_leads_a_signed_in_tutor_back_to_their_invoices_and_no_one_else()
    {
        var tutor = await PortalTutors.CreateAsync(fixture.App, "aurora");
        var (invoiceId, _) = await PortalData.InvoiceAsync(fixture.App, "aurora", tutor.TutorId, tutor.PetId, 70m);
        string token;
        await using (var scope = await PortalTutors.ScopeAsync(fixture.App, tutor))
        {
            token = TokenOf(await scope.ServiceProvider.GetRequiredService<PortalInvoices>().PayLinkAsync(invoiceId));
        }

        using var anonymous = new Http(fixture.BaseUrl);
        using var signedIn = new Http(fixture.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await signedIn.SignInAsync("aurora", tutor.Email, TestUsers.Password)).StatusCode);

        var asTutor = await (await signedIn.GetAsync($"aurora/pay/{token}")).Content.ReadAsStringAsync();
        var asAnyone = await (await anonymous.GetAsync($"aurora/pay/{token}")).Content.ReadAsStringAsync();

        Assert.Contains("data-testid=\"pay-portal\"", asTutor, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"pay-form\"", asTutor, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"pay-portal\"", asAnyone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_tutors_invoice_cannot_be_paid_from_the_portal_and_gets_no_link()
    {
        var tutor = await PortalTutors.CreateAsync(fixture.App, "aurora");
        var other = await PortalTutors.CreateAsync(fixture.App, "aurora");
        var (theirs, _) = await PortalData.InvoiceAsync(fixture.App, "aurora", other.TutorId, other.PetId, 50m);
        await using var scope = await PortalTutors.ScopeAsync(fixture.App, tutor);

        await Assert.ThrowsAsync<PortalNotFoundException>(() => scope.ServiceProvider.GetRequiredService<PortalInvoices>().PayLinkAsync(theirs));
        // Payments itself answers only for the tutor's own invoice, and only to a tutor's account.
        var links = scope.ServiceProvider.GetRequiredService<PaymentLinks>();
        Assert.Null(await links.CreateOrGetForTutorAsync(theirs, tutor.TutorId));
        await using (var staff = await Desk.AsAsync(fixture.App, "aurora"))
        {
            var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => staff.Services.GetRequiredService<PaymentLinks>().CreateOrGetForTutorAsync(theirs, other.TutorId));
            Assert.Equal("Common.Error.NotAllowed", refusal.Message);
        }

        Assert.Equal(0, await LinksOfAsync("aurora", theirs));
    }

    [Fact]
    public async Task Without_online_payments_the_portal_offers_no_pay_button_and_makes_no_link()
    {
        var tutor = await PortalTutors.CreateAsync(fixture.App, StripeFixture.NoStripe);
        var (invoiceId, _) = await PortalData.InvoiceAsync(fixture.App, StripeFixture.NoStripe, tutor.TutorId, tutor.PetId, 50m);
        await using var scope = await PortalTutors.ScopeAsync(fixture.App, tutor);
        var portal = scope.ServiceProvider.GetRequiredService<PortalInvoices>();

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => portal.PayLinkAsync(invoiceId));

        Assert.Equal("Payments.Error.OnlineUnavailable", refusal.Message);
        Assert.False((await portal.GetAsync(invoiceId)).CanPayOnline);
        Assert.False((await portal.BalanceAsync())!.CanPayOnline);
        Assert.Equal(0, await LinksOfAsync(StripeFixture.NoStripe, invoiceId));
    }
}
