using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Tests.Support;
using static ClinicApp.Data.Billing.OutboxStatus;

namespace ClinicApp.Tests.Unit.Billing;

/// <summary>An outbox message's state machine: a Pending message is kept, sent, retried later or given up;
/// Sent, Kept and Failed (given up) are final, and a refused transition changes nothing.</summary>
public sealed class OutboxRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    private static readonly Dictionary<string, Action<OutboxMessage>> Transitions = new()
    {
        ["Keep"] = m => m.Keep("kept.eml"),
        ["MarkSent"] = m => m.MarkSent("<id@smtp>", Now),
        ["RetryLater"] = m => m.RetryLater("connection refused", Now.AddMinutes(1)),
        ["GiveUp"] = m => m.GiveUp("connection refused"),
        ["FailPermanently"] = m => m.FailPermanently("invalid number", "21211"),
        ["Cancel"] = m => m.Cancel(),
        ["NotBefore"] = m => m.NotBefore(Now.AddHours(9)),
    };

    private static readonly Dictionary<(OutboxStatus From, string Transition), OutboxStatus> Allowed = new()
    {
        [(Pending, "Keep")] = Kept,
        [(Pending, "MarkSent")] = Sent,
        [(Pending, "RetryLater")] = Pending,
        [(Pending, "GiveUp")] = Failed,
        [(Pending, "FailPermanently")] = Failed,
        [(Pending, "Cancel")] = Failed,
        [(Pending, "NotBefore")] = Pending,
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
    public void Each_failed_attempt_waits_until_its_next_attempt_and_a_later_success_clears_the_error()
    {
        var message = MessageIn(Pending);

        message.RetryLater("timeout", Now.AddMinutes(1));
        Assert.Equal((Pending, 1, (DateTime?)Now.AddMinutes(1), "timeout"), (message.Status, message.Attempts, message.NextAttemptAt, message.Error));
        message.RetryLater("timeout", Now.AddMinutes(3));
        Assert.Equal((2, (DateTime?)Now.AddMinutes(3)), (message.Attempts, message.NextAttemptAt));

        message.MarkSent("<id@smtp>", Now.AddMinutes(3));

        Assert.Equal((Sent, 3, "<id@smtp>", (DateTime?)Now.AddMinutes(3)), (message.Status, message.Attempts, message.ProviderId, message.SentAt));
        Assert.Null(message.Error);
        Assert.Null(message.NextAttemptAt);
    }

    [Theory]
    [InlineData(1, 60)]
    [InlineData(2, 120)]
    [InlineData(3, 240)]
    [InlineData(20, 6 * 3600)]
    public void The_wait_doubles_per_attempt_up_to_the_cap_with_twenty_percent_jitter(int attempts, double seconds)
    {
        var options = new ClinicApp.Infrastructure.Email.OutboxOptions();

        Assert.Equal(seconds * 0.8, options.Backoff(attempts, 0).TotalSeconds, 3);
        Assert.Equal(seconds * 1.2, options.Backoff(attempts, 1).TotalSeconds, 3);
    }

    [Fact]
    public void Giving_up_counts_the_attempt_and_nothing_is_due_any_more()
    {
        var message = MessageIn(Pending);
        message.RetryLater("timeout", Now.AddMinutes(1));

        message.GiveUp("refused");

        Assert.Equal((Failed, 2, "refused", (DateTime?)null), (message.Status, message.Attempts, message.Error, message.NextAttemptAt));
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
                message.GiveUp("before");
                break;
            case Kept:
                message.Keep("before.eml");
                break;
        }

        Assert.Equal(status, message.Status);
        return message;
    }
}
