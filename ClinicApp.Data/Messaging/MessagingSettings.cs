using ClinicApp.Data.Common;

namespace ClinicApp.Data.Messaging;

/// <summary>The hospital's WhatsApp account (Twilio) and reminder rules: one row per hospital database,
/// under a fixed key so that two admins saving at once cannot create a second row.</summary>
public sealed class MessagingSettings : Entity
{
    public static readonly Guid SingletonId = new("3e55a9e5-0000-7000-8000-000000000001");

    public MessagingSettings() => Id = SingletonId;

    /// <summary>"AC…" (34 characters).</summary>
    public string? TwilioAccountSid { get; set; }

    /// <summary>The auth token, encrypted with Data Protection (like the SMTP password and Stripe keys).</summary>
    public string? TwilioAuthTokenProtected { get; set; }

    /// <summary>The WhatsApp sender, "whatsapp:+55…".</summary>
    public string? WhatsAppFrom { get; set; }

    /// <summary>Optional "MG…": Twilio picks the sender from the service.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>Appointment reminders are sent this many hours before the start, comma-separated
    /// ("24,2"); empty = no appointment reminders.</summary>
    public string ReminderLeadHours { get; set; } = "24,2";

    /// <summary>Vaccination reminders go out this many days before the due date (and once when overdue);
    /// 0 = no vaccination reminders.</summary>
    public int VaccinationLeadDays { get; set; } = 7;

    /// <summary>No message leaves between these wall-clock times of the hospital (it waits until
    /// <see cref="QuietUntil"/>); equal times = no quiet hours.</summary>
    public TimeOnly QuietFrom { get; set; } = new(21, 0);

    public TimeOnly QuietUntil { get; set; } = new(8, 0);

    /// <summary>The hour (hospital time) the daily attendance report is built and e-mailed to the admins.</summary>
    public int AttendanceReportHour { get; set; } = 19;

    /// <summary>Whether reminders are sent at all (a hospital may keep WhatsApp for replies and links only).</summary>
    public bool RemindersEnabled { get; set; } = true;
}
