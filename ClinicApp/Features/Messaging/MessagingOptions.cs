namespace ClinicApp.Features.Messaging;

/// <summary>The "Messaging" section.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>The address Twilio reaches the app at ("https://app.example.com"), used to check webhook
    /// signatures (Twilio signs the URL it called) and to give Twilio the status callback. Unset: the
    /// request's own scheme and host (right when the reverse proxy's forwarded headers are trusted).</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Twilio's API address; tests point it at a loopback fake.</summary>
    public string? ApiBaseUrl { get; set; }
}
