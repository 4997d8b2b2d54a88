using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Reminders;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Reminders;

/// <summary>Issue 12 #3: the reminder rules an admin sets, stored beside the Twilio account without touching it.</summary>
public sealed class ReminderSettingsServiceTests(ReminderAppFixture fixture) : IClassFixture<ReminderAppFixture>
{
    [Fact]
    public async Task Saving_keeps_the_twilio_fields_and_reschedules_the_hospitals_jobs()
    {
        var slug = await fixture.NewHospitalAsync();
        await using var desk = await ReminderData.AdminAsync(fixture, slug);
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            // What the Twilio card saved before (another page's fields of the same row).
            db.MessagingSettings.Add(new MessagingSettings { TwilioAccountSid = "AC" + new string('1', 32), TwilioAuthTokenProtected = "secret", WhatsAppFrom = "whatsapp:+5511999990000" });
            await db.SaveChangesAsync();
        }

        var service = desk.Services.GetRequiredService<ReminderSettingsService>();
        await service.SaveAsync(new ReminderSettingsInput
        {
            RemindersEnabled = true, LeadHours = "2, 48h;24", VaccinationLeadDays = 10,
            QuietFrom = new TimeSpan(22, 30, 0), QuietUntil = new TimeSpan(7, 0, 0), AttendanceReportHour = 18,
        });

        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            var row = await db.MessagingSettings.SingleAsync();
            Assert.Equal(("AC" + new string('1', 32), "secret", "whatsapp:+5511999990000"), (row.TwilioAccountSid, row.TwilioAuthTokenProtected, row.WhatsAppFrom));
            Assert.Equal(("48,24,2", 10, new TimeOnly(22, 30), new TimeOnly(7, 0), 18), (row.ReminderLeadHours, row.VaccinationLeadDays, row.QuietFrom, row.QuietUntil, row.AttendanceReportHour));
        }

        var again = await service.GetAsync();
        Assert.Equal("48, 24, 2", again.LeadHours);
        var hospital = await fixture.App.HospitalAsync(slug);
        Assert.Contains(RecurringJobIds(), id => id == HospitalSchedules.JobId(ReminderJob.JobName, hospital));

        // Off: the hospital's reminder job is taken off the schedule at once.
        again.RemindersEnabled = false;
        await service.SaveAsync(again);
        Assert.DoesNotContain(RecurringJobIds(), id => id == HospitalSchedules.JobId(ReminderJob.JobName, hospital));
    }

    [Fact]
    public async Task A_first_save_creates_the_row_with_only_the_reminder_fields()
    {
        await using var desk = await ReminderData.AdminAsync(fixture, await fixture.NewHospitalAsync());
        var service = desk.Services.GetRequiredService<ReminderSettingsService>();

        await service.SaveAsync(new ReminderSettingsInput { LeadHours = "", VaccinationLeadDays = 0, QuietFrom = TimeSpan.Zero, QuietUntil = TimeSpan.Zero, AttendanceReportHour = 0 });

        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var row = await db.MessagingSettings.SingleAsync();
        Assert.Equal(MessagingSettings.SingletonId, row.Id);
        Assert.Equal(("", 0, 0), (row.ReminderLeadHours, row.VaccinationLeadDays, row.AttendanceReportHour));
        Assert.Null(row.TwilioAccountSid);
    }

    [Theory]
    [InlineData("0", "Reminders.Error.LeadHours")]
    [InlineData("169", "Reminders.Error.LeadHours")]
    [InlineData("24, abc", "Reminders.Error.LeadHours")]
    [InlineData("-2", "Reminders.Error.LeadHours")]
    [InlineData("1.5", "Reminders.Error.LeadHours")]
    [InlineData("24, 2, 24", "Reminders.Error.LeadRepeated")]
    [InlineData("1, 2, 3, 4, 5", "Reminders.Error.TooManyLeads")]
    public async Task Bad_lead_hours_are_refused_and_nothing_is_saved(string leads, string key)
    {
        await AssertRefusedAsync(new ReminderSettingsInput { LeadHours = leads }, key);
    }

    [Theory]
    [InlineData(-1, 19, "Reminders.Error.VaccinationDays")]
    [InlineData(61, 19, "Reminders.Error.VaccinationDays")]
    [InlineData(7, 24, "Reminders.Error.ReportHour")]
    [InlineData(7, -1, "Reminders.Error.ReportHour")]
    public async Task Out_of_range_days_or_hours_are_refused(int days, int hour, string key)
    {
        await AssertRefusedAsync(new ReminderSettingsInput { VaccinationLeadDays = days, AttendanceReportHour = hour }, key);
    }

    [Fact]
    public async Task Missing_quiet_hours_are_refused()
    {
        await AssertRefusedAsync(new ReminderSettingsInput { QuietFrom = null }, "Reminders.Error.QuietHours");
    }

    [Fact]
    public async Task Only_an_admin_changes_reminder_settings()
    {
        await using var desk = await Desk.AsAsync(fixture.App, await fixture.NewHospitalAsync(), Roles.Receptionist);
        var service = desk.Services.GetRequiredService<ReminderSettingsService>();

        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => service.GetAsync())).Message);
        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => service.SaveAsync(new ReminderSettingsInput()))).Message);
    }

    private async Task AssertRefusedAsync(ReminderSettingsInput input, string key)
    {
        await using var desk = await ReminderData.AdminAsync(fixture, await fixture.NewHospitalAsync());
        var service = desk.Services.GetRequiredService<ReminderSettingsService>();

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => service.SaveAsync(input));

        Assert.Equal(key, refusal.Message);
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        Assert.Equal(0, await db.MessagingSettings.CountAsync());
    }

    private List<string> RecurringJobIds()
    {
        using var connection = fixture.App.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Select(j => j.Id).ToList();
    }
}
