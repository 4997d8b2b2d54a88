using System.Globalization;

namespace ClinicApp.Data.Common;

/// <summary>The one rule for money and quantities that enter the hospital's books (payments, discounts,
/// prices, charge quantities): every service and entity checks with it, and every form reads typed text
/// with <see cref="TryParse"/>, so a value is either exactly what was meant or refused — never coerced
/// (a field that clamped "-10" to 0,01 or rounded "10.005" to 10,01 took money nobody asked for).</summary>
public static class Amounts
{
    /// <summary>Above any single charge or payment of a veterinary hospital: a larger figure is a typo.</summary>
    public const decimal MaxMoney = 1_000_000m;

    /// <summary>Units, millilitres, days…: more in one line is a typo.</summary>
    public const decimal MaxQuantity = 10_000m;

    public const int MoneyDecimals = 2;

    public const int QuantityDecimals = 3;

    /// <summary>A positive amount of money, at most <see cref="MaxMoney"/>, in whole centavos.</summary>
    public static bool IsPositiveMoney(decimal value) => value > 0 && IsMoneyOrZero(value);

    /// <summary>Zero or a positive amount (a price may be free, a discount may be none).</summary>
    public static bool IsMoneyOrZero(decimal value) =>
        value >= 0 && value <= MaxMoney && decimal.Round(value, MoneyDecimals) == value;

    /// <summary>A positive quantity, at most <see cref="MaxQuantity"/>, with at most three decimals.</summary>
    public static bool IsQuantity(decimal value) =>
        value > 0 && value <= MaxQuantity && decimal.Round(value, QuantityDecimals) == value;

    public static decimal RequirePositiveMoney(decimal value, string errorKey) =>
        IsPositiveMoney(value) ? value : throw new DomainRuleException(errorKey);

    public static decimal RequireMoneyOrZero(decimal value, string errorKey) =>
        IsMoneyOrZero(value) ? value : throw new DomainRuleException(errorKey);

    public static decimal RequireQuantity(decimal value, string errorKey) =>
        IsQuantity(value) ? value : throw new DomainRuleException(errorKey);

    /// <summary>Reads a number as a person types it: digits with at most one decimal separator, the
    /// comma or the point (people type both, whatever their language). No sign, exponent, currency
    /// symbol or thousands separator: "1.234" could mean a thousand or one point two, so it is read as
    /// the decimal it looks like and then refused by the decimals rule instead of being guessed.</summary>
    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 32)
        {
            return false;
        }

        var separators = 0;
        foreach (var c in trimmed)
        {
            if (c is ',' or '.')
            {
                separators++;
            }
            else if (c is < '0' or > '9')
            {
                return false;
            }
        }

        if (separators > 1 || trimmed[0] is ',' or '.' || trimmed[^1] is ',' or '.')
        {
            return false;
        }

        return decimal.TryParse(trimmed.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary><see cref="TryParse"/>, refusing with <paramref name="errorKey"/> what is not a number.</summary>
    public static decimal Parse(string? text, string errorKey) =>
        TryParse(text, out var value) ? value : throw new DomainRuleException(errorKey);

    /// <summary>How a form shows an amount for editing: no thousands separator, so that it reads back.</summary>
    public static string ForEditing(decimal value, int decimals = MoneyDecimals) =>
        value.ToString(decimals == MoneyDecimals ? "0.00" : "0.###", CultureInfo.CurrentCulture);
}
