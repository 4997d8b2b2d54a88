using ClinicApp.Data.Billing;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Conversations;
using ClinicApp.Features.Messaging;

namespace ClinicApp.Tests.Unit.Conversations;

public sealed class ReminderStateTests
{
    private static readonly DateTime T0 = new(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc);

    private static ReminderRow Pending(DateTime created, DateTime? notBefore = null) =>
        new(OutboxStatus.Pending, null, null, null, created, notBefore, null, null);

    private static ReminderRow Sent(DateTime created, DeliveryStatus? delivery = null, string? code = null) =>
        new(OutboxStatus.Sent, delivery, code, null, created, null, created.AddMinutes(1), delivery is null ? null : created.AddMinutes(2));

    private static ReminderRow Failed(DateTime created, string? code, string error = "refused") =>
        new(OutboxStatus.Failed, null, code, error, created, null, null, null);

    private static ReminderState Of(AppointmentStatus status, ReachProblem? reach = null, AppointmentSource? via = null, params ReminderRow[] rows) =>
        ReminderState.Of(rows, status, via, T0.AddHours(5), reach);

    [Fact]
    public void Without_reminders_a_reachable_tutor_has_no_state()
    {
        Assert.Equal(ReminderState.None, Of(AppointmentStatus.Scheduled));
    }

    [Fact]
    public void A_waiting_reminder_is_scheduled_for_when_it_may_leave()
    {
        var state = Of(AppointmentStatus.Scheduled, rows: Pending(T0, T0.AddHours(3)));

        Assert.Equal(new ReminderState(ReminderStage.Scheduled, T0.AddHours(3)), state);
    }

    [Theory]
    [InlineData(null, ReminderStage.Sent)]
    [InlineData(DeliveryStatus.Queued, ReminderStage.Sent)]
    [InlineData(DeliveryStatus.Sent, ReminderStage.Sent)]
    [InlineData(DeliveryStatus.Delivered, ReminderStage.Delivered)]
    [InlineData(DeliveryStatus.Read, ReminderStage.Read)]
    public void A_sent_reminder_shows_how_far_it_got(DeliveryStatus? delivery, ReminderStage expected)
    {
        var state = Of(AppointmentStatus.Scheduled, rows: Sent(T0, delivery));

        Assert.Equal(expected, state.Stage);
        Assert.Null(state.ErrorCode);
    }

    [Theory]
    [InlineData(DeliveryStatus.Failed)]
    [InlineData(DeliveryStatus.Undelivered)]
    public void An_undelivered_reminder_fails_with_the_providers_code(DeliveryStatus delivery)
    {
        var state = Of(AppointmentStatus.Scheduled, rows: Sent(T0, delivery, "63016"));

        Assert.Equal(ReminderStage.Failed, state.Stage);
        Assert.Equal("63016", state.ErrorCode);
    }

    [Fact]
    public void A_reminder_the_provider_refused_fails_with_its_code()
    {
        var state = Of(AppointmentStatus.Scheduled, rows: Failed(T0, "21211"));

        Assert.Equal(new ReminderState(ReminderStage.Failed, T0, "21211"), state);
    }

    [Fact]
    public void A_reminder_kept_in_the_outbox_folder_is_not_called_sent()
    {
        var kept = new ReminderRow(OutboxStatus.Kept, null, null, null, T0, null, null, null);

        Assert.Equal(ReminderStage.Kept, Of(AppointmentStatus.Scheduled, rows: kept).Stage);
    }

    [Fact]
    public void A_reminder_that_left_says_more_than_a_later_one_still_waiting()
    {
        var state = Of(AppointmentStatus.Scheduled, rows: [Sent(T0, DeliveryStatus.Read), Pending(T0.AddHours(20))]);

        Assert.Equal(ReminderStage.Read, state.Stage);
    }

    [Fact]
    public void The_latest_reminder_that_left_wins()
    {
        var state = Of(AppointmentStatus.Scheduled, rows: [Failed(T0.AddHours(1), "63016"), Sent(T0, DeliveryStatus.Read)]);

        Assert.Equal(ReminderStage.Failed, state.Stage);
    }

    [Fact]
    public void A_resent_copy_waiting_replaces_nothing_until_it_leaves_but_a_cancelled_reminder_says_nothing()
    {
        var cancelled = Failed(T0, null, OutboxMessage.CancelledError);

        Assert.Equal(ReminderStage.Scheduled, Of(AppointmentStatus.Scheduled, rows: [cancelled, Pending(T0.AddHours(1))]).Stage);
        Assert.Equal(ReminderState.None, Of(AppointmentStatus.Scheduled, rows: cancelled));
    }

    [Fact]
    public void The_tutors_answer_says_more_than_the_reminder()
    {
        var confirmed = Of(AppointmentStatus.Confirmed, rows: Sent(T0, DeliveryStatus.Read));
        var cancelled = Of(AppointmentStatus.Cancelled, via: AppointmentSource.WhatsApp, rows: Sent(T0, DeliveryStatus.Read));

        Assert.Equal(new ReminderState(ReminderStage.Confirmed, T0.AddHours(5)), confirmed);
        Assert.Equal(new ReminderState(ReminderStage.CancelledByTutor, T0.AddHours(5)), cancelled);
    }

    [Fact]
    public void A_cancel_at_the_desk_is_not_the_tutors()
    {
        var state = Of(AppointmentStatus.Cancelled, via: AppointmentSource.FrontDesk, rows: Failed(T0, null, OutboxMessage.CancelledError));

        Assert.Equal(ReminderState.None, state);
    }

    [Theory]
    [InlineData(ReachProblem.NoConsent)]
    [InlineData(ReachProblem.ConsentWithdrawn)]
    [InlineData(ReachProblem.NoWhatsApp)]
    [InlineData(ReachProblem.NoMobile)]
    public void A_tutor_who_cannot_be_reminded_is_not_reached_with_the_reason(ReachProblem problem)
    {
        Assert.Equal(new ReminderState(ReminderStage.NotReached, Reach: problem), Of(AppointmentStatus.Scheduled, problem));
    }

    [Fact]
    public void Not_reached_is_said_only_of_an_appointment_still_waiting_for_its_reminder()
    {
        Assert.Equal(ReminderState.None, Of(AppointmentStatus.Completed, ReachProblem.NoConsent));
        // A reminder that went out before the consent was withdrawn still tells what happened to it.
        Assert.Equal(ReminderStage.Delivered, Of(AppointmentStatus.Scheduled, ReachProblem.ConsentWithdrawn, rows: Sent(T0, DeliveryStatus.Delivered)).Stage);
    }
}
