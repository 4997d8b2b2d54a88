using ClinicApp.Data.Identity;
using ClinicApp.Features.Analytics;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ClinicApp.Tests.Integration.Analytics;

/// <summary>The monthly report: last month's PDF e-mailed once to every active admin, in their language, on the
/// 1st early in the hospital's morning.</summary>
public sealed class MonthlyAnalyticsReportJobTests(AnalyticsExportFixture fixture) : IClassFixture<AnalyticsExportFixture>
{
    private readonly AnalyticsExportApp _app = fixture.App;

    private static MonthlyAnalyticsReportJob Job(IServiceProvider services) =>
        (MonthlyAnalyticsReportJob)services.GetServices<IHospitalRecurringJob>().Single(j => j.Name == "analytics-report");

    [Fact]
    public async Task Every_active_admin_gets_last_months_pdf_once_even_when_the_job_runs_twice_at_once()
    {
        var tutor = $"{ExportTestSection.Marker} Mensal {Guid.NewGuid():N}";
        await using (var desk = await Desk.AsAsync(_app, "aurora"))
        {
            await desk.NewTutorAsync(tutor);
        }

        var users = new TestUsers(_app);
        var english = await users.CreateAsync("aurora", Roles.Admin, "Regina English");
        var portuguese = await users.CreateAsync("aurora", Roles.Admin, "Rita Português");
        var inactive = await users.CreateAsync("aurora", Roles.Admin);
        var vet = await users.CreateAsync("aurora", Roles.Veterinarian);
        await users.DeactivateAsync("aurora", inactive);
        await using (var scope = await users.ScopeAsync("aurora"))
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await manager.FindByEmailAsync(english))!;
            user.PreferredCulture = "en";
            await manager.UpdateAsync(user);
        }

        var month = new AnalyticsPeriod(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31));
        await using var one = await users.ScopeAsync("aurora");
        await using var two = await users.ScopeAsync("aurora");
        var queued = await Task.WhenAll(Job(one.ServiceProvider).RunAsync(month, CancellationToken.None), Job(two.ServiceProvider).RunAsync(month, CancellationToken.None));

        await using var db = await one.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        const string prefix = "analytics:2026-10:";
        var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.ReminderKey != null && m.ReminderKey.StartsWith(prefix)).ToListAsync();
        var activeAdmins = await (from u in db.Users
                                  join ur in db.UserRoles on u.Id equals ur.UserId
                                  join r in db.Roles on ur.RoleId equals r.Id
                                  where r.Name == Roles.Admin && u.IsActive
                                  select u.Email).ToListAsync();
        Assert.Equal(activeAdmins.Order(StringComparer.Ordinal), rows.Select(r => r.To).Order(StringComparer.Ordinal));
        Assert.Equal(rows.Count, queued.Sum());
        Assert.DoesNotContain(rows, r => r.To == inactive || r.To == vet);

        var pt = await MessageAsync(rows.Single(r => r.To == portuguese));
        Assert.Equal($"Relatório de análises de Outubro de 2026 · {(await _app.HospitalAsync("aurora")).Name}", pt.Subject);
        Assert.Contains("Rita Português", pt.TextBody, StringComparison.Ordinal);
        Assert.Contains("Export test card: R$", pt.TextBody, StringComparison.Ordinal);
        var (name, text) = await PdfOf(pt);
        Assert.Equal("analises-aurora-2026-10-01-2026-10-31.pdf", name);
        Assert.True(PdfText.Has(text, "Relatório de análises"), text);
        Assert.True(PdfText.Has(text, "01/10/2026 a 31/10/2026"), text);
        Assert.True(PdfText.Has(text, tutor), text);
        Assert.True(PdfText.Has(text, "hospital"), text); // the whole hospital's figures, not a person's view
        var en = await MessageAsync(rows.Single(r => r.To == english));
        Assert.StartsWith("Analytics report of October 2026", en.Subject, StringComparison.Ordinal);
        Assert.True(PdfText.Has((await PdfOf(en)).Text, "Period 10/1/2026 to 10/31/2026"));

        // Later runs of the month (Hangfire's retry, another instance) queue nothing more.
        Assert.Equal(0, await Job(one.ServiceProvider).RunAsync(month, CancellationToken.None));
        Assert.Equal(rows.Count, await db.OutboxMessages.CountAsync(m => m.ReminderKey != null && m.ReminderKey.StartsWith(prefix)));

        // The other hospital's outbox has nothing of this run.
        await using var other = await users.ScopeAsync("boavista");
        await using var otherDb = await other.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        Assert.False(await otherDb.OutboxMessages.AnyAsync(m => m.ReminderKey != null && m.ReminderKey.StartsWith(prefix)));
    }

    [Fact]
    public async Task It_runs_on_the_first_of_the_month_early_in_the_hospitals_time_zone_for_the_month_before()
    {
        var hospital = await _app.HospitalAsync("boavista");
        await _app.Services.GetRequiredService<HospitalSchedules>().ScheduleAsync(hospital);

        using var connection = _app.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = connection.GetRecurringJobs().Single(j => j.Id == HospitalSchedules.JobId("analytics-report", hospital));
        Assert.Equal("0 6 1 * *", job.Cron);
        Assert.Equal(hospital.TimeZone.Id, job.TimeZoneId);
        Assert.Equal(new AnalyticsPeriod(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)), AnalyticsPeriod.LastMonthOf(new DateOnly(2026, 12, 1)));
        Assert.Equal("analytics:2026-11:" + Guid.Empty.ToString("N"), MonthlyAnalyticsReportJob.Key(AnalyticsPeriod.LastMonthOf(new DateOnly(2026, 12, 1)), Guid.Empty));
    }

    private async Task<MimeMessage> MessageAsync(ClinicApp.Data.Billing.OutboxMessage row) =>
        await MimeMessage.LoadAsync(Path.Combine(_app.DataDirectory, "outbox", "aurora", row.File!));

    private static async Task<(string Name, string Text)> PdfOf(MimeMessage message)
    {
        var pdf = message.Attachments.OfType<MimePart>().Single(a => a.ContentType.MimeType == "application/pdf");
        using var content = new MemoryStream();
        await pdf.Content!.DecodeToAsync(content);
        return (pdf.FileName ?? "", string.Join(" ", PdfText.Pages(content.ToArray())));
    }
}
