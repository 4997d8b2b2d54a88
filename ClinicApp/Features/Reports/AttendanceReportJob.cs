using System.Globalization;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Reports;

/// <summary>Every evening, at the hour the hospital chose (<see cref="MessagingSettings.AttendanceReportHour"/>,
/// its own time zone), the day's attendance report as PDF is e-mailed to each active admin through the
/// outbox, in the admin's language. One message per admin and day, ever: its unique key
/// ("report:{day}:{admin}") is refused by the database the second time, so a job that runs twice (a
/// retry, two app instances) sends nothing more.</summary>
public sealed class AttendanceReportJob(
    AttendanceReportService reports,
    ClinicDbFactory dbFactory,
    HospitalMailer mailer,
    HospitalTime time,
    TenantContext tenant,
    IStringLocalizer<SharedResource> localizer,
    ILogger<AttendanceReportJob> logger) : IHospitalRecurringJob
{
    public const string JobName = "attendance-report";

    public string Name => JobName;

    public static string Key(DateOnly day, Guid adminId) =>
        $"report:{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}:{adminId:N}";

    /// <summary>Daily at the hour (0–23); anything else stored falls back to the default hour.</summary>
    public static string Cron(int hour) =>
        $"0 {(hour is >= 0 and <= 23 ? hour : new MessagingSettings().AttendanceReportHour)} * * *";

    public async Task<string?> CronAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hour = await db.MessagingSettings.AsNoTracking().Select(s => (int?)s.AttendanceReportHour).FirstOrDefaultAsync(ct);
        return Cron(hour ?? new MessagingSettings().AttendanceReportHour);
    }

    public async Task RunAsync(CancellationToken ct) => await RunAsync(time.Today, ct);

    /// <summary>Queues the report of <paramref name="day"/> for the admins who do not have it yet;
    /// returns how many messages were queued.</summary>
    public async Task<int> RunAsync(DateOnly day, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = await AdminRecipients.WithoutMessageAsync(db, id => Key(day, id), ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var report = await reports.ForScheduledJobAsync(day, ct);
        var queued = 0;
        foreach (var language in due.GroupBy(a => a.Language ?? tenant.Tenant.Culture))
        {
            using var culture = HospitalCulture.Use(CultureInfo.GetCultureInfo(language.Key));
            var pdf = AttendanceReportDocument.Render(report, localizer);
            var dayText = day.ToString("d", CultureInfo.CurrentCulture);
            foreach (var admin in language)
            {
                var draft = new EmailDraft(admin.Email, admin.DisplayName, localizer["Reports.Email.Subject", dayText, report.Hospital],
                    [
                        localizer["Email.Greeting", admin.DisplayName],
                        localizer["Reports.Email.Body", dayText, report.Hospital],
                        localizer["Reports.Email.Figures", report.Appointments, report.Attended, report.NoShows, report.CancelledAtDesk, report.CancelledByTutor],
                        localizer["Reports.Email.Reminders", report.Reminders.Sent, report.Reminders.Delivered, report.Reminders.Read, report.Reminders.Failed],
                    ],
                    Attachments: [pdf], UniqueKey: Key(day, admin.Id));
                try
                {
                    await mailer.EnqueueAsync(draft, ct);
                    queued++;
                }
                catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
                {
                    // Another run queued this admin's report a moment ago: theirs is the one.
                    logger.LogInformation("The attendance report of {Day} for admin {Admin} was already queued", day, admin.Id);
                }
            }
        }

        return queued;
    }
}
