using System.Globalization;
using ClinicApp.Components.Shared;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ClinicApp.Features.Analytics;

/// <summary>How the dashboard and its drill-down write a figure, a change and a period in the reader's language.
/// A missing value reads "—", never NaN, ∞ or 0.</summary>
public static class AnalyticsText
{
    public const string Missing = "—";

    public static string Value(decimal? value, ValueFormat format, IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        if (value is not { } v)
        {
            return Missing;
        }

        var culture = CultureInfo.CurrentCulture;
        return format switch
        {
            ValueFormat.Money => v.Brl(),
            ValueFormat.Percent => (v / 100m).ToString("P1", culture),
            ValueFormat.Days => localizer["Analytics.Page.Days", v.ToString("0.0", culture)].Value,
            _ => v.ToString("N0", culture),
        };
    }

    /// <summary>"▲ 12.5%", "▼ 3.0%", "= 0.0%"; "—" when there is nothing to compare with.</summary>
    public static string Change(decimal? change)
    {
        if (change is not { } c)
        {
            return Missing;
        }

        var arrow = c > 0 ? "▲" : c < 0 ? "▼" : "=";
        return $"{arrow} {(Math.Abs(c) / 100m).ToString("P1", CultureInfo.CurrentCulture)}";
    }

    /// <summary>Green when the figure moved the good way (up, or down for a figure that should go down), red the other way.</summary>
    public static Color ChangeColor(decimal? change, bool higherIsBetter) => change switch
    {
        null or 0 => Color.Default,
        > 0 => higherIsBetter ? Color.Success : Color.Error,
        _ => higherIsBetter ? Color.Error : Color.Success,
    };

    /// <summary>"01/03/2027 – 30/03/2027", or one date for a one-day period.</summary>
    public static string Period(AnalyticsPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var culture = CultureInfo.CurrentCulture;
        return period.Days == 1
            ? period.From.ToString("d", culture)
            : $"{period.From.ToString("d", culture)} – {period.To.ToString("d", culture)}";
    }

    /// <summary>The PDF report of the period (served by the feature's endpoint), relative to the hospital's base.</summary>
    public static string ReportHref(AnalyticsPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return $"analytics/report.pdf?{period.Query}";
    }

    /// <summary>A chart's table as CSV or XLSX (<paramref name="extension"/>), relative to the hospital's base.</summary>
    public static string TableHref(string chartId, string extension, AnalyticsPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return $"analytics/{Uri.EscapeDataString(chartId)}.{extension}?{period.Query}";
    }
}
