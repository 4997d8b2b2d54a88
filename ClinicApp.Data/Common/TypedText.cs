namespace ClinicApp.Data.Common;

/// <summary>Text as a person typed it into a form field.</summary>
public static class TypedText
{
    /// <summary>Trimmed, or null when nothing but blanks was typed (optional fields store null, not "").</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
