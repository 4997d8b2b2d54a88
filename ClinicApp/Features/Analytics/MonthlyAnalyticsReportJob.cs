using System.Globalization;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Infrastructure.Pdf;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Analytics;

/// <summary>On the 1st of every month, early in the morning of the hospital's time zone, last month's analytics
/// report (<see cref="AnalyticsReport"/>, the whole hospital) is e-mailed as PDF to each active admin through the
/// outbox, in the admin's language. One message per admin and month, ever: its unique key
/// ("analytics:2026-11:{admin}") is refused by the database the second time, so a retry or a second app instance
/// sends nothing more.</summary>
public sealed class MonthlyAnalyticsReportJob(
    AnalyticsService analytics,
    ClinicDbFactory dbFactory,
    HospitalMailer mailer,
    HospitalTime time,
    TenantContext tenant,
    IStringLocalizer<SharedResource> localizer,
    ILogger<MonthlyAnalyticsReportJob> logger) : IHospitalRecurringJob
{
    public const string JobName = "analytics-report";

    /// <summary>At 06:00 on the 1st: the month is closed, and the report waits in the admin's inbox for the morning.</summary>
    public const string Schedule = "0 6 1 * *";

    public string Name => JobName;

    public static string Key(AnalyticsPeriod month, Guid adminId) =>
        $"analytics:{month.From.ToString("yyyy-MM", CultureInfo.InvariantCulture)}:{adminId:N}";

    public Task<string?> CronAsync(CancellationToken ct) => Task.FromResult<string?>(Schedule);

    public async Task RunAsync(CancellationToken ct) => await RunAsync(AnalyticsPeriod.LastMonthOf(time.Today), ct);

    /// <summary>Queues the report of <paramref name="month"/> for the admins who do not have it yet; returns how
    /// many messages were queued. The dashboard is computed once, and only when someone still needs it.</summary>
    public async Task<int> RunAsync(AnalyticsPeriod month, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = await AdminRecipients.WithoutMessageAsync(db, id => Key(month, id), ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var dashboard = await analytics.ForScheduledJobAsync(month, ct);
        var queued = 0;
        foreach (var language in due.GroupBy(a => a.Language ?? tenant.Tenant.Culture))
        {
            var culture = CultureInfo.GetCultureInfo(language.Key);
            var pdf = AnalyticsReport.RenderIn(culture, dashboard, localizer, time.Zone);
            // The localizer reads the thread's UI culture: the texts of a message are made in the admin's.
            using var inLanguage = HospitalCulture.Use(culture);
            var monthText = HospitalCulture.Capitalized(month.From.ToString("Y", culture), culture);
            var subject = (string)localizer["Analytics.Email.Subject", monthText, dashboard.HospitalName];
            var fileName = AnalyticsReport.FileName(localizer["Analytics.Export.ReportFile"], tenant.Tenant.Slug, month, "pdf");
            List<string> paragraphs = [localizer["Analytics.Email.Body", monthText, dashboard.HospitalName]];
            paragraphs.AddRange(dashboard.Cards.Where(c => c.Current is not null).Take(6).Select(c => (string)localizer["Analytics.Email.Figure",
                c.Value.Label, AnalyticsTables.Text(c.Current, c.Value.Format, culture), AnalyticsReport.ChangeText(c.ChangePercent, culture)]));
            foreach (var admin in language)
            {
                var greeting = (string)localizer["Email.Greeting", admin.DisplayName];
                var draft = new EmailDraft(admin.Email, admin.DisplayName, subject, [greeting, .. paragraphs],
                    Attachments: [new PdfFile(fileName, pdf)], UniqueKey: Key(month, admin.Id));
                try
                {
                    await mailer.EnqueueAsync(draft, ct);
                    queued++;
                }
                catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
                {
                    // Another run queued this admin's report a moment ago: theirs is the one.
                    logger.LogInformation("The analytics report of {Month} for admin {Admin} was already queued", month.FromText, admin.Id);
                }
            }
        }

        return queued;
    }
}
