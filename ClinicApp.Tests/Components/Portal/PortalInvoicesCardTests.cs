using Bunit;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Payments;
using ClinicApp.Features.Portal;
using ClinicApp.Tests.Integration.Portal;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.Portal;

[Collection(AppCollection.Name)]
public sealed class PortalInvoicesCardTests(AppFixture fixture) : PortalComponentTestContext(fixture)
{
    [Fact]
    public async Task Nothing_owed_shows_no_card()
    {
        await PortalData.InvoiceAsync(App, "aurora", Tutor.TutorId, Tutor.PetId, 80m, paid: 80m);
        using var _ = new CultureScope("pt-BR");

        var cut = Render<PortalInvoicesCard>(p => p.Add(x => x.Slot, new PortalHomeCards()));

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=portal-balance-card]")), Wait);
        Assert.Equal("", cut.Markup.Trim());
    }

    [Fact]
    public async Task An_open_balance_shows_the_amount_and_the_card_goes_when_the_desk_takes_the_payment()
    {
        var (id, _) = await PortalData.InvoiceAsync(App, "aurora", Tutor.TutorId, Tutor.PetId, 150m, paid: 25m);
        using var _ = new CultureScope("pt-BR");

        var cut = Render<PortalInvoicesCard>(p => p.Add(x => x.Slot, new PortalHomeCards()));

        cut.WaitForAssertion(() => Assert.Matches(@"R\$\s125,00", cut.Find("[data-testid=portal-balance-amount]").TextContent), Wait);
        Assert.Contains("1 fatura(s) em aberto", cut.Markup, StringComparison.Ordinal);
        // One open invoice: "pay now" goes straight to it, or, without online payments, the card says
        // where to pay instead of offering a dead button.
        var online = await Services.GetRequiredService<PaymentLinks>().CanTakeOnlinePaymentsAsync();
        Assert.Equal(online, cut.FindAll("[data-testid=portal-balance-pay]").Count == 1);
        Assert.Equal(!online, cut.FindAll("[data-testid=portal-balance-desk]").Count == 1);

        await using (var desk = await Desk.AsAsync(App, "aurora", Roles.Receptionist))
        {
            await desk.Services.GetRequiredService<InvoiceService>().RegisterPaymentAsync(id, PaymentMethod.Cash, 125m, null);
        }

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=portal-balance-card]")), Wait);
    }

    [Fact]
    public async Task The_invoice_page_of_another_tutor_is_not_found_and_ones_own_shows_its_items()
    {
        var other = await PortalTutors.CreateAsync(App, "aurora");
        var (theirs, _) = await PortalData.InvoiceAsync(App, "aurora", other.TutorId, other.PetId, 40m, item: "Banho e tosa");
        var (mine, _) = await PortalData.InvoiceAsync(App, "aurora", Tutor.TutorId, Tutor.PetId, 90m, item: "Consulta de retorno");
        using var _ = new CultureScope("pt-BR");

        var foreign = Render<PortalInvoicePage>(p => p.Add(x => x.Id, theirs));
        var own = Render<PortalInvoicePage>(p => p.Add(x => x.Id, mine));

        foreign.WaitForAssertion(() => Assert.NotEmpty(foreign.FindAll("[data-testid=portal-not-found]")), Wait);
        Assert.DoesNotContain("Banho e tosa", foreign.Markup, StringComparison.Ordinal);
        own.WaitForAssertion(() => Assert.Contains("Consulta de retorno", own.Find("[data-testid=portal-invoice-items]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Matches(@"R\$\s90,00", own.Find("[data-testid=portal-invoice-balance]").TextContent);
    }
}
