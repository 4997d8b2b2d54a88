namespace ClinicApp.Data.Messaging;

/// <summary>What a WhatsApp message to a tutor is about: each kind has its template per language.</summary>
public enum MessageKind
{
    AppointmentReminder,
    VaccinationDue,
    PaymentLink,
    ExamReady,
    FollowUp,

    /// <summary>An invitation to the tutors' portal, with the link to choose a password.</summary>
    PortalInvite,

    /// <summary>Written by a person on the messages page (inside WhatsApp's 24-hour window).</summary>
    Manual,

    /// <summary>The admin's "send a test message".</summary>
    Test,
}
