using ClinicApp.Data.Common;

namespace ClinicApp.Data.Messaging;

/// <summary>The hospital's own text of one kind of message in one language (pt-BR, en); unique per
/// (kind, culture). Without a row the app's default text is used.</summary>
public sealed class MessageTemplate : Entity
{
    public const int MaxBodyLength = 1000;

    public MessageKind Kind { get; set; }

    /// <summary>"pt-BR" or "en".</summary>
    public required string Culture { get; set; }

    /// <summary>The text with variables in braces: {tutor}, {pet}, {date}, {time}, {vet}, {hospital}, {link}.</summary>
    public required string Body { get; set; }

    /// <summary>An approved Content Template ("HX…") Twilio sends instead of free text outside the
    /// 24-hour window; its variables are filled in the same order.</summary>
    public string? ContentSid { get; set; }
}
