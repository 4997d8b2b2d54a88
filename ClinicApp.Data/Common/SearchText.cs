using System.Globalization;
using System.Text;

namespace ClinicApp.Data.Common;

/// <summary>The forgiving form search compares: lower case, no accents, punctuation folded to
/// single spaces ("José  da Silva-Ramos" → "jose da silva ramos").</summary>
public static class SearchText
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (!space && builder.Length > 0)
            {
                builder.Append(' ');
                space = true;
            }
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>Only the digits ("123.456.789-09" → "12345678909").</summary>
    public static string Digits(string? text) =>
        string.IsNullOrEmpty(text) ? "" : new string(text.Where(char.IsAsciiDigit).ToArray());

    /// <summary>Joins the parts a record is found by, each normalized, separated by " | ".</summary>
    public static string Of(params string?[] parts) =>
        string.Join(" | ", parts.Select(Normalize).Where(p => p.Length > 0));

    /// <summary>A search made only of digits and punctuation ("123.456", "(11) 98765-43") is one
    /// number; anything else is split into normalized words.</summary>
    public static IReadOnlyList<string> Words(string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return [];
        }

        var trimmed = search.Trim();
        if (trimmed.Any(char.IsAsciiDigit) && trimmed.All(c => char.IsAsciiDigit(c) || char.IsWhiteSpace(c) || c is '.' or '-' or '(' or ')' or '+' or '/'))
        {
            return [Digits(trimmed)];
        }

        return Normalize(trimmed).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().Take(6).ToList();
    }
}
