using ClinicApp.Data.Common;

namespace ClinicApp.Data.Portal;

/// <summary>What a tutor may be sent (LGPD: each purpose consented to separately).</summary>
public enum ConsentPurpose
{
    Reminders,
    Marketing,
}

/// <summary>Where a consent was given or withdrawn.</summary>
public enum ConsentChannel
{
    /// <summary>Reception or another member of staff, at the desk or on the phone.</summary>
    Desk,

    /// <summary>The tutor, in the portal.</summary>
    Portal,

    /// <summary>The tutor, by a WhatsApp reply ("SAIR").</summary>
    WhatsApp,
}

/// <summary>One change of a tutor's consent: the history LGPD asks a hospital to be able to show.
/// Append-only; the tutor's current state is on <see cref="FrontDesk.Tutor"/>.</summary>
public sealed class TutorConsent : Entity
{
    public Guid TutorId { get; set; }

    public ConsentPurpose Purpose { get; set; }

    public bool Granted { get; set; }

    /// <summary>UTC.</summary>
    public DateTime At { get; set; }

    public ConsentChannel Channel { get; set; }

    /// <summary>Who or what: the staff member's name, "portal", the reply's text ("SAIR").</summary>
    public string? Source { get; set; }

    public Guid? ByUserId { get; set; }
}
