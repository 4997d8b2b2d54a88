namespace ClinicApp.Common;

/// <summary>The Brazilian taxpayer number: 11 digits whose last two are check digits (mod 11).</summary>
public static class Cpf
{
    /// <summary>The 11 digits of a valid CPF typed with or without punctuation; null when invalid.</summary>
    public static string? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Any(c => !char.IsAsciiDigit(c) && c is not ('.' or '-' or ' ')))
        {
            return null;
        }

        var digits = Data.Common.SearchText.Digits(text);
        if (digits.Length != 11 || digits.All(c => c == digits[0]))
        {
            return null;
        }

        return CheckDigit(digits, 9) == digits[9] - '0' && CheckDigit(digits, 10) == digits[10] - '0' ? digits : null;
    }

    public static bool IsValid(string? text) => Parse(text) is not null;

    /// <summary>"12345678909" → "123.456.789-09".</summary>
    public static string Format(string? digits) =>
        digits is { Length: 11 } ? $"{digits[..3]}.{digits[3..6]}.{digits[6..9]}-{digits[9..]}" : digits ?? "";

    /// <summary>Completes nine digits with their two check digits (used by the demo data and tests).</summary>
    public static string Complete(string nineDigits)
    {
        var tenth = nineDigits + CheckDigit(nineDigits, 9);
        return tenth + CheckDigit(tenth, 10);
    }

    private static int CheckDigit(string digits, int count)
    {
        var sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += (digits[i] - '0') * (count + 1 - i);
        }

        var rest = sum * 10 % 11;
        return rest == 10 ? 0 : rest;
    }
}
