using System.Text.RegularExpressions;
using ClinicApp.Data.Billing;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Invoices;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Payments;

/// <summary>What a new user tries in Development: the desk sends a payment link, the tutor pays it on
/// the simulated checkout (labelled as such), and the invoice shows it paid — no Stripe account needed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SimulatedPayFlowTests(BrowserFixture fixture)
{
    private readonly FrontDeskData _data = new(fixture.App);

    [Fact]
    public async Task The_desk_sends_a_link_the_tutor_pays_it_on_the_simulated_checkout_and_the_invoice_is_paid()
    {
        var (tutorId, petId, _) = await _data.TutorWithPetAsync($"Lia Prado {Guid.NewGuid():N}"[..15], "Tobias", Species.Dog);
        Guid invoiceId;
        await using (var scope = await _data.ScopeAsync())
        {
            var invoices = scope.ServiceProvider.GetRequiredService<InvoiceService>();
            invoiceId = await invoices.CreateAsync(tutorId, petId);
            await invoices.AddItemAsync(invoiceId, "Consulta clínica", ChargeKind.Consultation, 1, 180m);
        }

        var desk = await fixture.NewPageAsync();
        await desk.SignInAsync("aurora", "reception@aurora.vet");
        await desk.GotoAsync($"aurora/invoices/{invoiceId}");
        await desk.WaitForLiveAsync();
        await desk.ClickAsync("[data-testid=payment-link-button]");
        var url = await desk.Locator("[data-testid=payment-link-url]").InputValueAsync();

        var tutor = await fixture.NewPageAsync();
        await tutor.GotoAsync(url);
        await tutor.ClickAsync("[data-testid=pay-submit]");
        await Expect(tutor).ToHaveURLAsync(new Regex("/aurora/pay/[A-Za-z0-9_-]{43}/simulated$"));
        await Expect(tutor.Locator("[data-testid=pay-simulated-banner]")).ToContainTextAsync("PAGAMENTO SIMULADO");
        await tutor.ScreenshotAsync("pay-simulated-checkout");
        await tutor.ClickAsync("[data-testid=pay-simulated-submit]");
        await Expect(tutor.Locator("[data-testid=pay-confirming]")).ToContainTextAsync("Pagamento recebido");
        await tutor.Context.CloseAsync();

        await desk.ReloadAsync();
        await Expect(desk.Locator("[data-testid=invoice-status]")).ToHaveTextAsync("Paga");
        await desk.Context.CloseAsync();
    }
}
