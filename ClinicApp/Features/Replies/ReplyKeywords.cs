using System.Globalization;
using System.Text;

namespace ClinicApp.Features.Replies;

/// <summary>What a tutor's answer asks for.</summary>
public enum ReplyIntent
{
    /// <summary>Anything we do not read as a command: kept for a person to read.</summary>
    Other,
    Confirm,
    Cancel,

    /// <summary>Stop the reminders (consent withdrawn).</summary>
    OptOut,
}

/// <summary>Reads a tutor's WhatsApp answer. Tutors type "Sim", "NÃO", " confirmo! " or tap a template
/// button (its payload): case, accents, spaces and trailing punctuation do not matter, but the whole
/// answer must be the word — "não posso ir amanhã, pode ser sexta?" is a question for reception, not a cancel.</summary>
public static class ReplyKeywords
{
    private static readonly Dictionary<string, ReplyIntent> Words = new(StringComparer.Ordinal)
    {
        ["1"] = ReplyIntent.Confirm,
        ["sim"] = ReplyIntent.Confirm,
        ["confirmo"] = ReplyIntent.Confirm,
        ["confirmar"] = ReplyIntent.Confirm,
        ["confirm"] = ReplyIntent.Confirm,
        ["2"] = ReplyIntent.Cancel,
        ["nao"] = ReplyIntent.Cancel,
        ["cancelar"] = ReplyIntent.Cancel,
        ["cancela"] = ReplyIntent.Cancel,
        ["cancel"] = ReplyIntent.Cancel,
        ["sair"] = ReplyIntent.OptOut,
        ["stop"] = ReplyIntent.OptOut,
        ["parar"] = ReplyIntent.OptOut,
    };

    /// <summary>The intent of a message: a button's payload wins over the text (the button's text is
    /// the template's label, which the hospital may word as it likes).</summary>
    public static ReplyIntent Read(string? body, string? buttonPayload) =>
        Lookup(buttonPayload) is { } fromButton and not ReplyIntent.Other ? fromButton : Lookup(body) ?? ReplyIntent.Other;

    private static ReplyIntent? Lookup(string? text)
    {
        var word = Normalize(text);
        return word.Length == 0 ? null : Words.GetValueOrDefault(word, ReplyIntent.Other);
    }

    /// <summary>Lower case, accents removed, trimmed of spaces and punctuation around it ("Não!" → "nao").</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var plain = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                plain.Append(c);
            }
        }

        return plain.ToString().Normalize(NormalizationForm.FormC).Trim().Trim('.', '!', '?', ',', ';', ':', '"', '\'', ' ');
    }
}
