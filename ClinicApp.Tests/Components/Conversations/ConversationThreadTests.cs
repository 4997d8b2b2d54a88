using Bunit;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Conversations;
using ClinicApp.Tests.Support;

namespace ClinicApp.Tests.Components.Conversations;

/// <summary>The conversation as reception reads it: both ways by time, each of ours with its kind and state,
/// a failed one with its error code and a resend button until it is resent.</summary>
public sealed class ConversationThreadTests : ComponentTestContext, IAsyncLifetime
{
    private static readonly DateTime Day = new(2027, 3, 10, 9, 0, 0);

    private static ConversationMessage Out(MessageState state, int minute, string body, string? code = null, Guid? resentAs = null, MessageKind kind = MessageKind.AppointmentReminder) =>
        new(Guid.NewGuid(), MessageDirection.Outbound, Day.AddMinutes(minute), body, kind, state, code, null, null, null, false, resentAs);

    private static ConversationMessage In(int minute, string body, InboundOutcome outcome = InboundOutcome.Kept, bool unread = false) =>
        new(Guid.NewGuid(), MessageDirection.Inbound, Day.AddMinutes(minute), body, null, null, null, null, null, outcome, unread, null);

    [Fact]
    public void Messages_show_both_ways_with_kind_state_and_the_tutors_answer()
    {
        using var _ = new CultureScope("pt-BR");
        IReadOnlyList<ConversationMessage> messages =
        [
            Out(MessageState.Read, 0, "Lembrete: Rex amanhã às 10:00"),
            In(5, "1", InboundOutcome.Confirmed),
            Out(MessageState.Delivered, 6, "Obrigado!", kind: MessageKind.Manual),
            In(7, "Posso levar a carteirinha?", unread: true),
        ];

        var cut = Render<ConversationThread>(p => p.Add(t => t.Messages, messages));

        var bubbles = cut.FindAll("[data-testid=message]");
        Assert.Equal(["Outbound", "Inbound", "Outbound", "Inbound"], bubbles.Select(b => b.GetAttribute("data-direction")));
        Assert.Contains("Lembrete de consulta", bubbles[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Lida", bubbles[0].QuerySelector("[data-testid=message-state]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-info-text", bubbles[0].QuerySelector("[data-testid=message-state] svg")!.ClassName, StringComparison.Ordinal);
        Assert.Contains("Confirmou a consulta", bubbles[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Escrita à mão", bubbles[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("Entregue", bubbles[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("bubble-unread", bubbles[3].InnerHtml, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=message-resend]"));
        Assert.Single(cut.FindAll(".conversation-day"));
    }

    [Fact]
    public void A_failed_message_shows_its_code_and_resends_once()
    {
        using var _ = new CultureScope("pt-BR");
        var failed = Out(MessageState.Failed, 0, "Lembrete", "63016");
        var resent = Out(MessageState.Failed, 1, "Outro", "63016", resentAs: Guid.NewGuid());
        ConversationMessage? clicked = null;

        var cut = Render<ConversationThread>(p => p
            .Add(t => t.Messages, [failed, resent])
            .Add(t => t.OnResend, m => clicked = m));

        var bubbles = cut.FindAll("[data-testid=message]");
        Assert.Contains("Falhou (erro 63016)", bubbles[0].QuerySelector("[data-testid=message-state]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(bubbles[1].QuerySelector("[data-testid=message-resend]"));
        Assert.Contains("Reenviada", bubbles[1].TextContent, StringComparison.Ordinal);
        cut.Find("[data-testid=message-resend]").Click();
        Assert.Equal(failed, clicked);
    }

    [Fact]
    public void The_tutor_pages_copy_is_read_only_and_an_empty_one_says_so()
    {
        using var _ = new CultureScope("en");

        var readOnly = Render<ConversationThread>(p => p.Add(t => t.Messages, [Out(MessageState.Failed, 0, "Reminder", "63016")]).Add(t => t.ReadOnly, true));
        var empty = Render<ConversationThread>(p => p.Add(t => t.Messages, []));

        Assert.Empty(readOnly.FindAll("[data-testid=message-resend]"));
        Assert.Contains("Failed (error 63016)", readOnly.Markup, StringComparison.Ordinal);
        Assert.Equal("No messages with these filters.", empty.Find("[data-testid=conversation-empty]").TextContent);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's button services dispose only asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
