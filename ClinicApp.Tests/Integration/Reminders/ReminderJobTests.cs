using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Reminders;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Reminders;

/// <summary>Issue 12 #3: the scan as the recurring job Hangfire runs per hospital, at the real time.</summary>
public sealed class ReminderJobTests(ReminderAppFixture fixture) : IClassFixture<ReminderAppFixture>
{
    [Fact]
    public async Task A_hospital_whose_scan_fails_does_not_stop_another_hospitals_reminders()
    {
        var goodSlug = await fixture.NewHospitalAsync(prefix: "good");
        var brokenSlug = await fixture.NewHospitalAsync(prefix: "broken");
        await using var good = await ReminderData.AdminAsync(fixture, goodSlug);
        await using var broken = await ReminderData.AdminAsync(fixture, brokenSlug);
        // No quiet hours: the reminder is due at whatever hour the suite runs.
        await ReminderData.SettingsAsync(good, s => (s.QuietFrom, s.QuietUntil) = (TimeSpan.Zero, TimeSpan.Zero));
        await ReminderData.SettingsAsync(broken, s => (s.QuietFrom, s.QuietUntil) = (TimeSpan.Zero, TimeSpan.Zero));
        var appointmentId = await PlaceSoonAsync(good);
        await using (var db = await broken.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE Appointments RENAME TO AppointmentsLost");
        }

        var manager = fixture.App.Services.GetRequiredService<IRecurringJobManager>();
        var brokenJob = HospitalSchedules.JobId(ReminderJob.JobName, await fixture.App.HospitalAsync(brokenSlug));
        var goodJob = HospitalSchedules.JobId(ReminderJob.JobName, await fixture.App.HospitalAsync(goodSlug));
        manager.Trigger(brokenJob);
        manager.Trigger(goodJob);

        Assert.Equal("Failed", await FinalStateAsync(brokenJob));
        Assert.Equal("Succeeded", await FinalStateAsync(goodJob));
        Assert.Single(await ReminderData.OfAppointmentAsync(good, appointmentId));
    }

    /// <summary>An appointment two hours from now, written directly: the agenda refuses times outside opening hours.</summary>
    private static async Task<Guid> PlaceSoonAsync(Desk desk)
    {
        var vet = await desk.NewVetAsync();
        var (tutorId, petId) = await ReminderData.TutorAsync(desk);
        var now = desk.Time.UtcNow;
        var start = new DateTime(now.Ticks - (now.Ticks % TimeSpan.FromMinutes(5).Ticks), DateTimeKind.Utc).AddHours(2);
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var appointment = new Appointment { PetId = petId, TutorId = tutorId, VeterinarianId = vet, Type = AppointmentType.Consultation };
        appointment.SetTime(start, 30);
        appointment.Open(now);
        appointment.SyncSlots();
        db.Appointments.Add(appointment);
        await db.SaveChangesAsync();
        return appointment.Id;
    }

    /// <summary>The state the recurring job's last run ended in (Succeeded or Failed).</summary>
    private async Task<string> FinalStateAsync(string recurringJobId)
    {
        var storage = fixture.App.Services.GetRequiredService<JobStorage>();
        for (var i = 0; i < 200; i++)
        {
            using (var connection = storage.GetConnection())
            {
                var lastJobId = connection.GetRecurringJobs().SingleOrDefault(j => j.Id == recurringJobId)?.LastJobId;
                var state = lastJobId is null ? null : storage.GetMonitoringApi().JobDetails(lastJobId)?.History.FirstOrDefault()?.StateName;
                if (state is "Succeeded" or "Failed")
                {
                    return state;
                }
            }

            await Task.Delay(100);
        }

        return "no final state";
    }
}
