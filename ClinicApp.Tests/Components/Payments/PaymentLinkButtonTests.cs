using Bunit;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Payments;
using ClinicApp.Features.Tutors;
using ClinicApp.Tests.Fakes;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ClinicApp.Tests.Components.Payments;

/// <summary>The invoice page's payment-link button: offered only where a tutor can actually pay, and
/// its dialog says truthfully where the e-mail stands, naming the address.</summary>
[Collection(StripeCollection.Name)]
public sealed class PaymentLinkButtonTests(StripeFixture fixture) : ComponentTestContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private Desk? _desk;

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_desk is not null)
        {
            await _desk.DisposeAsync();
        }
    }

    private async Task<Guid> InvoiceAsync(string slug, string? email)
    {
        _desk = await Desk.AsAsync(fixture.App, slug, Roles.Receptionist);
        Services.AddFallbackServiceProvider(_desk.Services);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var tutor = await _desk.Tutors.SaveAsync(null, new TutorInput { Name = $"Tutor {Guid.NewGuid():N}"[..20], Cpf = Desk.NewCpf(), Email = email });
        var pet = await _desk.NewPetAsync(tutor);
        var invoices = _desk.Services.GetRequiredService<InvoiceService>();
        var id = await invoices.CreateAsync(tutor, pet);
        await invoices.AddItemAsync(id, "Consulta", ChargeKind.Consultation, 1, 120m);
        return id;
    }

    [Fact]
    public async Task A_hospital_without_online_payment_is_not_offered_the_link()
    {
        var id = await InvoiceAsync(StripeFixture.NoStripe, "sem@mail.test");

        var cut = Render<PaymentLinkButton>(p => p.Add(x => x.Slot, new PayableInvoiceActions(id)));

        // Nothing is shown until the hospital's account was read, and nothing after it either.
        Assert.Empty(cut.FindAll("[data-testid=payment-link-button]"));
        var refused = await Refusals.CaptureAsync(_desk!.Services.GetRequiredService<PaymentLinks>().SendPaymentLinkAsync(id));
        Assert.Equal("Payments.Error.OnlineUnavailable", refused?.Message);
        Assert.Empty(cut.FindAll("[data-testid=payment-link-button]"));
    }

    [Fact]
    public async Task A_hospital_with_online_payment_offers_the_link_and_names_the_address_the_email_is_for()
    {
        var email = $"tutor-{Guid.NewGuid():N}"[..20] + "@mail.test";
        var id = await InvoiceAsync("aurora", email);
        using var _ = new CultureScope("pt-BR");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();

        var cut = Render<PaymentLinkButton>(p => p.Add(x => x.Slot, new PayableInvoiceActions(id)));
        cut.WaitForElement("[data-testid=payment-link-button]", Wait).Click();

        // No e-mail server in the tests: the message is kept, and the dialog says so instead of "sent".
        dialogs.WaitForAssertion(() =>
        {
            var text = dialogs.Find("[data-testid=payment-link-emailed]").TextContent;
            Assert.Contains(email, text, StringComparison.Ordinal);
            Assert.Contains("não enviada", text, StringComparison.Ordinal);
            Assert.DoesNotContain("para .", text, StringComparison.Ordinal);
        }, Wait);
    }
}
