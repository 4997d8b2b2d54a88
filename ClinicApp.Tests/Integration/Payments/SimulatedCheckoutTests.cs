using System.Net;
using System.Text.RegularExpressions;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Payments;
using ClinicApp.Tests.Integration.Security;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Payments;

/// <summary>Development: the demo hospitals take online payments through a clearly labelled simulated
/// checkout that goes through the real webhook. Production: that page does not exist.</summary>
[Collection(AppCollection.Name)]
public sealed partial class SimulatedCheckoutTests(AppFixture fixture)
{
    private static async Task<(Guid InvoiceId, string Token)> InvoiceWithLinkAsync(ClinicAppFactory app, decimal price)
    {
        await using var desk = await Desk.AsAsync(app, "aurora", Roles.Receptionist);
        var invoices = desk.Services.GetRequiredService<InvoiceService>();
        var pet = await desk.NewPetAsync();
        var tutor = (await desk.Pets.GetAsync(pet))!.Tutor.Id;
        var id = await invoices.CreateAsync(tutor, pet);
        await invoices.AddItemAsync(id, "Consulta", ChargeKind.Consultation, 1, price);
        var url = await desk.Services.GetRequiredService<PaymentLinks>().CreateOrGetAsync(id);
        return (id, url[(url.LastIndexOf('/') + 1)..]);
    }

    private static Task<HttpResponseMessage> PostFormAsync(Http http, string page, string path) =>
        http.PostFormAsync(path, page, formName: null);

    [Fact]
    public async Task A_demo_hospital_in_development_takes_a_simulated_payment_end_to_end_through_the_webhook()
    {
        var (invoiceId, token) = await InvoiceWithLinkAsync(fixture.App, 87.50m);
        using var http = new Http(fixture.BaseUrl);

        var checkout = await PayPageTests.PostPayAsync(http, "aurora", token);
        Assert.Equal(HttpStatusCode.SeeOther, checkout.StatusCode);
        Assert.EndsWith($"/aurora/pay/{token}/simulated", checkout.Headers.Location!.ToString(), StringComparison.Ordinal);

        var simulated = await http.GetAsync($"aurora/pay/{token}/simulated");
        var page = await simulated.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, simulated.StatusCode);
        Assert.Contains("data-testid=\"pay-simulated-banner\"", page, StringComparison.Ordinal);

        var paid = await PostFormAsync(http, page, $"aurora/pay/{token}/simulated");
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        Assert.EndsWith($"/aurora/pay/{token}/success", paid.Headers.Location!.ToString(), StringComparison.Ordinal);

        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Receptionist);
        var invoice = (await desk.Services.GetRequiredService<InvoiceService>().GetAsync(invoiceId))!.Invoice;
        Assert.Equal(0m, invoice.Balance);
        Assert.Equal(PaymentMethod.Online, Assert.Single(invoice.Payments).Method);
    }

    [Fact]
    public async Task The_simulated_checkout_refuses_a_link_whose_checkout_was_not_started()
    {
        var (_, token) = await InvoiceWithLinkAsync(fixture.App, 40m);
        using var http = new Http(fixture.BaseUrl);
        var page = await (await http.GetAsync($"aurora/pay/{token}/simulated")).Content.ReadAsStringAsync();

        var paid = await PostFormAsync(http, page, $"aurora/pay/{token}/simulated");

        Assert.EndsWith("?problem=failed", paid.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_production_the_simulated_checkout_does_not_exist()
    {
        // Production refuses to start without a key-encryption key: the shared Production test app has one.
        await using var production = new ProductionAppFactory(new Dictionary<string, string?>());
        var (invoiceId, token) = await InvoiceWithLinkAsync(production, 50m);
        using var http = new Http(production.BaseUrl);

        var get = await http.GetAsync($"aurora/pay/{token}/simulated");
        using var empty = new FormUrlEncodedContent(new Dictionary<string, string>());
        var post = await http.Client.PostAsync($"aurora/pay/{token}/simulated", empty);
        var stillThere = await http.GetAsync($"aurora/pay/{token}");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        // An unmapped POST is a plain 404 (issue 11 #14), and it completes no payment.
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        await using (var desk = await Desk.AsAsync(production, "aurora", Roles.Receptionist))
        {
            Assert.Equal(50m, (await desk.Services.GetRequiredService<InvoiceService>().GetAsync(invoiceId))!.Invoice.Balance);
        }

        Assert.False(new SimulatedCheckout(production.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>()).Handles(SimulatedCheckout.SecretKey));
    }

}
