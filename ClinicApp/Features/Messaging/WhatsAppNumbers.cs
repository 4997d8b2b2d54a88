using System.Text.RegularExpressions;

namespace ClinicApp.Features.Messaging;

/// <summary>Tutors' phones as WhatsApp addresses. Tutors' phones are stored in E.164; a Brazilian one
/// reaches WhatsApp only when it is a mobile (the subscriber number has 9 digits starting with 9).</summary>
public static partial class WhatsAppNumbers
{
    public const string Prefix = "whatsapp:";

    /// <summary>"whatsapp:+55…" for a phone WhatsApp can reach; null otherwise.</summary>
    public static string? Address(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone) || !E164().IsMatch(phone))
        {
            return null;
        }

        // Brazil: +55, 2-digit area code, then 9 digits starting with 9 for a mobile; landlines have 8.
        if (phone.StartsWith("+55", StringComparison.Ordinal) && !(phone.Length == 14 && phone[5] == '9'))
        {
            return null;
        }

        return Prefix + phone;
    }

    /// <summary>The E.164 phone of a "whatsapp:+55…" address (what Twilio posts as From), null when it is not one.</summary>
    public static string? Phone(string? address)
    {
        var phone = address?.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) == true ? address[Prefix.Length..] : address;
        return phone is not null && E164().IsMatch(phone) ? phone : null;
    }

    [GeneratedRegex(@"^\+[1-9]\d{7,14}$")]
    private static partial Regex E164();
}
