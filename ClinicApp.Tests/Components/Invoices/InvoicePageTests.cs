using Bunit;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ClinicApp.Tests.Components.Invoices;

[Collection(AppCollection.Name)]
public sealed class InvoicePageTests(AppFixture fixture) : LiveComponentTestContext(fixture, Roles.Receptionist, Roles.Receptionist)
{
    [Fact]
    public async Task A_payment_aColleague_takes_in_english_shows_on_a_portuguese_invoice_in_portuguese()
    {
        var invoices = Viewer.Services.GetRequiredService<InvoiceService>();
        var pet = await Viewer.NewPetAsync();
        var id = await invoices.CreateAsync((await Viewer.Pets.GetAsync(pet))!.Tutor.Id, pet);
        await invoices.AddItemAsync(id, "Consulta", ChargeKind.Consultation, 1, 180m);
        IRenderedComponent<InvoicePage> cut;
        using (new CultureScope("pt-BR"))
        {
            Render<MudPopoverProvider>();
            cut = Render<InvoicePage>(p => p.Add(x => x.Id, id));
            cut.WaitForAssertion(() => Assert.Equal("Em aberto", cut.Find("[data-testid=invoice-status]").TextContent.Trim()), Wait);
        }

        await Task.Run(async () =>
        {
            using var _ = new CultureScope("en");
            await Colleague.Services.GetRequiredService<InvoiceService>().RegisterPaymentAsync(id, PaymentMethod.Cash, 180m, null);
        });

        cut.WaitForAssertion(() => Assert.Equal("Paga", cut.Find("[data-testid=invoice-status]").TextContent.Trim()), Wait);
        var markup = cut.Markup;
        Assert.Contains("Dinheiro", markup, StringComparison.Ordinal);
        Assert.Contains("Saldo em aberto", markup, StringComparison.Ordinal);
        Assert.Contains("Faturas", cut.FindComponent<MudBreadcrumbs>().Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Cash", markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Open balance", markup, StringComparison.Ordinal);
    }
}
