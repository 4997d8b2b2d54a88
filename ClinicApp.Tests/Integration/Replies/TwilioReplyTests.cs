using System.Net;
using ClinicApp.Data.Billing;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Agenda;
using ClinicApp.Features.Messaging;
using ClinicApp.Features.Reminders;
using ClinicApp.Features.Replies;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Replies;

/// <summary>POST /{tenant}/webhooks/twilio on the real app: a tutor's WhatsApp answer confirms, cancels,
/// stops the reminders or reaches reception — once, in its own hospital only.</summary>
[Collection(RepliesCollection.Name)]
public sealed class TwilioReplyTests(RepliesFixture fixture)
{
    private static readonly TimeSpan Tomorrow = TimeSpan.FromHours(26);

    [Theory]
    [InlineData("1", null)]
    [InlineData("Sim", null)]
    [InlineData("  CONFIRMO! ", null)]
    [InlineData("confirmar", null)]
    [InlineData(null, "confirm")]
    [InlineData("Pode ser", "CONFIRM")]
    public async Task A_confirming_answer_confirms_the_next_reminded_appointment(string? body, string? payload)
    {
        var reminded = await fixture.RemindedAsync("aurora", Tomorrow);
        var sid = RepliesFixture.NewSid();

        var response = await fixture.PostAsync("aurora", RepliesFixture.Form(sid, reminded.Phone, body, payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<Response/>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(AppointmentStatus.Confirmed, (await fixture.AppointmentAsync("aurora", reminded.AppointmentId)).Status);
        var message = Assert.Single(await fixture.InboundAsync("aurora", sid));
        Assert.Equal(InboundOutcome.Confirmed, message.Outcome);
        Assert.Equal(reminded.TutorId, message.TutorId);
        Assert.Equal(reminded.AppointmentId, message.AppointmentId);
    }

    [Theory]
    [InlineData("2", null)]
    [InlineData("Não", null)]
    [InlineData("NAO", null)]
    [InlineData("não.", null)]
    [InlineData("Cancelar", null)]
    [InlineData("cancela", null)]
    [InlineData(null, "cancel")]
    public async Task A_cancelling_answer_cancels_by_whatsapp_frees_the_slots_and_stops_pending_reminders(string? body, string? payload)
    {
        var reminded = await fixture.RemindedAsync("aurora", Tomorrow);
        var pendingId = await PendingReminderAsync(reminded);
        var sid = RepliesFixture.NewSid();

        var response = await fixture.PostAsync("aurora", RepliesFixture.Form(sid, reminded.Phone, body, payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var appointment = await fixture.AppointmentAsync("aurora", reminded.AppointmentId);
        Assert.Equal(AppointmentStatus.Cancelled, appointment.Status);
        Assert.Equal(AppointmentSource.WhatsApp, appointment.CancelledVia);
        Assert.False(string.IsNullOrWhiteSpace(appointment.CancellationReason));
        Assert.Empty(appointment.Slots);
        Assert.Equal(InboundOutcome.Cancelled, Assert.Single(await fixture.InboundAsync("aurora", sid)).Outcome);
        var pending = await fixture.ReadAsync("aurora", db => db.OutboxMessages.AsNoTracking().SingleAsync(o => o.Id == pendingId));
        Assert.True(pending.IsCancelled);
    }

    [Fact]
    public async Task The_cancel_is_recorded_as_the_whatsapp_actor_and_open_agendas_of_that_hospital_only_hear_of_it()
    {
        var reminded = await fixture.RemindedAsync("aurora", Tomorrow);
        var scopes = fixture.App.Services.GetRequiredService<TenantScopes>();
        await using var auroraScreen = scopes.Create(await fixture.App.HospitalAsync("aurora"));
        await using var otherScreen = scopes.Create(await fixture.App.HospitalAsync("boavista"));
        var heard = new List<AppointmentChanged>();
        var heardElsewhere = new List<AppointmentChanged>();
        var received = new List<MessageReceived>();
        using var a = auroraScreen.ServiceProvider.GetRequiredService<HospitalEvents>()
            .Subscribe<AppointmentChanged>(e => { lock (heard) { heard.Add(e); } return Task.CompletedTask; });
        using var b = otherScreen.ServiceProvider.GetRequiredService<HospitalEvents>()
            .Subscribe<AppointmentChanged>(e => { lock (heardElsewhere) { heardElsewhere.Add(e); } return Task.CompletedTask; });
        using var c = auroraScreen.ServiceProvider.GetRequiredService<HospitalEvents>()
            .Subscribe<MessageReceived>(e => { lock (received) { received.Add(e); } return Task.CompletedTask; });

        var response = await fixture.PostAsync("aurora", RepliesFixture.Form(RepliesFixture.NewSid(), reminded.Phone, "2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var change = Assert.Single(heard, e => e.AppointmentId == reminded.AppointmentId);
        Assert.Equal(AppointmentStatus.Cancelled, change.Status);
        Assert.DoesNotContain(heardElsewhere, e => e.AppointmentId == reminded.AppointmentId);
        Assert.Contains(received, e => e.AppointmentId == reminded.AppointmentId && e.TutorId == reminded.TutorId);
        var changedBy = await fixture.ReadAsync("aurora", db => db.AuditEntries.AsNoTracking()
            .Where(l => l.EntityId == reminded.AppointmentId.ToString()).OrderByDescending(l => l.At).Select(l => l.UserName).FirstOrDefaultAsync());
        Assert.Equal(TwilioInboundWebhook.Actor, changedBy);
    }

    [Fact]
    public async Task A_bad_or_missing_signature_is_refused_with_403_and_nothing_is_stored()
    {
        var reminded = await fixture.RemindedAsync("aurora", Tomorrow);
        var sid = RepliesFixture.NewSid();
        var form = RepliesFixture.Form(sid, reminded.Phone, "1");

        var wrongToken = await fixture.PostAsync("aurora", form, token: "someone-elses-token");
        var otherHospitals = await fixture.PostAsync("aurora", form, token: RepliesFixture.AuthToken("boavista"));
        var missing = await fixture.PostAsync("aurora", form, token: "");
        var tampered = await PostTamperedAsync(form);

        Assert.All([wrongToken, otherHospitals, missing, tampered], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Empty(await fixture.InboundAsync("aurora", sid));
        Assert.Equal(AppointmentStatus.Scheduled, (await fixture.AppointmentAsync("aurora", reminded.AppointmentId)).Status);
    }

    [Fact]
    public async Task A_signed_request_without_message_sid_or_sender_is_a_400_and_stores_nothing()
    {
        var reminded = await fixture.RemindedAsync("aurora", Tomorrow);
        var sid = RepliesFixture.NewSid();
        var noSid = RepliesFixture.Form(sid, reminded.Phone, "1");
        noSid.Remove("MessageSid");
        var noFrom = RepliesFixture.Form(sid, reminded.Phone, "1");
        noFrom.Remove("From");

        var withoutSid = await fixture.PostAsync("aurora", noSid);
        var withoutFrom = await fixture.PostAsync("aurora", noFrom);

        Assert.Equal(HttpStatusCode.BadRequest, withoutSid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutFrom.StatusCode);
        Assert.Empty(await fixture.InboundAsync("aurora", sid));
        Assert.Equal(AppointmentStatus.Scheduled, (await fixture.AppointmentAsync("aurora", reminded.AppointmentId)).Status);
    }

    [Fact]
    public async Task A_hospital_without_a_twilio_account_refuses_every_post()
    {
        var provisioned = fixture.App.Services.GetRequiredService<HospitalProvisioning>();
        const string slug = "semtwilio";
        if (await fixture.App.Services.GetRequiredService<HospitalCatalog>().FindBySlugAsync(slug) is null)
        {
            await provisioned.AddAsync(slug, "Clínica Sem Twilio", $"admin@{slug}.vet", adminPassword: ClinicApp.Tests.Support.ClinicAppFactory.Password);
        }

        var sid = RepliesFixture.NewSid();
        var response = await fixture.PostAsync(slug, RepliesFixture.Form(sid, RepliesFixture.NewPhone(), "1"), token: "any-token-at-all");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await fixture.InboundAsync(slug, sid));
    }

    [Fact]
    public async Task An_unknown_phone_is_stored_unmatched_and_reception_is_told()
    {
        var receptionist = await fixture.ReceptionistAsync("aurora");
        var sid = RepliesFixture.NewSid();
        var phone = RepliesFixture.NewPhone();

        var response = await fixture.PostAsync("aurora", RepliesFixture.Form(sid, phone, "Bom dia, vocês atendem gatos?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(await fixture.InboundAsync("aurora", sid));
        Assert.Equal(InboundOutcome.Unmatched, message.Outcome);
        Assert.Null(message.TutorId);
        Assert.Null(message.AppointmentId);
        var notification = Assert.Single(await fixture.NotificationsAsync("aurora", receptionist));
        Assert.Equal("Replies.Notification.Unmatched", notification.MessageKey);
        Assert.Contains(phone, notification.Args, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_phone_of_another_hospitals_tutor_is_unmatched_here_and_changes_nothing_there()
    {
        var elsewhere = await fixture.RemindedAsync("boavista", Tomorrow);
        var sid = RepliesFixture.NewSid();

        var response = await fixture.PostAsync("aurora", RepliesFixture.Form(sid, elsewhere.Phone, "2"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(InboundOutcome.Unmatched, Assert.Single(await fixture.InboundAsync("aurora", sid)).Outcome);
        var theirs = await fixture.AppointmentAsync("boavista", elsewhere.AppointmentId);
        Assert.Equal(AppointmentStatus.Scheduled, theirs.Status);
        Assert.NotEmpty(theirs.Slots);
        Assert.Empty(await fixture.InboundAsync("boavista", sid));
        Assert.Equal(0, await fixture.ReadAsync("boavista", db => db.InboundMessages.CountAsync(m => m.TutorId == elsewhere.TutorId)));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public async Task An_answer_after_the_appointment_passed_is_too_late_and_changes_nothing(string body)
    {
        var receptionist = await fixture.ReceptionistAsync("aurora");
        var reminded = await fixture.RemindedAsync("aurora", TimeSpan.FromHours(-3));
        var sid = RepliesFixture.NewSid();

        var response = await fixture.PostAsync("aurora", RepliesFixture.Form(sid, reminded.Phone, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(await fixture.InboundAsync("aurora", sid));
        Assert.Equal(InboundOutcome.TooLate, message.Outcome);
        Assert.Equal(reminded.AppointmentId, message.AppointmentId);
        var appointment = await fixture.AppointmentAsync("aurora", reminded.AppointmentId);
        Assert.Equal(AppointmentStatus.Scheduled, appointment.Status);
        Assert.NotEmpty(appointment.Slots);
        Assert.Equal("Replies.Notification.TooLate", Assert.Single(await fixture.NotificationsAsync("aurora", receptionist)).MessageKey);
    }

    [Fact]
    public async Task A_confirm_of_an_appointment_the_desk_already_cancelled_is_too_late()
    {
        var reminded = await fixture.RemindedAsync("aurora", Tomorrow);
        await using (var desk = await Desk.AsAsync(fixture.App, "aurora"))
        {
            await desk.Agenda.ChangeStatusAsync(reminded.AppointmentId, AppointmentStatus.Cancelled, "tutor called");
        }

        var sid = RepliesFixture.NewSid();
        await fixture.PostAsync("aurora", RepliesFixture.Form(sid, reminded.Phone, "sim"));

        Assert.Equal(InboundOutcome.TooLate, Assert.Single(await fixture.InboundAsync("aurora", sid)).Outcome);
        var appointment = await fixture.AppointmentAsync("aurora", reminded.AppointmentId);
        Assert.Equal(AppointmentStatus.Cancelled, appointment.Status);
        Assert.Equal(AppointmentSource.FrontDesk, appointment.CancelledVia);
    }

    [Fact]
    public async Task Twenty_concurrent_copies_of_one_cancel_store_one_row_and_change_the_appointment_once()
    {
        var reminded = await fixture.RemindedAsync("aurora", Tomorrow);
        var sid = RepliesFixture.NewSid();
        var form = RepliesFixture.Form(sid, reminded.Phone, "2");
        var scopes = fixture.App.Services.GetRequiredService<TenantScopes>();
        await using var screen = scopes.Create(await fixture.App.HospitalAsync("aurora"));
        var heard = 0;
        using var _ = screen.ServiceProvider.GetRequiredService<HospitalEvents>()
            .Subscribe<AppointmentChanged>(e => { if (e.AppointmentId == reminded.AppointmentId) { Interlocked.Increment(ref heard); } return Task.CompletedTask; });

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => fixture.PostAsync("aurora", form)));
        var replay = await fixture.PostAsync("aurora", form);

        Assert.All(responses.Append(replay), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(InboundOutcome.Cancelled, Assert.Single(await fixture.InboundAsync("aurora", sid)).Outcome);
        Assert.Equal(AppointmentStatus.Cancelled, (await fixture.AppointmentAsync("aurora", reminded.AppointmentId)).Status);
        Assert.Equal(1, heard);
    }

    [Fact]
    public async Task Twenty_concurrent_copies_of_free_text_tell_reception_once()
    {
        var receptionist = await fixture.ReceptionistAsync("aurora");
        var reminded = await fixture.RemindedAsync("aurora", Tomorrow);
        var sid = RepliesFixture.NewSid();
        var form = RepliesFixture.Form(sid, reminded.Phone, "Posso levar o irmão dele também?");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => fixture.PostAsync("aurora", form)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(await fixture.InboundAsync("aurora", sid));
        Assert.Single(await fixture.NotificationsAsync("aurora", receptionist));
    }

    [Theory]
    [InlineData("Sair")]
    [InlineData("STOP")]
    [InlineData(" parar ")]
    public async Task Stop_words_withdraw_the_reminders_consent_and_stop_queued_reminders(string body)
    {
        var reminded = await fixture.RemindedAsync("aurora", Tomorrow);
        var pendingId = await PendingReminderAsync(reminded);
        var sid = RepliesFixture.NewSid();

        var response = await fixture.PostAsync("aurora", RepliesFixture.Form(sid, reminded.Phone, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(InboundOutcome.OptedOut, Assert.Single(await fixture.InboundAsync("aurora", sid)).Outcome);
        var tutor = await fixture.ReadAsync("aurora", db => db.Tutors.AsNoTracking().SingleAsync(t => t.Id == reminded.TutorId));
        Assert.NotNull(tutor.RemindersConsentWithdrawnAt);
        Assert.Equal("whatsapp", tutor.RemindersConsentWithdrawnVia);
        Assert.Equal(ReachProblem.ConsentWithdrawn, ReminderReach.Check(tutor));
        Assert.True((await fixture.ReadAsync("aurora", db => db.OutboxMessages.AsNoTracking().SingleAsync(o => o.Id == pendingId))).IsCancelled);
        Assert.Equal(AppointmentStatus.Scheduled, (await fixture.AppointmentAsync("aurora", reminded.AppointmentId)).Status);
    }

    [Fact]
    public async Task Free_text_is_kept_and_reception_gets_a_notification_linking_to_the_tutor()
    {
        var receptionist = await fixture.ReceptionistAsync("aurora");
        var reminded = await fixture.RemindedAsync("aurora", Tomorrow);
        var sid = RepliesFixture.NewSid();

        var response = await fixture.PostAsync("aurora", RepliesFixture.Form(sid, reminded.Phone, "Não sei se consigo ir, posso remarcar?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(await fixture.InboundAsync("aurora", sid));
        Assert.Equal(InboundOutcome.Kept, message.Outcome);
        Assert.Equal(reminded.TutorId, message.TutorId);
        Assert.Equal(AppointmentStatus.Scheduled, (await fixture.AppointmentAsync("aurora", reminded.AppointmentId)).Status);
        var notification = Assert.Single(await fixture.NotificationsAsync("aurora", receptionist));
        Assert.Equal("Replies.Notification.Text", notification.MessageKey);
        Assert.Equal($"tutors/{reminded.TutorId}", notification.Link);
        Assert.Contains("posso remarcar?", notification.Args, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_appointment_without_a_sent_reminder_is_not_what_a_1_answers()
    {
        var receptionist = await fixture.ReceptionistAsync("aurora");
        var unreminded = await fixture.RemindedAsync("aurora", Tomorrow, reminded: false);
        var sid = RepliesFixture.NewSid();

        await fixture.PostAsync("aurora", RepliesFixture.Form(sid, unreminded.Phone, "1"));

        Assert.Equal(InboundOutcome.Kept, Assert.Single(await fixture.InboundAsync("aurora", sid)).Outcome);
        Assert.Equal(AppointmentStatus.Scheduled, (await fixture.AppointmentAsync("aurora", unreminded.AppointmentId)).Status);
        Assert.Single(await fixture.NotificationsAsync("aurora", receptionist));
    }

    [Fact]
    public async Task Tutors_sharing_a_phone_answer_for_the_nearest_reminded_appointment()
    {
        var phone = RepliesFixture.NewPhone();
        var later = await fixture.RemindedAsync("aurora", TimeSpan.FromDays(5), phone);
        var sooner = await fixture.RemindedAsync("aurora", Tomorrow, phone);
        var sid = RepliesFixture.NewSid();

        await fixture.PostAsync("aurora", RepliesFixture.Form(sid, phone, "1"));

        var message = Assert.Single(await fixture.InboundAsync("aurora", sid));
        Assert.Equal(sooner.TutorId, message.TutorId);
        Assert.Equal(sooner.AppointmentId, message.AppointmentId);
        Assert.Equal(AppointmentStatus.Confirmed, (await fixture.AppointmentAsync("aurora", sooner.AppointmentId)).Status);
        Assert.Equal(AppointmentStatus.Scheduled, (await fixture.AppointmentAsync("aurora", later.AppointmentId)).Status);
    }

    /// <summary>A second reminder of the appointment, still waiting to be sent.</summary>
    private async Task<Guid> PendingReminderAsync(Reminded reminded) =>
        await fixture.ReadAsync("aurora", async db =>
        {
            // The scan's key for the 2-hour reminder of this very start (the agenda cancels what fits it).
            var start = await db.Appointments.Where(a => a.Id == reminded.AppointmentId).Select(a => a.Start).FirstAsync();
            var row = WhatsAppOutbox.Add(db, new WhatsAppDraft(reminded.TutorId, WhatsAppNumbers.Prefix + reminded.Phone, MessageKind.AppointmentReminder,
                new RenderedMessage("lembrete", null, null), reminded.AppointmentId, ReminderKey: ReminderKeys.Appointment(reminded.AppointmentId, 2, start)));
            row.NotBefore(DateTime.UtcNow.AddHours(20));
            await db.SaveChangesAsync();
            return row.Id;
        });

    /// <summary>Signed for one body, sent with another.</summary>
    private async Task<HttpResponseMessage> PostTamperedAsync(Dictionary<string, string> form)
    {
        var url = $"{fixture.BaseUrl}/aurora/webhooks/twilio";
        var signature = RepliesFixture.Sign(url, form, RepliesFixture.AuthToken("aurora"));
        var changed = new Dictionary<string, string>(form) { ["Body"] = "2" };
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(changed) };
        request.Headers.Add("X-Twilio-Signature", signature);
        return await client.SendAsync(request);
    }
}
