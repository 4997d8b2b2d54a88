using ClinicApp;
using ClinicApp.Features.Analytics;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ClinicApp.Tests.Unit.Analytics;

/// <summary>How the dashboard writes its figures in each language, and that nothing reads NaN or ∞.</summary>
public sealed class AnalyticsTextTests
{
    private static readonly IStringLocalizer L = Localizer();

    [Theory]
    [InlineData("pt-BR", ValueFormat.Money, "1500.5", "R$ 1.500,50")]
    [InlineData("en", ValueFormat.Money, "1500.5", "R$1,500.50")]
    [InlineData("pt-BR", ValueFormat.Percent, "28.6", "28,6%")]
    [InlineData("en", ValueFormat.Percent, "28.6", "28.6%")]
    [InlineData("pt-BR", ValueFormat.Count, "12345", "12.345")]
    [InlineData("en", ValueFormat.Days, "2.5", "2.5 days")]
    [InlineData("pt-BR", ValueFormat.Days, "2.5", "2,5 dias")]
    public void A_value_reads_in_the_readers_language(string culture, ValueFormat format, string value, string expected)
    {
        using var _ = new CultureScope(culture);

        Assert.Equal(expected, AnalyticsText.Value(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), format, L));
    }

    [Theory]
    [InlineData(ValueFormat.Money)]
    [InlineData(ValueFormat.Percent)]
    [InlineData(ValueFormat.Days)]
    public void A_missing_value_reads_as_a_dash(ValueFormat format) =>
        Assert.Equal("—", AnalyticsText.Value(null, format, L));

    [Fact]
    public void A_change_has_its_arrow_and_none_is_invented_without_a_previous_value()
    {
        using var _ = new CultureScope("pt-BR");

        Assert.Equal("▲ 50,0%", AnalyticsText.Change(AnalyticsMath.Change(1500m, 1000m)));
        Assert.Equal("▼ 28,6%", AnalyticsText.Change(AnalyticsMath.Change(5m, 7m)));
        Assert.Equal("= 0,0%", AnalyticsText.Change(AnalyticsMath.Change(7m, 7m)));
        Assert.Equal("—", AnalyticsText.Change(AnalyticsMath.Change(7m, 0m)));
        Assert.Equal("—", AnalyticsText.Change(AnalyticsMath.Change(7m, null)));
    }

    [Theory]
    [InlineData(10, true, Color.Success)]
    [InlineData(-10, true, Color.Error)]
    [InlineData(10, false, Color.Error)]
    [InlineData(-10, false, Color.Success)]
    [InlineData(0, true, Color.Default)]
    public void The_colour_says_whether_the_figure_moved_the_good_way(int change, bool higherIsBetter, Color expected) =>
        Assert.Equal(expected, AnalyticsText.ChangeColor(change, higherIsBetter));

    [Fact]
    public void The_download_addresses_carry_the_period()
    {
        var period = new AnalyticsPeriod(new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 31));

        Assert.Equal("analytics/report.pdf?from=2027-03-01&to=2027-03-31", AnalyticsText.ReportHref(period));
        Assert.Equal("analytics/top-services.xlsx?from=2027-03-01&to=2027-03-31", AnalyticsText.TableHref("top-services", "xlsx", period));
    }

    private static IStringLocalizer Localizer()
    {
        var services = new ServiceCollection();
        services.AddClinicTexts();
        return services.BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();
    }
}
