using ClinicApp.Data.Billing;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Messaging;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Integration.Replies;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Replies;

[Collection(BrowserCollection.Name)]
public sealed class WhatsAppReplyFlowTests(BrowserFixture fixture)
{
    private const string Token = "auth-token-of-aurora-for-the-browser-test";

    private readonly FrontDeskData _data = new(fixture.App);

    [Fact]
    public async Task A_tutors_1_turns_the_appointment_confirmed_on_the_open_agenda_without_reloading()
    {
        var vet = await _data.VeterinarianAsync();
        var (tutorId, petId, _) = await _data.TutorWithPetAsync("Marina Falcão", "Pipoca", Species.Cat);
        var day = await _data.FutureWorkingDayAsync();
        var appointmentId = await _data.BookAsync(petId, vet.Id, day.ToDateTime(new TimeOnly(10, 0)));
        var phone = await RemindAsync(tutorId, appointmentId);

        var page = await fixture.NewPageAsync();
        await page.SignInAsync(FrontDeskData.Slug, "reception@aurora.vet");
        await page.GotoAsync($"aurora/agenda?date={day:yyyy-MM-dd}");
        await page.WaitForLiveAsync();
        var card = page.Locator($"[data-testid=appointment][data-id='{appointmentId}']");
        await Expect(card).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("agenda-status-scheduled"));

        var previous = await SetTwilioAsync(Token);
        try
        {
            var url = $"{fixture.BaseUrl}/aurora/webhooks/twilio";
            var form = RepliesFixture.Form(RepliesFixture.NewSid(), phone, "1");
            using var client = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add("X-Twilio-Signature", RepliesFixture.Sign(url, form, Token));
            var response = await client.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await RestoreTwilioAsync(previous);
        }

        // The reception's screen was left alone: the confirmation arrives over its circuit.
        await Expect(card).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("agenda-status-confirmed"), new() { Timeout = 5_000 });
        await Expect(card).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("Confirmado"));
        await page.ScreenshotAsync("agenda-confirmed-by-whatsapp");
        await page.Context.CloseAsync();
    }

    /// <summary>Records that the appointment's WhatsApp reminder went out; returns the tutor's phone (E.164).</summary>
    private async Task<string> RemindAsync(Guid tutorId, Guid appointmentId)
    {
        await using var scope = await new TestUsers(fixture.App).ScopeAsync(FrontDeskData.Slug);
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var phone = await db.Tutors.Where(t => t.Id == tutorId).Select(t => t.Phone).SingleAsync();
        var reminder = new OutboxMessage
        {
            Channel = OutboxChannel.WhatsApp,
            To = WhatsAppNumbers.Prefix + phone,
            Subject = "reminder",
            Kind = nameof(MessageKind.AppointmentReminder),
            TutorId = tutorId,
            AppointmentId = appointmentId,
            ReminderKey = $"appointment:{appointmentId}:24h",
        };
        reminder.MarkSent($"SM{Guid.NewGuid():N}", DateTime.UtcNow.AddMinutes(-5));
        db.OutboxMessages.Add(reminder);
        await db.SaveChangesAsync();
        return phone!;
    }

    private sealed record TwilioColumns(bool Existed, string? Sid, string? Token, string? From, string? Service);

    /// <summary>Gives aurora a Twilio account (the signature needs its token); returns what was there, to restore.</summary>
    private async Task<TwilioColumns> SetTwilioAsync(string token)
    {
        await using var scope = await new TestUsers(fixture.App).ScopeAsync(FrontDeskData.Slug);
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var settings = await db.MessagingSettings.FirstOrDefaultAsync();
        var previous = new TwilioColumns(settings is not null, settings?.TwilioAccountSid, settings?.TwilioAuthTokenProtected, settings?.WhatsAppFrom, settings?.MessagingServiceSid);
        if (settings is null)
        {
            settings = new MessagingSettings();
            db.MessagingSettings.Add(settings);
        }

        settings.TwilioAccountSid = "AC" + new string('0', 32);
        settings.TwilioAuthTokenProtected = scope.ServiceProvider.GetRequiredService<TwilioAccounts>().Protector.Protect(token);
        settings.WhatsAppFrom = "whatsapp:+14155238886";
        await db.SaveChangesAsync();
        return previous;
    }

    private async Task RestoreTwilioAsync(TwilioColumns previous)
    {
        await using var scope = await new TestUsers(fixture.App).ScopeAsync(FrontDeskData.Slug);
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var settings = await db.MessagingSettings.SingleAsync();
        if (!previous.Existed)
        {
            db.MessagingSettings.Remove(settings);
        }
        else
        {
            settings.TwilioAccountSid = previous.Sid;
            settings.TwilioAuthTokenProtected = previous.Token;
            settings.WhatsAppFrom = previous.From;
            settings.MessagingServiceSid = previous.Service;
        }

        await db.SaveChangesAsync();
    }
}
