using System.Globalization;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.OnlineBooking;

/// <summary>How the portal writes appointment times: short enough for a phone, in the reader's language.</summary>
public static class BookingText
{
    /// <summary>"Tue, 12 Dec · 10:00" (the hospital's wall clock).</summary>
    public static string When(DateTime local) =>
        $"{Capitalised(local.ToString("ddd, d MMM", CultureInfo.CurrentCulture))} · {local.ToString("t", CultureInfo.CurrentCulture)}";

    /// <summary>"Today", "Tomorrow" or "Wednesday, 13 Dec": the heading of a day's free times.</summary>
    public static string Day(IStringLocalizer l, DateOnly day, DateOnly today) =>
        day == today ? l["Booking.Today"]
        : day == today.AddDays(1) ? l["Booking.Tomorrow"]
        : Capitalised(day.ToString("dddd, d MMM", CultureInfo.CurrentCulture));

    private static string Capitalised(string text) =>
        text.Length == 0 ? text : string.Concat(text[..1].ToUpper(CultureInfo.CurrentCulture), text[1..]);
}
