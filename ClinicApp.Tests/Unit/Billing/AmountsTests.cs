using ClinicApp.Data.Common;

namespace ClinicApp.Tests.Unit.Billing;

/// <summary>The one rule for money and quantities: what a person types is read exactly or refused.</summary>
public sealed class AmountsTests
{
    [Theory]
    [InlineData("150", 150.00)]
    [InlineData("150,5", 150.50)]
    [InlineData("150.50", 150.50)]
    [InlineData(" 0,01 ", 0.01)]
    [InlineData("1000000", 1_000_000)]
    public void Typed_positive_amounts_are_read_exactly(string typed, double expected)
    {
        Assert.True(Amounts.TryParse(typed, out var value));
        Assert.Equal((decimal)expected, value);
        Assert.True(Amounts.IsPositiveMoney(value));
    }

    [Theory]
    [InlineData("-10")]
    [InlineData("abc")]
    [InlineData("1e308")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("R$ 10")]
    [InlineData("1.234,56")]
    [InlineData("10,")]
    [InlineData(",5")]
    [InlineData("+5")]
    [InlineData("99999999999999999999999999999999999")]
    public void Text_that_is_not_a_plain_number_is_not_read(string? typed) =>
        Assert.False(Amounts.TryParse(typed, out _));

    [Theory]
    [InlineData("0")]
    [InlineData("0,00")]
    [InlineData("10.005")]
    [InlineData("10,005")]
    [InlineData("1000000,01")]
    [InlineData("1e308")]
    [InlineData("-10")]
    [InlineData("abc")]
    public void Desk_payment_amounts_that_are_not_positive_money_are_refused_with_the_amount_message(string typed)
    {
        var refusal = Assert.Throws<DomainRuleException>(() =>
            Amounts.RequirePositiveMoney(Amounts.Parse(typed, "Invoices.Error.Amount"), "Invoices.Error.Amount"));
        Assert.Equal("Invoices.Error.Amount", refusal.Message);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(0.01, true)]
    [InlineData(-0.01, false)]
    [InlineData(10.005, false)]
    [InlineData(1_000_000, true)]
    [InlineData(1_000_000.01, false)]
    public void Prices_and_discounts_may_be_zero_but_not_negative_nor_fractions_of_a_centavo(double amount, bool accepted) =>
        Assert.Equal(accepted, Amounts.IsMoneyOrZero((decimal)amount));

    [Theory]
    [InlineData(1, true)]
    [InlineData(0.001, true)]
    [InlineData(2.5, true)]
    [InlineData(10_000, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(0.0001, false)]
    [InlineData(10_000.001, false)]
    public void Quantities_are_positive_with_at_most_three_decimals_and_a_sensible_maximum(double quantity, bool accepted) =>
        Assert.Equal(accepted, Amounts.IsQuantity((decimal)quantity));

    [Fact]
    public void An_amount_shown_for_editing_reads_back_the_same_in_either_language()
    {
        foreach (var culture in new[] { "en", "pt-BR" })
        {
            var previous = System.Globalization.CultureInfo.CurrentCulture;
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(culture);
            try
            {
                Assert.True(Amounts.TryParse(Amounts.ForEditing(12345.6m), out var value));
                Assert.Equal(12345.60m, value);
            }
            finally
            {
                System.Globalization.CultureInfo.CurrentCulture = previous;
            }
        }
    }
}
