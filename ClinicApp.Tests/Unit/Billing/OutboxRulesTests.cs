using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Tests.Support;
using static ClinicApp.Data.Billing.OutboxStatus;

namespace ClinicApp.Tests.Unit.Billing;

/// <summary>An outbox message's state machine: an unsent message (Pending or Failed) is kept, sent or
/// fails again; Sent and Kept are final, and a refused transition changes nothing.</summary>
public sealed class OutboxRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    private static readonly Dictionary<string, Action<OutboxMessage>> Transitions = new()
    {
        ["Keep"] = m => m.Keep("kept.eml"),
        ["MarkSent"] = m => m.MarkSent("<id@smtp>", Now),
        ["MarkFailed"] = m => m.MarkFailed("connection refused", Now, "failed.eml"),
    };

    private static readonly Dictionary<(OutboxStatus From, string Transition), OutboxStatus> Allowed = new()
    {
        [(Pending, "Keep")] = Kept,
        [(Pending, "MarkSent")] = Sent,
        [(Pending, "MarkFailed")] = Failed,
        [(Failed, "Keep")] = Kept,
        [(Failed, "MarkSent")] = Sent,
        [(Failed, "MarkFailed")] = Failed,
    };

    public static TheoryData<OutboxStatus, string> EveryStatusAndTransition()
    {
        var data = new TheoryData<OutboxStatus, string>();
        foreach (var from in Enum.GetValues<OutboxStatus>())
        {
            foreach (var transition in Transitions.Keys)
            {
                data.Add(from, transition);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndTransition))]
    public void Only_an_unsent_message_moves_and_a_refused_transition_changes_nothing(OutboxStatus from, string transition)
    {
        var message = MessageIn(from);

        if (Allowed.TryGetValue((from, transition), out var to))
        {
            Transitions[transition](message);
            Assert.Equal(to, message.Status);
            return;
        }

        var before = EntityState.Of(message);
        var refusal = Assert.Throws<DomainRuleException>(() => Transitions[transition](message));

        Assert.Equal("Outbox.Error.Transition", refusal.Message);
        Assert.Equal($"Outbox.Status.{from}", refusal.Arguments[0]);
        Assert.Equal(before, EntityState.Of(message));
    }

    [Fact]
    public void Each_failed_attempt_doubles_the_wait_and_a_later_success_clears_the_error()
    {
        var message = MessageIn(Pending);

        message.MarkFailed("timeout", Now, "m.eml");
        Assert.Equal((1, (DateTime?)Now.AddMinutes(5), "timeout", "m.eml"), (message.Attempts, message.NextAttemptAt, message.Error, message.File));
        message.MarkFailed("timeout", Now, "m.eml");
        Assert.Equal((2, (DateTime?)Now.AddMinutes(10)), (message.Attempts, message.NextAttemptAt));
        message.MarkFailed("timeout", Now, "m.eml");
        Assert.Equal((3, (DateTime?)Now.AddMinutes(20)), (message.Attempts, message.NextAttemptAt));

        message.MarkSent("<id@smtp>", Now.AddMinutes(20));

        Assert.Equal((Sent, 4, "<id@smtp>", (DateTime?)Now.AddMinutes(20)), (message.Status, message.Attempts, message.ProviderId, message.SentAt));
        Assert.Null(message.Error);
        Assert.Null(message.NextAttemptAt);
    }

    [Fact]
    public void Keeping_a_message_is_not_an_attempt_to_send_it()
    {
        var message = MessageIn(Pending);

        message.Keep("m.eml");

        Assert.Equal((Kept, 0, "m.eml"), (message.Status, message.Attempts, message.File));
        Assert.Null(message.SentAt);
    }

    private static OutboxMessage MessageIn(OutboxStatus status)
    {
        var message = new OutboxMessage { Channel = OutboxChannel.Email, To = "tutor@example.com", Subject = "Recibo" };
        switch (status)
        {
            case Sent:
                message.MarkSent("<before@smtp>", Now.AddMinutes(-1));
                break;
            case Failed:
                message.MarkFailed("before", Now.AddMinutes(-1), "before.eml");
                break;
            case Kept:
                message.Keep("before.eml");
                break;
        }

        Assert.Equal(status, message.Status);
        return message;
    }
}
