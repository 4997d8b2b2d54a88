using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;

namespace ClinicApp.Data.Portal;

/// <summary>How the tutors' portal behaves at this hospital: one row per hospital database
/// (created with its defaults the first time it is read).</summary>
public sealed class PortalSettings : Entity
{
    public const int MaxPrivacyNoticeLength = 20_000;

    /// <summary>Whether tutors may book appointments in the portal at all.</summary>
    public bool OnlineBookingEnabled { get; set; } = true;

    /// <summary>Bit per <see cref="AppointmentType"/> (Consultation = bit 0) a tutor may book online;
    /// consultations, returns and vaccinations by default (surgery and exams need the desk).</summary>
    public int OnlineBookingTypes { get; set; } = TypeBit(AppointmentType.Consultation)
        | TypeBit(AppointmentType.Return) | TypeBit(AppointmentType.Vaccination);

    /// <summary>How many days ahead the portal offers free times.</summary>
    public int BookingHorizonDays { get; set; } = 30;

    /// <summary>A tutor may confirm or cancel an appointment in the portal until this many hours
    /// before it starts; later, only the desk can.</summary>
    public int CancelCutoffHours { get; set; } = 12;

    /// <summary>The hospital's privacy notice (LGPD), plain text with blank lines between paragraphs;
    /// null shows the standard text.</summary>
    public string? PrivacyNotice { get; set; }

    public DateTime? PrivacyNoticeUpdatedAt { get; set; }

    public static int TypeBit(AppointmentType type) => 1 << (int)type;

    public bool AllowsOnline(AppointmentType type) => OnlineBookingEnabled && (OnlineBookingTypes & TypeBit(type)) != 0;
}
