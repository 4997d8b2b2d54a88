using Bunit;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ClinicApp.Tests.Components.Invoices;

[Collection(AppCollection.Name)]
public sealed class InvoicePageTests(AppFixture fixture) : ComponentTestContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private Desk _viewer = default!;
    private Desk _colleague = default!;

    public async Task InitializeAsync()
    {
        _viewer = await Desk.AsAsync(fixture.App, "aurora", Roles.Receptionist);
        _colleague = await Desk.AsAsync(fixture.App, "aurora", Roles.Receptionist);
        // The page's services, its live updates included, are the viewer's circuit's.
        Services.AddFallbackServiceProvider(_viewer.Services);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _colleague.DisposeAsync();
        await _viewer.DisposeAsync();
    }

    [Fact]
    public async Task A_payment_a_colleague_takes_in_english_shows_on_a_portuguese_invoice_in_portuguese()
    {
        var invoices = _viewer.Services.GetRequiredService<InvoiceService>();
        var pet = await _viewer.NewPetAsync();
        var id = await invoices.CreateAsync((await _viewer.Pets.GetAsync(pet))!.Tutor.Id, pet);
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
            await _colleague.Services.GetRequiredService<InvoiceService>().RegisterPaymentAsync(id, PaymentMethod.Cash, 180m, null);
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
