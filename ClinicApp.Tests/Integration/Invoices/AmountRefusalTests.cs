using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicApp.Tests.Support.Desk;

namespace ClinicApp.Tests.Integration.Invoices;

/// <summary>Money and quantities that are not exactly what a person can mean are refused by the
/// services themselves (whatever the form sends), and nothing is written: no payment, no receipt, no
/// changed line.</summary>
[Collection(AppCollection.Name)]
public sealed class AmountRefusalTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Theory]
    [InlineData(-10)]
    [InlineData(0)]
    [InlineData(10.005)]
    [InlineData(0.001)]
    [InlineData(1_000_000.01)]
    public async Task A_desk_payment_that_is_not_a_positive_amount_in_centavos_is_refused_and_nothing_is_written(double amount)
    {
        await using var desk = await AsAsync(_app, "aurora");
        var invoices = desk.Services.GetRequiredService<InvoiceService>();
        var id = await OpenInvoiceAsync(desk, invoices, 1_000_001m);

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => invoices.RegisterPaymentAsync(id, PaymentMethod.Cash, (decimal)amount, null));

        Assert.Equal("Invoices.Error.Amount", refusal.Message);
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        Assert.False(await db.Payments.AnyAsync(p => p.InvoiceId == id));
        // No payment, so nothing for a receipt to be sent about.
        Assert.Equal(1_000_001m, (await db.Invoices.SingleAsync(i => i.Id == id)).Balance);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0.005)]
    [InlineData(1_000_000.01)]
    public async Task A_discount_that_is_not_money_is_refused_and_the_invoice_keeps_its_totals(double discount)
    {
        await using var desk = await AsAsync(_app, "aurora");
        var invoices = desk.Services.GetRequiredService<InvoiceService>();
        var id = await OpenInvoiceAsync(desk, invoices, 1_000_001m);

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => invoices.SetDiscountAsync(id, (decimal)discount));

        Assert.Equal("Invoices.Error.Discount", refusal.Message);
        var invoice = (await invoices.GetAsync(id))!.Invoice;
        Assert.Equal((0m, 1_000_001m), (invoice.Discount, invoice.Total));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(-2, 10)]
    [InlineData(0.0001, 10)]
    [InlineData(10_001, 10)]
    public async Task A_charge_quantity_out_of_bounds_is_refused_and_no_line_is_added(double quantity, double price)
    {
        await using var desk = await AsAsync(_app, "aurora");
        var invoices = desk.Services.GetRequiredService<InvoiceService>();
        var id = await OpenInvoiceAsync(desk, invoices, 10m);

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => invoices.AddItemAsync(id, "Seringa", ChargeKind.Product, (decimal)quantity, (decimal)price));

        Assert.Equal("Invoices.Error.Quantity", refusal.Message);
        Assert.Single((await invoices.GetAsync(id))!.Invoice.Items);
    }

    [Theory]
    [InlineData(-10)]
    [InlineData(10.005)]
    [InlineData(1_000_000.01)]
    public async Task A_price_list_price_that_is_not_money_is_refused_and_nothing_is_saved(double price)
    {
        await using var desk = await AsAsync(_app, "aurora", Roles.Admin);
        var invoices = desk.Services.GetRequiredService<InvoiceService>();
        var name = $"Banho {Guid.NewGuid():N}";

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => invoices.SavePriceAsync(null, name, ChargeKind.Service, (decimal)price, true, null));

        Assert.Equal("Invoices.Error.Price", refusal.Message);
        Assert.DoesNotContain(await invoices.PriceListAsync(includeInactive: true), p => p.Name == name);
    }

    [Fact]
    public async Task A_line_whose_total_would_exceed_the_money_maximum_is_refused()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var invoices = desk.Services.GetRequiredService<InvoiceService>();
        var id = await OpenInvoiceAsync(desk, invoices, 10m);

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => invoices.AddItemAsync(id, "Pacote", ChargeKind.Product, 10_000m, 1_000_000m));

        Assert.Equal("Invoices.Error.Price", refusal.Message);
        Assert.Single((await invoices.GetAsync(id))!.Invoice.Items);
    }

    private static async Task<Guid> OpenInvoiceAsync(Desk desk, InvoiceService invoices, decimal total)
    {
        var pet = await desk.NewPetAsync();
        var id = await invoices.CreateAsync((await desk.Pets.GetAsync(pet))!.Tutor.Id, pet);
        // Two lines when the total is above one line's maximum.
        var first = Math.Min(total, Amounts.MaxMoney);
        await invoices.AddItemAsync(id, "Cirurgia", ChargeKind.Service, 1, first);
        if (total > first)
        {
            await invoices.AddItemAsync(id, "Curativo", ChargeKind.Service, 1, total - first);
        }

        return id;
    }
}
