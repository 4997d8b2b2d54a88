using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Conversations;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicApp.Tests.Support.Desk;

namespace ClinicApp.Tests.Integration.Conversations;

/// <summary>The messages page's promises against the real services: who may use it, the conversation both
/// ways, resending once, replying only within WhatsApp's 24-hour window, each hospital on its own.</summary>
[Collection(AppCollection.Name)]
public sealed class ConversationServiceTests(AppFixture fixture)
{
    /// <summary>What "queued" reads as once the dispatcher may have taken the message already: the
    /// test hospitals have no Twilio account, so it keeps WhatsApp messages as text.</summary>
    private static readonly OutboxStatus[] Queued = [OutboxStatus.Pending, OutboxStatus.Kept];

    private readonly ClinicAppFactory _app = fixture.App;

    [Theory]
    [InlineData(Roles.Veterinarian)]
    [InlineData(Roles.Nurse)]
    [InlineData(Roles.Tutor)]
    public async Task Only_reception_and_admins_read_or_write_conversations(string role)
    {
        await using var desk = await AsAsync(_app, "aurora");
        var tutor = await desk.NewReachableTutorAsync();
        var failed = await desk.NewOutboundAsync(tutor, "failed");
        await desk.NewInboundAsync(tutor, "Oi");
        await using var other = await AsAsync(_app, "aurora", role);
        var service = other.Services.GetRequiredService<ConversationService>();

        var refusals = new[]
        {
            await Refusals.CaptureAsync(service.ListAsync(null, 0, 20)),
            await Refusals.CaptureAsync(service.UnreadAsync()),
            await Refusals.CaptureAsync(service.OpenAsync(tutor)),
            await Refusals.CaptureAsync(service.ResendAsync(failed)),
            await Refusals.CaptureAsync(service.ReplyAsync(tutor, "Olá")),
        };

        Assert.All(refusals, r => Assert.Equal("Common.Error.NotAllowed", r?.Message));
        await using var db = await Db(desk);
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.TutorId == tutor));
        Assert.Null((await db.InboundMessages.SingleAsync(m => m.TutorId == tutor)).ReadAt);
    }

    [Theory]
    [InlineData(Roles.Receptionist)]
    [InlineData(Roles.Admin)]
    public async Task The_conversation_interleaves_both_ways_by_time_and_opening_it_reads_the_tutors_messages(string role)
    {
        await using var desk = await AsAsync(_app, "aurora", role);
        var name = $"Conversa {Guid.NewGuid():N}"[..20];
        var tutor = await desk.NewReachableTutorAsync(name);
        var now = desk.Time.UtcNow;
        await desk.NewOutboundAsync(tutor, "read", at: now.AddHours(-5), body: "Lembrete");
        await desk.NewInboundAsync(tutor, "Posso levar às 11?", now.AddHours(-4));
        await desk.NewOutboundAsync(tutor, "failed", at: now.AddHours(-3), code: "63016", body: "Resposta");
        await desk.NewInboundAsync(tutor, "Obrigado", now.AddHours(-2));
        var service = desk.Services.GetRequiredService<ConversationService>();

        var listed = (await service.ListAsync(name, 0, 20)).Items.Single();
        var conversation = await service.OpenAsync(tutor);
        var after = (await service.ListAsync(name, 0, 20)).Items.Single();

        Assert.Equal((2, "Obrigado", MessageDirection.Inbound), (listed.Unread, listed.LastBody, listed.LastDirection));
        Assert.Equal(["Lembrete", "Posso levar às 11?", "Resposta", "Obrigado"], conversation.Messages.Select(m => m.Body));
        Assert.Equal([MessageState.Read, null, MessageState.Failed, null], conversation.Messages.Select(m => m.State));
        Assert.Equal("63016", conversation.Messages[2].ErrorCode);
        Assert.True(conversation.Messages[2].CanResend);
        Assert.Equal(0, after.Unread);
        Assert.True(conversation.Window.IsOpen);
    }

    [Fact]
    public async Task The_list_pages_on_the_server_latest_first_and_finds_a_tutor_by_phone()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var word = $"Lista{Guid.NewGuid():N}"[..14];
        var tutors = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var tutor = await desk.NewReachableTutorAsync($"{word} {i}", phone: $"+55119{Random.Shared.Next(10000000, 99999999)}");
            await desk.NewOutboundAsync(tutor, "sent", at: desk.Time.UtcNow.AddMinutes(-10 + i));
            tutors.Add(tutor);
        }

        var service = desk.Services.GetRequiredService<ConversationService>();
        var first = await service.ListAsync(word, 0, 2);
        var second = await service.ListAsync(word, 1, 2);
        await using var db = await Db(desk);
        var phone = (await db.Tutors.SingleAsync(t => t.Id == tutors[0])).Phone!;
        var byPhone = await service.ListAsync(phone[^8..], 0, 20);

        Assert.Equal(3, first.Total);
        Assert.Equal([tutors[2], tutors[1]], first.Items.Select(i => i.TutorId));
        Assert.Equal([tutors[0]], second.Items.Select(i => i.TutorId));
        Assert.Contains(byPhone.Items, i => i.TutorId == tutors[0]);
    }

    [Fact]
    public async Task Filters_keep_the_outbound_messages_of_a_state_kind_and_dates()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var tutor = await desk.NewReachableTutorAsync();
        var now = desk.Time.UtcNow;
        var old = await desk.NewOutboundAsync(tutor, "delivered", at: now.AddDays(-10));
        var failed = await desk.NewOutboundAsync(tutor, "undelivered", at: now.AddHours(-2), code: "63024");
        var link = await desk.NewOutboundAsync(tutor, "read", kind: MessageKind.PaymentLink, at: now.AddHours(-1));
        await desk.NewInboundAsync(tutor, "Oi", now.AddMinutes(-30));
        var service = desk.Services.GetRequiredService<ConversationService>();

        var failures = await service.OpenAsync(tutor, new ConversationFilter(State: MessageState.Failed));
        var links = await service.OpenAsync(tutor, new ConversationFilter(Kind: MessageKind.PaymentLink));
        var recent = await service.OpenAsync(tutor, new ConversationFilter(From: desk.Time.Today.AddDays(-2)));

        Assert.Equal([failed], failures.Messages.Select(m => m.Id));
        Assert.Equal("63024", failures.Messages[0].ErrorCode);
        Assert.Equal([link], links.Messages.Select(m => m.Id));
        Assert.DoesNotContain(recent.Messages, m => m.Id == old);
        Assert.Equal(3, recent.Messages.Count);
    }

    [Fact]
    public async Task Resending_queues_one_new_pending_copy_and_the_failed_message_stays_failed_even_under_a_double_click()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var tutor = await desk.NewReachableTutorAsync();
        var appointment = Guid.NewGuid();
        var failed = await desk.NewOutboundAsync(tutor, "failed", appointment, code: "63016", body: "Lembrete: Rex amanhã");
        var service = desk.Services.GetRequiredService<ConversationService>();
        await using var second = await AsAsync(_app, "aurora");
        var otherDesk = second.Services.GetRequiredService<ConversationService>();

        // Two clicks (two desks, two contexts) at the same instant.
        var results = await Task.WhenAll(Attempt(service), Attempt(otherDesk));
        var again = await Refusals.CaptureAsync(service.ResendAsync(failed));

        Assert.Single(results, r => r.Id is not null);
        Assert.All(results.Where(r => r.Id is null), r => Assert.Equal("Conversations.Error.AlreadyResent", r.Error));
        Assert.Equal("Conversations.Error.AlreadyResent", again?.Message);
        await using var db = await Db(desk);
        var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.TutorId == tutor).ToListAsync();
        Assert.Equal(2, rows.Count);
        var copy = rows.Single(m => m.Id != failed);
        Assert.Equal(("Lembrete: Rex amanhã", appointment, nameof(MessageKind.AppointmentReminder)), (copy.Body, copy.AppointmentId, copy.Kind));
        // Queued: still waiting, or already kept by the dispatcher (this hospital has no Twilio account).
        Assert.Contains(copy.Status, Queued);
        Assert.Equal(OutboxStatus.Failed, rows.Single(m => m.Id == failed).Status);
        var conversation = await service.OpenAsync(tutor);
        Assert.Equal(copy.Id, conversation.Messages.Single(m => m.Id == failed).ResentAs);
        Assert.False(conversation.Messages.Single(m => m.Id == failed).CanResend);
        Assert.Contains(conversation.Messages.Single(m => m.Id == copy.Id).State, new MessageState?[] { MessageState.Scheduled, MessageState.Kept });

        async Task<(Guid? Id, string? Error)> Attempt(ConversationService s)
        {
            try
            {
                return (await s.ResendAsync(failed), null);
            }
            catch (DomainRuleException e)
            {
                return (null, e.Message);
            }
        }
    }

    [Theory]
    [InlineData("read")]
    [InlineData("pending")]
    [InlineData("cancelled")]
    public async Task Only_a_failed_message_is_resent(string state)
    {
        await using var desk = await AsAsync(_app, "aurora");
        var tutor = await desk.NewReachableTutorAsync();
        var message = await desk.NewOutboundAsync(tutor, state);

        var refusal = await Refusals.CaptureAsync(desk.Services.GetRequiredService<ConversationService>().ResendAsync(message));

        Assert.Equal("Conversations.Error.NotFailed", refusal?.Message);
        await using var db = await Db(desk);
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.TutorId == tutor));
    }

    [Fact]
    public async Task A_reminder_is_not_resent_to_a_tutor_who_withdrew_consent()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var tutor = await desk.NewReachableTutorAsync();
        var failed = await desk.NewOutboundAsync(tutor, "failed");
        await using (var db = await Db(desk))
        {
            (await db.Tutors.SingleAsync(t => t.Id == tutor)).RemindersConsentWithdrawnAt = desk.Time.UtcNow;
            await db.SaveChangesAsync();
        }

        var refusal = await Refusals.CaptureAsync(desk.Services.GetRequiredService<ConversationService>().ResendAsync(failed));

        Assert.Equal(("Conversations.Error.NotReached", "ReminderState.Reach.ConsentWithdrawn"), (refusal?.Message, refusal?.Arguments[0] as string));
    }

    [Fact]
    public async Task A_reply_by_hand_goes_only_within_24_hours_of_the_tutors_last_message()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var service = desk.Services.GetRequiredService<ConversationService>();
        var now = desk.Time.UtcNow;
        var recent = await desk.NewReachableTutorAsync();
        await desk.NewInboundAsync(recent, "Bom dia", now.AddHours(-23));
        var stale = await desk.NewReachableTutorAsync();
        await desk.NewInboundAsync(stale, "Bom dia", now.AddHours(-25));
        var silent = await desk.NewReachableTutorAsync();
        await desk.NewOutboundAsync(silent, "read");

        var sent = await service.ReplyAsync(recent, "  Pode sim, até amanhã!  ");
        var closed = await Refusals.CaptureAsync(service.ReplyAsync(stale, "Olá"));
        var never = await Refusals.CaptureAsync(service.ReplyAsync(silent, "Olá"));

        Assert.Equal("Conversations.Error.WindowClosed", closed?.Message);
        Assert.Equal("Conversations.Error.NeverWrote", never?.Message);
        Assert.False((await service.OpenAsync(stale)).Window.IsOpen);
        await using var db = await Db(desk);
        var reply = await db.OutboxMessages.SingleAsync(m => m.Id == sent);
        Assert.Equal(("Pode sim, até amanhã!", nameof(MessageKind.Manual), OutboxChannel.WhatsApp, "whatsapp:+5511987654321"),
            (reply.Body, reply.Kind, reply.Channel, reply.To));
        Assert.Contains(reply.Status, Queued);
        Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.TutorId == stale || (m.TutorId == silent && m.Kind == nameof(MessageKind.Manual))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task An_empty_reply_is_refused(string? text)
    {
        await using var desk = await AsAsync(_app, "aurora");
        var tutor = await desk.NewReachableTutorAsync();
        await desk.NewInboundAsync(tutor, "Oi");

        var refusal = await Refusals.CaptureAsync(desk.Services.GetRequiredService<ConversationService>().ReplyAsync(tutor, text));

        Assert.Equal("Conversations.Error.ReplyEmpty", refusal?.Message);
    }

    [Fact]
    public async Task A_reply_longer_than_1000_characters_is_refused_and_nothing_is_queued()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var tutor = await desk.NewReachableTutorAsync();
        await desk.NewInboundAsync(tutor, "Oi");
        var service = desk.Services.GetRequiredService<ConversationService>();

        var refusal = await Refusals.CaptureAsync(service.ReplyAsync(tutor, new string('a', 1001)));
        await service.ReplyAsync(tutor, new string('a', 1000));

        Assert.Equal("Conversations.Error.ReplyTooLong", refusal?.Message);
        await using var db = await Db(desk);
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.TutorId == tutor));
    }

    [Fact]
    public async Task Another_hospitals_tutor_or_message_is_not_found_and_nothing_changes()
    {
        await using var aurora = await AsAsync(_app, "aurora");
        var tutor = await aurora.NewReachableTutorAsync();
        var failed = await aurora.NewOutboundAsync(tutor, "failed");
        await aurora.NewInboundAsync(tutor, "Oi");
        await using var other = await AsAsync(_app, "boavista");
        var service = other.Services.GetRequiredService<ConversationService>();

        var refusals = new[]
        {
            await Refusals.CaptureAsync(service.OpenAsync(tutor)),
            await Refusals.CaptureAsync(service.ResendAsync(failed)),
            await Refusals.CaptureAsync(service.ReplyAsync(tutor, "Olá")),
        };

        Assert.All(refusals, r => Assert.Equal("Common.Error.NotFound", r?.Message));
        Assert.DoesNotContain((await service.ListAsync(null, 0, 100)).Items, i => i.TutorId == tutor);
        await using var db = await Db(aurora);
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.TutorId == tutor));
        Assert.Null((await db.InboundMessages.SingleAsync(m => m.TutorId == tutor)).ReadAt);
    }

    private static Task<ClinicApp.Data.ClinicDbContext> Db(Desk desk) =>
        desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
}
