using System.Text.RegularExpressions;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Invoices;

[Collection(BrowserCollection.Name)]
public sealed class InvoiceFlowTests(BrowserFixture fixture)
{
    private readonly FrontDeskData _data = new(fixture.App);

    [Fact]
    public async Task Reception_opens_an_invoice_charges_from_the_price_list_and_takes_a_partial_cash_payment()
    {
        var (_, _, phone) = await _data.TutorWithPetAsync($"Rosa Amaral {Guid.NewGuid():N}"[..17], "Pituca", Species.Cat);
        var page = await fixture.NewPageAsync();
        await page.SignInAsync("aurora", "reception@aurora.vet");
        await page.GotoAsync("aurora/invoices");
        await page.WaitForLiveAsync();
        await Expect(page.Locator("[data-testid=invoices-table] tbody tr").First).ToBeVisibleAsync();

        await page.ClickAsync("[data-testid=invoice-new]");
        var tutor = page.Locator("[data-testid=invoice-tutor]");
        await tutor.ClickAsync();
        await tutor.PressSequentiallyAsync(phone, new() { Delay = 20 });
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Rosa Amaral" }).ClickAsync();
        await Expect(page.Locator("[data-testid=invoice-new-dialog]")).ToContainTextAsync("Pituca");
        await page.ClickAsync("[data-testid=invoice-create]");
        await Expect(page).ToHaveURLAsync(new Regex("/aurora/invoices/[0-9a-f-]{36}$"));
        await Expect(page.Locator("[data-testid=invoice-title]")).ToContainTextAsync("Fatura ");
        await Expect(page.Locator("[data-testid=invoice-status]")).ToHaveTextAsync("Em aberto");

        var price = page.Locator("[data-testid=invoice-price]");
        await price.ClickAsync();
        await price.PressSequentiallyAsync("consulta cl", new() { Delay = 20 });
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Consulta clínica" }).ClickAsync();
        await page.ClickAsync("[data-testid=invoice-add]");
        await Expect(page.Locator("[data-testid=invoice-items]")).ToContainTextAsync("Consulta clínica");
        await Expect(page.Locator("[data-testid=invoice-balance]")).ToHaveTextAsync("R$ 180,00");

        await page.ClickAsync("[data-testid=invoice-pay]");
        await page.Locator("[data-testid=payment-amount]").FillAsync("250");
        await page.ClickAsync("[data-testid=payment-save]");
        await Expect(page.Locator("[data-testid=payment-error]")).ToContainTextAsync("O pagamento é maior que o saldo em aberto (R$ 180,00).");
        await page.Locator("[data-testid=payment-amount]").FillAsync("100");
        await page.ClickAsync("[data-testid=payment-save]");
        await Expect(page.Locator(".mud-snackbar", new() { HasText = "Pagamento registrado." })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=invoice-balance]")).ToHaveTextAsync("R$ 80,00");
        await Expect(page.Locator("[data-testid=invoice-status]")).ToHaveTextAsync("Paga parcialmente");
        await Expect(page.Locator("[data-testid=invoice-payments]")).ToContainTextAsync("Dinheiro");
        await page.ScreenshotAsync("invoice-partly-paid");

        // The link for the rest: this tutor has no email, so the desk copies it; the tutor opens it
        // without signing in and sees what is still open.
        await page.ClickAsync("[data-testid=payment-link-button]");
        await Expect(page.Locator("[data-testid=payment-link-no-email]")).ToBeVisibleAsync();
        var url = await page.Locator("[data-testid=payment-link-url]").InputValueAsync();
        Assert.Matches(@"/aurora/pay/[A-Za-z0-9_-]{43}$", url);
        await page.Context.CloseAsync();

        var tutorsBrowser = await fixture.NewPageAsync();
        await tutorsBrowser.GotoAsync(url);
        await Expect(tutorsBrowser.Locator("[data-testid=hospital-name]")).ToHaveTextAsync("Hospital Veterinário Aurora");
        await Expect(tutorsBrowser.Locator("[data-testid=pay-balance]")).ToHaveTextAsync("R$ 80,00");
        await tutorsBrowser.ScreenshotAsync("pay-link-open-balance");
        await tutorsBrowser.Context.CloseAsync();
    }
}
