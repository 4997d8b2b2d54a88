using Bunit;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Messaging;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Integration.Messaging;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ClinicApp.Tests.Components.Messaging;

/// <summary>The Twilio card of the integrations page: refuses a bad SID in the admin's language, saves an
/// account without ever showing the token back, and queues a test message saying where it goes.</summary>
public sealed class TwilioSettingsCardTests(WhatsAppAppFixture fixture) : ComponentTestContext, IClassFixture<WhatsAppAppFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private Desk? _desk;

    public async Task InitializeAsync()
    {
        _desk = await Desk.AsAsync(fixture.App, await fixture.NewHospitalAsync(), Roles.Admin);
        Services.AddFallbackServiceProvider(_desk.Services);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_desk is not null)
        {
            await _desk.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_bad_sid_is_refused_in_portuguese_then_a_good_account_is_saved_and_its_token_not_shown()
    {
        using var _ = new CultureScope("pt-BR");
        Render<MudPopoverProvider>();
        var snackbars = Render<MudSnackbarProvider>();
        var cut = Render<TwilioSettingsCard>();
        cut.WaitForElement("[data-testid=twilio-settings]", Wait);
        Assert.Contains("Não configurado", cut.Find("[data-testid=twilio-state]").TextContent, StringComparison.OrdinalIgnoreCase);

        cut.Find("input[data-testid=twilio-sid]").Change("AC123");
        cut.Find("[data-testid=twilio-save]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Account SID é \"AC\" seguido de 32", cut.Find("[data-testid=twilio-error]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Null((await _desk!.Services.GetRequiredService<TwilioAccounts>().SettingsAsync()).TwilioAccountSid);

        var sid = "AC" + Guid.NewGuid().ToString("N");
        cut.Find("input[data-testid=twilio-sid]").Change(sid);
        cut.Find("input[data-testid=twilio-token]").Change("0123456789abcdef0123456789abcdef");
        cut.Find("input[data-testid=twilio-from]").Change("whatsapp:+5511912345678");
        cut.Find("[data-testid=twilio-save]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=twilio-error]")), Wait);
        cut.WaitForAssertion(() => Assert.Contains("Configurado", cut.Find("[data-testid=twilio-state]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal("", cut.Find("input[data-testid=twilio-token]").GetAttribute("value") ?? "");
        Assert.Contains("deixe em branco para mantê-lo", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef0123456789abcdef", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(sid, (await _desk.Services.GetRequiredService<TwilioAccounts>().CurrentAsync())!.AccountSid);
        snackbars.WaitForAssertion(() => Assert.NotEmpty(snackbars.Markup), Wait);
    }

    [Fact]
    public async Task Send_a_test_message_queues_it_to_the_typed_mobile_and_says_so()
    {
        using var _ = new CultureScope("pt-BR");
        Render<MudPopoverProvider>();
        var snackbars = Render<MudSnackbarProvider>();
        var cut = Render<TwilioSettingsCard>();
        cut.WaitForElement("[data-testid=twilio-settings]", Wait);

        cut.Find("input[data-testid=twilio-test-mobile]").Change("(11) 98765-4321");
        cut.Find("[data-testid=twilio-test-send]").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("Mensagem de teste enfileirada para whatsapp:+5511987654321", snackbars.Markup, StringComparison.Ordinal), Wait);
        await using var db = await _desk!.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var row = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Kind == "Test");
        Assert.Equal((OutboxChannel.WhatsApp, "whatsapp:+5511987654321"), (row.Channel, row.To));
        Assert.StartsWith("Mensagem de teste do ", row.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_outbox_page_shows_a_whatsapp_message_s_text_delivery_and_provider_code()
    {
        await using (var db = await _desk!.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            var refused = WhatsAppOutbox.Add(db, new WhatsAppDraft(Guid.NewGuid(), "whatsapp:+5511987650000", ClinicApp.Data.Messaging.MessageKind.Manual,
                new RenderedMessage("Olá, Caio! Número recusado pela Twilio.", null, null)));
            refused.FailPermanently("Twilio error 21211 (400): invalid 'To'", "21211");
            await db.SaveChangesAsync();
        }

        using var _ = new CultureScope("pt-BR");
        Render<MudPopoverProvider>();
        var cut = Render<ClinicApp.Features.Settings.OutboxPage>();

        cut.WaitForAssertion(() => Assert.Contains("Olá, Caio! Número recusado pela Twilio.", cut.Find("[data-testid=outbox-subject]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains("Código de erro do provedor 21211", cut.Find("[data-testid=outbox-code]").TextContent, StringComparison.Ordinal);
        Assert.Contains("WhatsApp", cut.Find("[data-testid=outbox-table]").TextContent, StringComparison.Ordinal);
    }
}
