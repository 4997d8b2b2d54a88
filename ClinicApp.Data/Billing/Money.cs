namespace ClinicApp.Data.Billing;

/// <summary>Rounding of money: two places, half away from zero (as receipts are read).</summary>
public static class Money
{
    public static decimal Round(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>Centavos, as payment providers count.</summary>
    public static long ToCents(decimal value) => (long)(Round(value) * 100);
}
