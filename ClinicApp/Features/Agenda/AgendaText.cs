using System.Globalization;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Agenda;

/// <summary>Words the agenda screens share: lengths of time and when something happens.</summary>
public static class AgendaText
{
    /// <summary>"30 min", "1 h", "1 h 30 min".</summary>
    public static string Duration(IStringLocalizer localizer, int minutes) => (minutes / 60, minutes % 60) switch
    {
        (0, var m) => string.Format(CultureInfo.CurrentCulture, localizer["Agenda.Minutes"], m),
        (var h, 0) => string.Format(CultureInfo.CurrentCulture, localizer["Agenda.Hours"], h),
        (var h, var m) => string.Format(CultureInfo.CurrentCulture, localizer["Agenda.HoursMinutes"], h, m),
    };

    /// <summary>"09:00–09:30".</summary>
    public static string Span(AgendaItem item) =>
        $"{item.Start.ToString("t", CultureInfo.CurrentCulture)}–{item.End.ToString("t", CultureInfo.CurrentCulture)}";
}
