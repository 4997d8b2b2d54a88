using System.Text.RegularExpressions;
using ClinicApp.Data.Billing;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Messaging;
using ClinicApp.Demo;
using ClinicApp.Features.Messaging;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Demo;

/// <summary>The demo's WhatsApp: reminders of the agenda in every state, one refused by Twilio (63016),
/// and replies that changed the agenda or wait for reception; no Twilio account, so Development keeps
/// what it would send.</summary>
[Collection(DemoCollection.Name)]
public sealed partial class MessagingDemoTests(AppFixture fixture)
{
    [Theory]
    [MemberData(nameof(DemoDataTests.Hospitals), MemberType = typeof(DemoDataTests))]
    public async Task Reminders_exist_in_every_state_for_the_agendas_appointments_without_a_twilio_account(string slug)
    {
        await using var scope = await new TestUsers(fixture.App).ScopeAsync(slug);
        var hospital = scope.ServiceProvider.GetRequiredService<TenantContext>().Tenant;
        Assert.Null(await scope.ServiceProvider.GetRequiredService<TwilioAccounts>().CurrentAsync());
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var reminders = await (from m in db.OutboxMessages.AsNoTracking()
                               join a in db.Appointments on m.AppointmentId equals a.Id
                               join p in db.Pets on a.PetId equals p.Id
                               where m.Channel == OutboxChannel.WhatsApp && m.Kind == nameof(MessageKind.AppointmentReminder)
                               select new { Message = m, a.Start, a.TutorId, Pet = p.Name }).ToListAsync();

        Assert.Contains(reminders, r => r.Message.Status == OutboxStatus.Pending && r.Message.NextAttemptAt > DateTime.UtcNow);
        Assert.Contains(reminders, r => r.Message.Status == OutboxStatus.Sent && r.Message.Delivery == DeliveryStatus.Sent);
        Assert.Contains(reminders, r => r.Message.Delivery == DeliveryStatus.Delivered);
        Assert.Contains(reminders, r => r.Message.Delivery == DeliveryStatus.Read);
        var failed = Assert.Single(reminders, r => r.Message.Status == OutboxStatus.Failed && !r.Message.IsCancelled);
        Assert.Equal("63016", failed.Message.ProviderErrorCode);
        Assert.Contains("63016", failed.Message.Error, StringComparison.Ordinal);
        Assert.All(reminders, r =>
        {
            var key = ReminderKey().Match(r.Message.ReminderKey ?? "");
            Assert.True(key.Success, r.Message.ReminderKey);
            Assert.Equal(r.Message.AppointmentId.ToString(), key.Groups["id"].Value);
            Assert.Equal(r.Start, DateTime.Parse(key.Groups["start"].Value, null, System.Globalization.DateTimeStyles.RoundtripKind));
            Assert.Equal(r.TutorId, r.Message.TutorId);
            Assert.StartsWith("whatsapp:+55", r.Message.To, StringComparison.Ordinal);
            // The default pt-BR text, filled: nothing left in braces.
            Assert.StartsWith("Olá, ", r.Message.Body, StringComparison.Ordinal);
            Assert.Contains($"Lembrete da consulta de {r.Pet} no {hospital.Name}", r.Message.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("{", r.Message.Body, StringComparison.Ordinal);
        });
    }

    [Theory]
    [MemberData(nameof(DemoDataTests.Hospitals), MemberType = typeof(DemoDataTests))]
    public async Task Replies_confirmed_and_cancelled_their_appointments_and_a_question_waits_unread(string slug)
    {
        await using var scope = await new TestUsers(fixture.App).ScopeAsync(slug);
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var replies = await (from m in db.InboundMessages.AsNoTracking()
                             join a in db.Appointments on m.AppointmentId equals a.Id
                             select new { Reply = m, a.Id, a.Status, a.CancelledVia, a.TutorId, Slots = a.Slots.Count }).ToListAsync();

        var confirmed = Assert.Single(replies, r => r.Reply.Outcome == InboundOutcome.Confirmed);
        Assert.Equal(AppointmentStatus.Confirmed, confirmed.Status);
        var cancelled = Assert.Single(replies, r => r.Reply.Outcome == InboundOutcome.Cancelled);
        Assert.Equal((AppointmentStatus.Cancelled, AppointmentSource.WhatsApp, 0), (cancelled.Status, cancelled.CancelledVia, cancelled.Slots));
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.AppointmentId == cancelled.Id && m.Status == OutboxStatus.Pending));
        var question = Assert.Single(replies, r => r.Reply.Outcome == InboundOutcome.Kept);
        Assert.Null(question.Reply.ReadAt);
        Assert.EndsWith("?", question.Reply.Body, StringComparison.Ordinal);
        Assert.All(replies, r =>
        {
            Assert.Equal(r.TutorId, r.Reply.TutorId);
            Assert.StartsWith("whatsapp:+55", r.Reply.From, StringComparison.Ordinal);
        });
        Assert.Equal(replies.Count, replies.Select(r => r.Reply.MessageSid).Distinct().Count());
    }

    [GeneratedRegex(@"^appt:(?<id>[0-9a-f-]{36}):(72|24|2)h:(?<start>\S+)$")]
    private static partial Regex ReminderKey();
}
