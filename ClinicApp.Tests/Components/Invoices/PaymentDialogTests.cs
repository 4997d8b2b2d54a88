using Bunit;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ClinicApp.Tests.Components.Invoices;

/// <summary>The desk's payment dialog against the real invoice service: what the cashier types is the
/// amount taken, or it is refused with the reason — never clamped to R$ 0,01 or rounded.</summary>
[Collection(AppCollection.Name)]
public sealed class PaymentDialogTests(AppFixture fixture) : LiveComponentTestContext(fixture, Roles.Receptionist, Roles.Receptionist)
{
    [Theory]
    [InlineData("-10")]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("1e308")]
    [InlineData("10.005")]
    [InlineData("10,005")]
    public async Task An_amount_that_is_not_positive_money_shows_the_reason_and_records_no_payment(string typed)
    {
        using var _ = new CultureScope("pt-BR");
        var id = await OpenInvoiceAsync();
        var (provider, dialog) = await OpenAsync(id);

        provider.Find("input[data-testid=payment-amount]").Input(typed);
        provider.Find("[data-testid=payment-save]").Click();

        var error = provider.WaitForElement("[data-testid=payment-error]", Wait);
        Assert.Equal("O valor deve ser maior que zero, com no máximo 2 casas decimais.", error.TextContent.Trim());
        Assert.Equal(typed, provider.Find("input[data-testid=payment-amount]").GetAttribute("value"));
        Assert.False(dialog.Result.IsCompleted);
        await using var db = await Viewer.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        Assert.False(await db.Payments.AnyAsync(p => p.InvoiceId == id));
    }

    [Fact]
    public async Task An_amount_typed_with_a_comma_is_taken_exactly()
    {
        using var _ = new CultureScope("pt-BR");
        var id = await OpenInvoiceAsync();
        var (provider, dialog) = await OpenAsync(id);
        Assert.Equal("180,00", provider.Find("input[data-testid=payment-amount]").GetAttribute("value"));

        provider.Find("input[data-testid=payment-amount]").Input("50,25");
        provider.Find("[data-testid=payment-save]").Click();

        await dialog.Result.WaitAsync(Wait);
        await using var db = await Viewer.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        Assert.Equal(50.25m, (await db.Payments.SingleAsync(p => p.InvoiceId == id)).Amount);
    }

    private async Task<Guid> OpenInvoiceAsync()
    {
        var invoices = Viewer.Services.GetRequiredService<InvoiceService>();
        var pet = await Viewer.NewPetAsync();
        var id = await invoices.CreateAsync((await Viewer.Pets.GetAsync(pet))!.Tutor.Id, pet);
        await invoices.AddItemAsync(id, "Consulta", ChargeKind.Consultation, 1, 180m);
        return id;
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> OpenAsync(Guid invoiceId)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<PaymentDialog> { { d => d.InvoiceId, invoiceId }, { d => d.Balance, 180m } };
        var dialog = await provider.InvokeAsync(() => dialogs.ShowAsync<PaymentDialog>("Pagamento", parameters));
        return (provider, dialog);
    }
}
