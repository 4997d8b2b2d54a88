using ClinicApp.Data.Common;

namespace ClinicApp.Data.Messaging;

/// <summary>What a tutor's reply did.</summary>
public enum InboundOutcome
{
    /// <summary>Kept in the conversation; reception was told.</summary>
    Kept,
    Confirmed,
    Cancelled,
    OptedOut,

    /// <summary>From a phone no tutor of the hospital has.</summary>
    Unmatched,

    /// <summary>An answer (confirm/cancel) to an appointment that had already passed or was closed.</summary>
    TooLate,
}

/// <summary>A WhatsApp message a tutor sent to the hospital (Twilio's inbound webhook), stored once:
/// its MessageSid is unique, so a replayed webhook changes nothing the second time.</summary>
public sealed class InboundMessage : Entity
{
    public required string MessageSid { get; set; }

    /// <summary>"whatsapp:+55…" as Twilio sends it.</summary>
    public required string From { get; set; }

    public string? Body { get; set; }

    /// <summary>The payload of a quick-reply button, when the tutor tapped one.</summary>
    public string? ButtonPayload { get; set; }

    public DateTime ReceivedAt { get; set; }

    public Guid? TutorId { get; set; }

    /// <summary>The appointment the reply was matched to (the tutor's next reminded one).</summary>
    public Guid? AppointmentId { get; set; }

    public InboundOutcome Outcome { get; set; }

    /// <summary>Read by a person on the messages page.</summary>
    public DateTime? ReadAt { get; set; }
}
