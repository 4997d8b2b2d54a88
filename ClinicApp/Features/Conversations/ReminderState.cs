using ClinicApp.Data.Billing;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Messaging;

namespace ClinicApp.Features.Conversations;

/// <summary>Where an appointment's WhatsApp reminder stands, as the agenda and the appointment dialog show it.</summary>
public enum ReminderStage
{
    /// <summary>No reminder and nothing to say (none due yet, or the appointment is over).</summary>
    None,

    /// <summary>Queued: waiting for its time (quiet hours, lead time) or the dispatcher.</summary>
    Scheduled,

    /// <summary>No WhatsApp account (Development): written to the outbox folder, never sent.</summary>
    Kept,

    Sent,
    Delivered,
    Read,

    /// <summary>Given up, refused by the provider, or not delivered (with the provider's code).</summary>
    Failed,

    /// <summary>The appointment is confirmed.</summary>
    Confirmed,

    /// <summary>The tutor cancelled it by a WhatsApp reply.</summary>
    CancelledByTutor,

    /// <summary>The tutor cannot be reminded (<see cref="ReminderState.Reach"/> says why).</summary>
    NotReached,
}

/// <summary>One WhatsApp reminder of an appointment, as <see cref="ReminderState.Of"/> needs it (times UTC).</summary>
public sealed record ReminderRow(
    OutboxStatus Status,
    DeliveryStatus? Delivery,
    string? ProviderErrorCode,
    string? Error,
    DateTime CreatedAt,
    DateTime? NextAttemptAt,
    DateTime? SentAt,
    DateTime? DeliveryUpdatedAt)
{
    /// <summary>Cancelled before it left (its appointment moved or was cancelled): it says nothing about the tutor.</summary>
    public bool IsCancelled => Status == OutboxStatus.Failed && Error == OutboxMessage.CancelledError;

    public bool HasLeft => Status != OutboxStatus.Pending;
}

/// <summary>An appointment's reminder state: the stage, since when (UTC), the provider's error code of a
/// failure and the reason a tutor is not reached.</summary>
public sealed record ReminderState(ReminderStage Stage, DateTime? At = null, string? ErrorCode = null, ReachProblem? Reach = null)
{
    public static readonly ReminderState None = new(ReminderStage.None);

    /// <summary>The state from the appointment's reminders, its status and whether its tutor can be reached.
    /// The tutor's answer says most (confirmed, cancelled by them); then the latest reminder that left (a
    /// read 24-hour reminder says more than a 2-hour one still waiting); then one still waiting; without
    /// any, "not reached" for a tutor who cannot be reminded, while the appointment is still ahead.</summary>
    public static ReminderState Of(IEnumerable<ReminderRow> reminders, AppointmentStatus status, AppointmentSource? cancelledVia, DateTime statusChangedAt, ReachProblem? reach)
    {
        ArgumentNullException.ThrowIfNull(reminders);
        if (status == AppointmentStatus.Cancelled && cancelledVia == AppointmentSource.WhatsApp)
        {
            return new(ReminderStage.CancelledByTutor, statusChangedAt);
        }

        if (status == AppointmentStatus.Confirmed)
        {
            return new(ReminderStage.Confirmed, statusChangedAt);
        }

        var live = reminders.Where(r => !r.IsCancelled).ToList();
        if (live.Where(r => r.HasLeft).MaxBy(r => r.CreatedAt) is { } left)
        {
            return OfLeft(left);
        }

        if (live.MaxBy(r => r.CreatedAt) is { } waiting)
        {
            return new(ReminderStage.Scheduled, waiting.NextAttemptAt ?? waiting.CreatedAt);
        }

        return reach is { } problem && status == AppointmentStatus.Scheduled
            ? new(ReminderStage.NotReached, Reach: problem)
            : None;
    }

    private static ReminderState OfLeft(ReminderRow row) => row.Status switch
    {
        OutboxStatus.Kept => new(ReminderStage.Kept, row.CreatedAt),
        OutboxStatus.Failed => new(ReminderStage.Failed, row.CreatedAt, row.ProviderErrorCode),
        _ => row.Delivery switch
        {
            DeliveryStatus.Delivered => new(ReminderStage.Delivered, row.DeliveryUpdatedAt ?? row.SentAt),
            DeliveryStatus.Read => new(ReminderStage.Read, row.DeliveryUpdatedAt ?? row.SentAt),
            DeliveryStatus.Failed or DeliveryStatus.Undelivered => new(ReminderStage.Failed, row.DeliveryUpdatedAt ?? row.SentAt, row.ProviderErrorCode),
            _ => new(ReminderStage.Sent, row.SentAt),
        },
    };
}
