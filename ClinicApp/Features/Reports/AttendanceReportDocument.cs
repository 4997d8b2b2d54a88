using System.Globalization;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Infrastructure.Pdf;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Reports;

/// <summary>The attendance report as PDF with the project's composer, in the current culture's
/// language: the figures first, then who came and who did not (the tables continue over pages,
/// their header repeated, and every page names the report and the day).</summary>
public static class AttendanceReportDocument
{
    public static PdfFile Render(AttendanceReport report, IStringLocalizer localizer)
    {
        var culture = CultureInfo.CurrentCulture;
        var shortDay = report.Day.ToString("d", culture);
        var composer = new PdfComposer(new PdfPageFrame(report.Hospital, localizer["Reports.Pdf.Subtitle", shortDay],
                (page, pages) => localizer["Pdf.PageOf", page, pages]))
            .Text(localizer["Reports.Pdf.Title"], 16f, bold: true, spaceAfter: 2f)
            .Text(HospitalCulture.Capitalized(report.Day.ToString("D", culture), culture), 11f, spaceAfter: 12f)
            .Text(localizer["Reports.Pdf.Summary"], 12f, bold: true, spaceAfter: 4f)
            .KeyValues(
            [
                (localizer["Reports.Figure.Appointments"], Count(report.Appointments)),
                (localizer["Reports.Figure.Attended"], Count(report.Attended)),
                (localizer["Reports.Figure.NoShows"], Count(report.NoShows)),
                (localizer["Reports.Figure.CancelledAtDesk"], Count(report.CancelledAtDesk)),
                (localizer["Reports.Figure.CancelledByTutor"], Count(report.CancelledByTutor)),
                (localizer["Reports.Figure.Open"], Count(report.Open)),
                (localizer["Reports.Figure.Confirmed"], Count(report.Confirmed)),
                (localizer["Reports.Figure.ConfirmedByWhatsApp"], Count(report.ConfirmedByWhatsApp)),
            ], keyShare: 0.55f, spaceAfter: 10f);

        var reminders = report.Reminders;
        composer.Text(localizer["Reports.Pdf.Reminders"], 12f, bold: true, spaceAfter: 4f);
        if (reminders.Queued == 0 && reminders.NotReached == 0)
        {
            composer.Text(localizer["Reports.Pdf.NoReminders"], spaceAfter: 10f);
        }
        else
        {
            composer.Table(
                [
                    new PdfColumn(localizer["Reports.Pdf.Column.Reminders"], 5),
                    new PdfColumn(localizer["Reports.Pdf.Column.Count"], 1.5f, PdfAlign.Right),
                    new PdfColumn(localizer["Reports.Pdf.Column.Rate"], 1.5f, PdfAlign.Right),
                ],
                [
                    [localizer["Reports.Reminder.Queued"], Count(reminders.Queued), ""],
                    [localizer["Reports.Reminder.Sent"], Count(reminders.Sent), Rate(reminders, reminders.Sent)],
                    [localizer["Reports.Reminder.Delivered"], Count(reminders.Delivered), Rate(reminders, reminders.Delivered)],
                    [localizer["Reports.Reminder.Read"], Count(reminders.Read), Rate(reminders, reminders.Read)],
                    [localizer["Reports.Reminder.Failed"], Count(reminders.Failed), Rate(reminders, reminders.Failed)],
                    [localizer["Reports.Reminder.Pending"], Count(reminders.Pending), ""],
                    [localizer["Reports.Reminder.Kept"], Count(reminders.Kept), ""],
                    [localizer["Reports.Reminder.Cancelled"], Count(reminders.Cancelled), ""],
                    [localizer["Reports.Reminder.NotReached"], Count(reminders.NotReached), ""],
                ]);
            composer.Text(localizer["Reports.Pdf.RatesNote"], 8f, spaceAfter: 10f);
        }

        List(composer, localizer, localizer["Reports.Pdf.Presences", report.Presences.Count], report.Presences, localizer["Reports.Pdf.NoPresences"]);
        List(composer, localizer, localizer["Reports.Pdf.Absences", report.Absences.Count], report.Absences, localizer["Reports.Pdf.NoAbsences"]);
        return new PdfFile(localizer["Reports.Pdf.FileName", report.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], composer.ToPdf());
    }

    /// <summary>What the report calls an appointment's outcome: a cancellation says who made it.</summary>
    public static string StatusText(AttendanceRow row, IStringLocalizer localizer) =>
        row.Status != AppointmentStatus.Cancelled ? localizer[$"Appointment.Status.{row.Status}"]
        : AttendanceReport.IsCancelledByTutor(row) ? localizer["Reports.Status.CancelledByTutor"]
        : localizer["Reports.Status.CancelledAtDesk"];

    private static void List(PdfComposer composer, IStringLocalizer localizer, string title, IReadOnlyList<AttendanceRow> rows, string none)
    {
        composer.Text(title, 12f, bold: true, spaceAfter: 4f);
        if (rows.Count == 0)
        {
            composer.Text(none, spaceAfter: 10f);
            return;
        }

        composer.Table(
            [
                // The time fits "10:00 AM" on one line; the status "Cancelado pelo tutor (WhatsApp)" on two at most.
                new PdfColumn(localizer["Reports.Pdf.Column.Time"], 1.6f),
                new PdfColumn(localizer["Reports.Pdf.Column.Pet"], 2.4f),
                new PdfColumn(localizer["Reports.Pdf.Column.Tutor"], 3f),
                new PdfColumn(localizer["Reports.Pdf.Column.Veterinarian"], 3f),
                new PdfColumn(localizer["Reports.Pdf.Column.Status"], 3f),
            ],
            rows.Select(r => (IReadOnlyList<string>)
            [
                r.Start.ToString("t", CultureInfo.CurrentCulture),
                r.Pet,
                r.Tutor,
                r.Veterinarian,
                StatusText(r, localizer),
            ]));
    }

    private static string Count(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    private static string Rate(ReminderFigures figures, int count) =>
        figures.Rate(count) is { } rate ? rate.ToString("P0", CultureInfo.CurrentCulture) : "—";
}
