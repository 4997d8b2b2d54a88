using System.Globalization;

namespace ClinicApp.Components.Shared;

/// <summary>Money of the hospital (BRL) written in the reader's language: "R$ 1.234,50" in pt-BR,
/// "R$1,234.50" in English — the symbol is the hospital's currency's, never the reader's.</summary>
public static class MoneyFormat
{
    public static string Brl(this decimal amount) => InCulture(amount, CultureInfo.CurrentCulture);

    public static string InCulture(decimal amount, CultureInfo culture)
    {
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencySymbol = "R$";
        return amount.ToString("C2", format);
    }
}
