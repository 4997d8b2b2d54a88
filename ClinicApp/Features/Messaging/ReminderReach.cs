using ClinicApp.Data.FrontDesk;

namespace ClinicApp.Features.Messaging;

/// <summary>Why a tutor cannot be reminded by WhatsApp (shown as "not reached" with the reason).</summary>
public enum ReachProblem
{
    /// <summary>No reminders consent recorded (LGPD).</summary>
    NoConsent,

    /// <summary>The tutor withdrew it ("sair"/"stop", or at the desk).</summary>
    ConsentWithdrawn,

    /// <summary>The tutor did not agree to WhatsApp.</summary>
    NoWhatsApp,

    /// <summary>No phone, or one WhatsApp cannot reach (a landline).</summary>
    NoMobile,
}

/// <summary>Whether a tutor may get WhatsApp reminders: consent to reminders, agreement to WhatsApp
/// and a mobile. One rule for the scan that sends and the screens that show "not reached".</summary>
public static class ReminderReach
{
    public static ReachProblem? Check(Tutor tutor) => Check(tutor.RemindersConsentAt, tutor.RemindersConsentWithdrawnAt, tutor.WhatsAppOptIn, tutor.Phone);

    /// <summary>The same from the columns (for queries that project them).</summary>
    public static ReachProblem? Check(DateTime? consentAt, DateTime? withdrawnAt, bool whatsAppOptIn, string? phone) =>
        withdrawnAt is not null && (consentAt is null || withdrawnAt >= consentAt) ? ReachProblem.ConsentWithdrawn
        : consentAt is null ? ReachProblem.NoConsent
        : !whatsAppOptIn ? ReachProblem.NoWhatsApp
        : WhatsAppNumbers.Address(phone) is null ? ReachProblem.NoMobile
        : null;
}

/// <summary>Published when a WhatsApp message's state changes (queued, sent, delivered, read, failed):
/// the agenda's reminder column and the messages page refresh.</summary>
public sealed record MessageStatusChanged(Guid MessageId, Guid? TutorId, Guid? AppointmentId);

/// <summary>Published when a tutor's WhatsApp message arrives (whatever it did).</summary>
public sealed record MessageReceived(Guid InboundMessageId, Guid? TutorId, Guid? AppointmentId);
