using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Reports;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ClinicApp.Tests.Integration.Reports;

/// <summary>The evening job: the day's report e-mailed (with its PDF) to every active admin once, in
/// their language, scheduled at the hour the hospital chose.</summary>
[Collection(AppCollection.Name)]
public sealed class AttendanceReportJobTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    private static AttendanceReportJob Job(IServiceProvider services) =>
        (AttendanceReportJob)services.GetServices<IHospitalRecurringJob>().Single(j => j.Name == "attendance-report");

    [Fact]
    public async Task Every_active_admin_gets_the_days_pdf_once_even_when_the_job_runs_twice_at_once()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora");
        var day = await AttendanceDay.SeedAsync(desk);
        var users = new TestUsers(_app);
        var english = await users.CreateAsync("aurora", Roles.Admin, "Regina English");
        var portuguese = await users.CreateAsync("aurora", Roles.Admin, "Rita Português");
        var inactive = await users.CreateAsync("aurora", Roles.Admin);
        var reception = await users.CreateAsync("aurora", Roles.Receptionist);
        await users.DeactivateAsync("aurora", inactive);
        await using (var scope = await users.ScopeAsync("aurora"))
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await manager.FindByEmailAsync(english))!;
            user.PreferredCulture = "en";
            await manager.UpdateAsync(user);
        }

        await using var one = await users.ScopeAsync("aurora");
        await using var two = await users.ScopeAsync("aurora");
        var queued = await Task.WhenAll(Job(one.ServiceProvider).RunAsync(day.Day, CancellationToken.None), Job(two.ServiceProvider).RunAsync(day.Day, CancellationToken.None));

        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var prefix = $"report:{day.Day:yyyy-MM-dd}:";
        var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.ReminderKey != null && m.ReminderKey.StartsWith(prefix)).ToListAsync();
        var activeAdmins = await (from u in db.Users
                                  join ur in db.UserRoles on u.Id equals ur.UserId
                                  join r in db.Roles on ur.RoleId equals r.Id
                                  where r.Name == Roles.Admin && u.IsActive
                                  select u.Email).ToListAsync();
        Assert.Equal(activeAdmins.Order(StringComparer.Ordinal), rows.Select(r => r.To).Order(StringComparer.Ordinal));
        Assert.Equal(rows.Count, queued.Sum());
        Assert.DoesNotContain(rows, r => r.To == inactive || r.To == reception);
        Assert.All(rows, r => Assert.True(File.Exists(Path.Combine(_app.DataDirectory, "outbox", "aurora", r.File!)), r.File));

        var pt = await MessageAsync(rows.Single(r => r.To == portuguese));
        Assert.Contains("Relatório de comparecimento", pt.Subject, StringComparison.Ordinal);
        Assert.Contains(desk.Hospital.Name, pt.Subject, StringComparison.Ordinal);
        Assert.Contains("Rita Português", pt.TextBody, StringComparison.Ordinal);
        Assert.Contains("8 agendamentos: 3 compareceram, 1 faltas, 1 cancelados pela recepção e 1 pelo tutor", pt.TextBody, StringComparison.Ordinal);
        var text = await PdfOf(pt);
        Assert.True(PdfText.Has(text, "Relatório diário de comparecimento"), text);
        Assert.True(PdfText.Has(text, day.Pets[AppointmentStatus.NoShow]), text);
        var en = await MessageAsync(rows.Single(r => r.To == english));
        Assert.StartsWith("Attendance report of", en.Subject, StringComparison.Ordinal);
        Assert.True(PdfText.Has(await PdfOf(en), "Daily attendance report"));

        // Later runs of the day (Hangfire's retry, another instance) queue nothing more.
        Assert.Equal(0, await Job(one.ServiceProvider).RunAsync(day.Day, CancellationToken.None));
        Assert.Equal(rows.Count, await db.OutboxMessages.CountAsync(m => m.ReminderKey != null && m.ReminderKey.StartsWith(prefix)));

        // The other hospital's admins get nothing of this run.
        await using var other = await users.ScopeAsync("boavista");
        await using var otherDb = await other.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        Assert.False(await otherDb.OutboxMessages.AnyAsync(m => m.ReminderKey != null && m.ReminderKey.StartsWith(prefix)));
    }

    [Fact]
    public async Task It_is_scheduled_daily_at_the_hour_the_hospital_chose_in_its_time_zone()
    {
        Assert.Equal("0 19 * * *", AttendanceReportJob.Cron(19));
        Assert.Equal("0 19 * * *", AttendanceReportJob.Cron(24)); // a stored hour out of range falls back to the default
        var hospital = await _app.HospitalAsync("boavista");
        await using var scope = await new TestUsers(_app).ScopeAsync("boavista");
        var schedules = _app.Services.GetRequiredService<HospitalSchedules>();
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var existing = await db.MessagingSettings.FirstOrDefaultAsync();
        var before = existing?.AttendanceReportHour;
        var settings = existing ?? db.MessagingSettings.Add(new MessagingSettings()).Entity;
        try
        {
            Assert.Equal($"0 {before ?? 19} * * *", await Job(scope.ServiceProvider).CronAsync(CancellationToken.None));
            settings.AttendanceReportHour = 7;
            await db.SaveChangesAsync();
            await schedules.ScheduleAsync(hospital);

            Assert.Equal("0 7 * * *", await Job(scope.ServiceProvider).CronAsync(CancellationToken.None));
            using var connection = _app.Services.GetRequiredService<JobStorage>().GetConnection();
            var job = connection.GetRecurringJobs().Single(j => j.Id == HospitalSchedules.JobId("attendance-report", hospital));
            Assert.Equal("0 7 * * *", job.Cron);
            Assert.Equal(hospital.TimeZone.Id, job.TimeZoneId);
        }
        finally
        {
            if (before is { } hour)
            {
                settings.AttendanceReportHour = hour;
            }
            else
            {
                db.MessagingSettings.Remove(settings);
            }

            await db.SaveChangesAsync();
            await schedules.ScheduleAsync(hospital);
        }
    }

    private async Task<MimeMessage> MessageAsync(ClinicApp.Data.Billing.OutboxMessage row) =>
        await MimeMessage.LoadAsync(Path.Combine(_app.DataDirectory, "outbox", "aurora", row.File!));

    private static async Task<string> PdfOf(MimeMessage message)
    {
        var pdf = message.Attachments.OfType<MimePart>().Single(a => a.ContentType.MimeType == "application/pdf");
        using var content = new MemoryStream();
        await pdf.Content!.DecodeToAsync(content);
        return string.Join(" ", PdfText.Pages(content.ToArray()));
    }
}
