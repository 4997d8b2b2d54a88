using ClinicApp.Data.Messaging;
using ClinicApp.Features.Messaging;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicApp.Tests.Support.Desk;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Conversations;

/// <summary>Reception at the messages page and the agenda's reminder states, in Chromium and pt-BR.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MessagesFlowTests(BrowserFixture fixture)
{
    private static readonly string[] QueuedOrTaken = ["Scheduled", "Kept", "Sent"];

    [Fact]
    public async Task Reception_finds_a_tutor_with_a_failed_message_resends_it_and_sees_the_copy_queued()
    {
        await using var desk = await AsAsync(fixture.App, "aurora");
        var name = $"Helena Reenvio {Guid.NewGuid():N}"[..22];
        var tutor = await desk.NewReachableTutorAsync(name);
        var now = desk.Time.UtcNow;
        await desk.NewOutboundAsync(tutor, "read", at: now.AddHours(-26), body: "Olá Helena! Lembrete: Thor tem consulta amanhã às 10:00. Responda 1 para confirmar ou 2 para cancelar.");
        await desk.NewInboundAsync(tutor, "Posso levar ele às 11?", now.AddHours(-3));
        var failed = await desk.NewOutboundAsync(tutor, "failed", at: now.AddHours(-2), code: "63016",
            body: "Olá Helena! Lembrete: Thor tem consulta hoje às 15:00. Responda 1 para confirmar ou 2 para cancelar.");

        var page = await fixture.NewPageAsync();
        await page.SignInAsync("aurora", "reception@aurora.vet");
        await page.GotoAsync("aurora/messages");
        await page.WaitForLiveAsync();
        await page.Locator("[data-testid=conversation-search]").FillAsync(name);
        var item = page.Locator($"[data-testid=conversation][data-tutor='{tutor}']");
        // The newest conversation is listed before the search too: wait for the debounced search (300 ms) to have
        // replaced the list, or the click can land on a row about to be replaced (seen in CI: nothing opened).
        await Expect(page.Locator("[data-testid=conversation]")).ToHaveCountAsync(1);
        await Expect(item).ToContainTextAsync("1");
        await item.ClickAsync();

        await Expect(page.Locator("[data-testid=conversation-tutor]")).ToHaveTextAsync(name);
        var failedBubble = page.Locator($"[data-testid=message][data-id='{failed}']");
        await Expect(failedBubble.Locator("[data-testid=message-state]")).ToContainTextAsync("Falhou (erro 63016)");
        await Expect(page.Locator("[data-testid=reply-window]")).ToContainTextAsync("janela de 24 horas");
        await page.ScreenshotAsync("messages-failed");
        await failedBubble.Locator("[data-testid=message-resend]").ClickAsync();

        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("nova cópia");
        await Expect(failedBubble.Locator("[data-testid=message-resent]")).ToHaveTextAsync("Reenviada");
        await Expect(page.Locator("[data-testid=message][data-direction=Outbound]")).ToHaveCountAsync(3);
        var copy = page.Locator("[data-testid=message][data-direction=Outbound]").Last;
        await Expect(copy).ToContainTextAsync("hoje às 15:00");
        await page.ScreenshotAsync("messages-resent");
        // The copy is queued, or already taken by the dispatcher (kept in Development): never failed again by itself here.
        Assert.Contains(await copy.GetAttributeAsync("data-state"), QueuedOrTaken);
        await Expect(page.Locator("[data-testid=conversation-unread]")).ToHaveCountAsync(0);

        // The tutor page shows the same conversation, read-only, with the way back to the messages page.
        await page.GotoAsync($"aurora/tutors/{tutor}");
        await page.WaitForLiveAsync();
        var section = page.Locator("[data-testid=tutor-messages]");
        await Expect(section.Locator("[data-testid=message]")).ToHaveCountAsync(4);
        await Expect(section.Locator("[data-testid=message-resend]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=tutor-open-messages]")).ToHaveAttributeAsync("href", $"messages?tutor={tutor}");
        await section.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync("tutor-messages");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_agenda_shows_each_reminder_state_and_follows_a_delivery_report_without_reload()
    {
        await using var desk = await AsAsync(fixture.App, "aurora");
        var vet = await desk.NewVetAsync();
        var start = desk.FutureSlot(weeksAhead: 9, hour: 9);
        var tutor = await desk.NewReachableTutorAsync($"Marcos Lembrete {Guid.NewGuid():N}"[..22]);
        var read = await desk.Agenda.BookAsync(Booking(await desk.NewPetAsync(tutor, "Thor"), vet, start));
        var failed = await desk.Agenda.BookAsync(Booking(await desk.NewPetAsync(tutor, "Luna"), vet, start.AddHours(1)));
        var waiting = await desk.Agenda.BookAsync(Booking(await desk.NewPetAsync(tutor, "Mel"), vet, start.AddHours(2)));
        var unreachable = await desk.Agenda.BookAsync(Booking(await desk.NewPetAsync(await desk.NewTutorAsync(), "Bob"), vet, start.AddHours(3)));
        await desk.NewOutboundAsync(tutor, "read", read);
        await desk.NewOutboundAsync(tutor, "failed", failed, code: "63016");
        var pending = await desk.NewOutboundAsync(tutor, "pending", waiting);

        var page = await fixture.NewPageAsync();
        await page.SignInAsync("aurora", "reception@aurora.vet");
        await page.GotoAsync($"aurora/agenda?date={start:yyyy-MM-dd}");
        await page.WaitForLiveAsync();
        Task<string?> State(Guid id) => page.Locator($"[data-testid=appointment][data-id='{id}'] [data-testid=appointment-mark]").GetAttributeAsync("data-state");
        await Expect(page.Locator($"[data-testid=appointment][data-id='{read}'] [data-testid=appointment-mark]")).ToHaveAttributeAsync("title", "Lembrete lido");
        Assert.Equal(("Failed", "Scheduled", "NotReached"), (await State(failed), await State(waiting), await State(unreachable)));
        await page.Locator($"[data-testid=appointment][data-id='{read}']").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync("agenda-reminder-states");

        // The status callback's work, as the webhook does it: the waiting reminder left and was read.
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            var message = await db.OutboxMessages.SingleAsync(m => m.Id == pending);
            message.MarkSent("SMe2e", desk.Time.UtcNow);
            message.RecordDelivery(DeliveryStatus.Read, null, desk.Time.UtcNow);
            await db.SaveChangesAsync();
        }

        await desk.Services.GetRequiredService<HospitalEvents>().PublishAsync(new MessageStatusChanged(pending, tutor, waiting));
        await Expect(page.Locator($"[data-testid=appointment][data-id='{waiting}'] [data-testid=appointment-mark]")).ToHaveAttributeAsync("data-state", "Read");

        await page.Locator($"[data-testid=appointment][data-id='{failed}']").ClickAsync();
        await Expect(page.Locator("[data-testid=appointment-reminder]")).ToContainTextAsync("Falha no lembrete (erro 63016)");
        await Expect(page.Locator("[data-testid=appointment-reminder-open]")).ToHaveAttributeAsync("href", $"messages?tutor={tutor}");
        await page.ScreenshotAsync("agenda-reminder-dialog");
        await page.Context.CloseAsync();
    }
}
