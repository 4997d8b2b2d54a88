using System.Globalization;
using ClinicApp.Data.Billing;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Reminders;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Reminders;

/// <summary>Issue 12 #3: the scan that queues reminders, run with the "now" each case needs, in
/// hospitals of their own time zones (São Paulo without daylight saving, New York with it).</summary>
public sealed class ReminderScanTests(ReminderAppFixture fixture) : IClassFixture<ReminderAppFixture>
{
    private static readonly CultureInfo PtBr = CultureInfo.GetCultureInfo("pt-BR");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    [Fact]
    public async Task Each_lead_time_gives_one_reminder_in_the_hospitals_zone_and_language()
    {
        var slug = await fixture.NewHospitalAsync();
        await using var desk = await ReminderData.AdminAsync(fixture, slug);
        var vet = await desk.NewVetAsync();
        var (tutorId, petId) = await ReminderData.TutorAsync(desk);
        var local = desk.FutureSlot(hour: 10);
        var id = await desk.Agenda.BookAsync(Desk.Booking(petId, vet, local));
        var start = desk.Time.ToUtc(local);

        await ReminderData.ScanAsync(desk, start.AddHours(-24).AddMinutes(-1));
        Assert.Empty(await ReminderData.OfAppointmentAsync(desk, id));

        await ReminderData.ScanAsync(desk, start.AddHours(-24));
        await ReminderData.ScanAsync(desk, start.AddHours(-23));
        var first = Assert.Single(await ReminderData.OfAppointmentAsync(desk, id));
        Assert.Equal($"appt:{id}:24h:{start:yyyy-MM-ddTHH:mm:ss.fffffff}Z", first.ReminderKey);
        Assert.Equal((OutboxChannel.WhatsApp, nameof(MessageKind.AppointmentReminder), tutorId, OutboxStatus.Pending),
            (first.Channel, first.Kind, first.TutorId, first.Status));
        Assert.StartsWith("whatsapp:+5511", first.To, StringComparison.Ordinal);
        Assert.Contains($"Thor no Hospital {slug}: {local.ToString("d", PtBr)} às 10:00 com {await ReminderData.VetNameAsync(desk, vet)}", first.Body, StringComparison.Ordinal);
        Assert.Equal(start.AddHours(-24), first.NextAttemptAt);

        await ReminderData.ScanAsync(desk, start.AddHours(-2));
        var both = await ReminderData.OfAppointmentAsync(desk, id);
        Assert.Equal([$"appt:{id}:24h:", $"appt:{id}:2h:"], both.Select(m => m.ReminderKey![..(m.ReminderKey!.IndexOf("h:", StringComparison.Ordinal) + 2)]));

        // Started: nothing more, ever.
        await ReminderData.ScanAsync(desk, start.AddMinutes(1));
        Assert.Equal(2, (await ReminderData.OfAppointmentAsync(desk, id)).Count);
    }

    [Fact]
    public async Task Booked_late_gets_only_the_nearest_lead_time_that_has_come()
    {
        await using var desk = await ReminderData.AdminAsync(fixture, await fixture.NewHospitalAsync());
        var vet = await desk.NewVetAsync();
        var (_, petId) = await ReminderData.TutorAsync(desk);
        var local = desk.FutureSlot(hour: 15);
        var id = await desk.Agenda.BookAsync(Desk.Booking(petId, vet, local));
        var start = desk.Time.ToUtc(local);

        // The first scan that sees it is an hour before: both 24 h and 2 h have come; only the 2 h one goes.
        await ReminderData.ScanAsync(desk, start.AddHours(-1));

        var only = Assert.Single(await ReminderData.OfAppointmentAsync(desk, id));
        Assert.StartsWith($"appt:{id}:2h:", only.ReminderKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Across_a_daylight_saving_change_times_and_quiet_hours_follow_the_hospitals_clock()
    {
        var slug = await fixture.NewHospitalAsync("en", "America/New_York");
        await using var desk = await ReminderData.AdminAsync(fixture, slug);
        await ReminderData.SettingsAsync(desk, s => s.LeadHours = "48, 34");
        var zone = desk.Time.Zone;
        var change = NextDaylightSavingChange(zone, desk.Time.Today.AddDays(7));
        var monday = change.AddDays(1);
        var vet = await desk.NewVetAsync();
        var (_, petId) = await ReminderData.TutorAsync(desk);
        var local = monday.ToDateTime(new TimeOnly(10, 0));
        var id = await desk.Agenda.BookAsync(Desk.Booking(petId, vet, local));
        var start = desk.Time.ToUtc(local);

        // 48 h before is the Saturday, on the other side of the change: the wall clock says 10:00 on Monday all the same.
        await ReminderData.ScanAsync(desk, start.AddHours(-48));
        var first = Assert.Single(await ReminderData.OfAppointmentAsync(desk, id));
        Assert.Contains($"{local.ToString("d", English)} at {local.ToString("t", English)}", first.Body, StringComparison.Ordinal);

        // 34 h before falls in Saturday night's quiet hours (21:00–08:00): it waits until 08:00 on Sunday,
        // whose UTC offset is not Saturday's.
        var due = start.AddHours(-34);
        await ReminderData.ScanAsync(desk, due);
        var held = (await ReminderData.OfAppointmentAsync(desk, id)).Single(m => m.ReminderKey!.Contains(":34h:", StringComparison.Ordinal));
        var sundayMorning = change.ToDateTime(new TimeOnly(8, 0));
        var expected = TimeZoneInfo.ConvertTimeToUtc(sundayMorning, zone);
        Assert.NotEqual(zone.GetUtcOffset(due), zone.GetUtcOffset(expected));
        Assert.Equal(expected, held.NextAttemptAt);
        Assert.Equal(OutboxStatus.Pending, held.Status);
    }

    [Fact]
    public async Task Quiet_hours_over_midnight_hold_a_reminder_until_they_end_or_skip_it_when_too_late()
    {
        await using var desk = await ReminderData.AdminAsync(fixture, await fixture.NewHospitalAsync());
        await ReminderData.SettingsAsync(desk, s => (s.LeadHours, s.QuietFrom, s.QuietUntil) = ("11, 2", new TimeSpan(21, 0, 0), new TimeSpan(8, 0, 0)));
        var vet = await desk.NewVetAsync();
        var (_, petId) = await ReminderData.TutorAsync(desk);
        var day = desk.FutureSlot(hour: 10);
        var late = await desk.Agenda.BookAsync(Desk.Booking(petId, vet, day));
        var early = await desk.Agenda.BookAsync(Desk.Booking(petId, vet, day.Date.AddHours(8)));

        // 23:00 the evening before: inside the quiet hours, which end at 08:00 the next day.
        var result = await ReminderData.ScanAsync(desk, desk.Time.ToUtc(day.Date.AddHours(-1)));

        var held = Assert.Single(await ReminderData.OfAppointmentAsync(desk, late));
        Assert.Equal(desk.Time.ToUtc(day.Date.AddHours(8)), held.NextAttemptAt);
        Assert.Empty(await ReminderData.OfAppointmentAsync(desk, early));
        Assert.Equal(1, result.Skipped);

        // 06:00: the 08:00 appointment's 2 h reminder would wait until 08:00 — it has started by then.
        await ReminderData.ScanAsync(desk, desk.Time.ToUtc(day.Date.AddHours(6)));
        Assert.Empty(await ReminderData.OfAppointmentAsync(desk, early));

        // Outside the quiet hours a reminder leaves at once.
        await ReminderData.ScanAsync(desk, desk.Time.ToUtc(day.Date.AddHours(8).AddMinutes(5)));
        var now = (await ReminderData.OfAppointmentAsync(desk, late)).Single(m => m.ReminderKey!.Contains(":2h:", StringComparison.Ordinal));
        Assert.Equal(desk.Time.ToUtc(day.Date.AddHours(8).AddMinutes(5)), now.NextAttemptAt);
    }

    [Fact]
    public async Task Only_tutors_who_can_be_reached_are_messaged()
    {
        await using var desk = await ReminderData.AdminAsync(fixture, await fixture.NewHospitalAsync());
        var vet = await desk.NewVetAsync();
        var local = desk.FutureSlot(hour: 9);
        var reached = await ReminderData.TutorAsync(desk);
        var noConsent = await ReminderData.TutorAsync(desk, consent: false);
        var noWhatsApp = await ReminderData.TutorAsync(desk, whatsApp: false);
        var landline = await ReminderData.TutorAsync(desk, phone: "(11) 3333-4444");
        var withdrawn = await ReminderData.TutorAsync(desk);
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            var tutor = await db.Tutors.SingleAsync(t => t.Id == withdrawn.TutorId);
            tutor.RemindersConsentWithdrawnAt = desk.Time.UtcNow;
            tutor.RemindersConsentWithdrawnVia = "WhatsApp";
            await db.SaveChangesAsync();
        }

        var ids = new List<Guid>();
        foreach (var (tutor, i) in new[] { reached, noConsent, noWhatsApp, landline, withdrawn }.Select((t, i) => (t, i)))
        {
            ids.Add(await desk.Agenda.BookAsync(Desk.Booking(tutor.PetId, vet, local.AddMinutes(30 * i))));
        }

        var result = await ReminderData.ScanAsync(desk, desk.Time.ToUtc(local).AddHours(-20));

        Assert.Single(await ReminderData.OfAppointmentAsync(desk, ids[0]));
        foreach (var id in ids.Skip(1))
        {
            Assert.Empty(await ReminderData.OfAppointmentAsync(desk, id));
        }

        Assert.Equal(4, result.NotReached);
    }

    [Fact]
    public async Task Scans_run_again_or_at_once_queue_each_reminder_once()
    {
        var slug = await fixture.NewHospitalAsync();
        await using var desk = await ReminderData.AdminAsync(fixture, slug);
        var vet = await desk.NewVetAsync();
        var local = desk.FutureSlot(hour: 11);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var (_, petId) = await ReminderData.TutorAsync(desk);
            ids.Add(await desk.Agenda.BookAsync(Desk.Booking(petId, vet, local.AddMinutes(30 * i))));
        }

        var now = desk.Time.ToUtc(local).AddHours(-20);
        await ReminderData.ScanAsync(desk, now);
        await ReminderData.ScanAsync(desk, now);
        var hospital = await fixture.App.HospitalAsync(slug);
        var scopes = fixture.App.Services.GetRequiredService<TenantScopes>();
        // Eight scans at once (as two app instances' jobs could): none throws, none doubles a reminder.
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var scope = scopes.Create(hospital);
            return await scope.ServiceProvider.GetRequiredService<ReminderScan>().RunAsync(now.AddMinutes(5));
        }));

        var rows = await ReminderData.MessagesAsync(desk, q => q.Where(o => o.AppointmentId != null && ids.Contains(o.AppointmentId.Value)));
        Assert.Equal(5, rows.Count);
        Assert.Equal(5, rows.Select(r => r.ReminderKey).Distinct().Count());
        Assert.All(results, r => Assert.Equal(0, r.Queued));
    }

    [Fact]
    public async Task Concurrent_first_scans_share_the_reminders_without_an_error()
    {
        var slug = await fixture.NewHospitalAsync();
        await using var desk = await ReminderData.AdminAsync(fixture, slug);
        var vet = await desk.NewVetAsync();
        var local = desk.FutureSlot(hour: 11);
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var (_, petId) = await ReminderData.TutorAsync(desk);
            ids.Add(await desk.Agenda.BookAsync(Desk.Booking(petId, vet, local.AddMinutes(30 * i))));
        }

        var hospital = await fixture.App.HospitalAsync(slug);
        var scopes = fixture.App.Services.GetRequiredService<TenantScopes>();
        var now = desk.Time.ToUtc(local).AddHours(-20);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var scope = scopes.Create(hospital);
            return await scope.ServiceProvider.GetRequiredService<ReminderScan>().RunAsync(now);
        }));

        var rows = await ReminderData.MessagesAsync(desk, q => q.Where(o => o.AppointmentId != null && ids.Contains(o.AppointmentId.Value)));
        Assert.Equal(6, rows.Count);
        Assert.Equal(6, rows.Select(r => r.ReminderKey).Distinct().Count());
        Assert.Equal(6, results.Sum(r => r.Queued));
    }

    [Fact]
    public async Task A_reschedule_cancels_the_old_reminder_in_its_own_save_and_the_new_time_gets_a_fresh_one()
    {
        await using var desk = await ReminderData.AdminAsync(fixture, await fixture.NewHospitalAsync());
        var vet = await desk.NewVetAsync();
        var (_, petId) = await ReminderData.TutorAsync(desk);
        var local = desk.FutureSlot(hour: 14);
        var id = await desk.Agenda.BookAsync(Desk.Booking(petId, vet, local));
        await ReminderData.ScanAsync(desk, desk.Time.ToUtc(local).AddHours(-20));
        var old = Assert.Single(await ReminderData.OfAppointmentAsync(desk, id));

        var moved = local.AddDays(1).AddHours(1);
        var version = (await desk.Agenda.GetAsync(id))!.Version;
        await desk.Agenda.RescheduleAsync(id, version, moved, 30, vet, null);

        var afterMove = Assert.Single(await ReminderData.OfAppointmentAsync(desk, id));
        Assert.True(afterMove.IsCancelled);

        await ReminderData.ScanAsync(desk, desk.Time.ToUtc(moved).AddHours(-20));
        var rows = await ReminderData.OfAppointmentAsync(desk, id);
        Assert.Equal(2, rows.Count);
        var fresh = rows.Single(r => r.Id != old.Id);
        Assert.Equal(OutboxStatus.Pending, fresh.Status);
        Assert.EndsWith($"{desk.Time.ToUtc(moved):yyyy-MM-ddTHH:mm:ss.fffffff}Z", fresh.ReminderKey, StringComparison.Ordinal);
        Assert.Contains(moved.ToString("d", PtBr), fresh.Body, StringComparison.Ordinal);
        Assert.Contains("15:00", fresh.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancellation_cancels_pending_reminders_and_no_new_one_is_made()
    {
        await using var desk = await ReminderData.AdminAsync(fixture, await fixture.NewHospitalAsync());
        var vet = await desk.NewVetAsync();
        var (_, petId) = await ReminderData.TutorAsync(desk);
        var local = desk.FutureSlot(hour: 16);
        var id = await desk.Agenda.BookAsync(Desk.Booking(petId, vet, local));
        var start = desk.Time.ToUtc(local);
        await ReminderData.ScanAsync(desk, start.AddHours(-20));

        await desk.Agenda.ChangeStatusAsync(id, AppointmentStatus.Cancelled, "Tutor pediu");

        Assert.True(Assert.Single(await ReminderData.OfAppointmentAsync(desk, id)).IsCancelled);
        await ReminderData.ScanAsync(desk, start.AddHours(-1));
        Assert.Single(await ReminderData.OfAppointmentAsync(desk, id));
    }

    [Fact]
    public async Task The_scan_cancels_a_pending_reminder_whose_appointment_changed_behind_the_agenda()
    {
        await using var desk = await ReminderData.AdminAsync(fixture, await fixture.NewHospitalAsync());
        var vet = await desk.NewVetAsync();
        var (_, petId) = await ReminderData.TutorAsync(desk);
        var local = desk.FutureSlot(hour: 13);
        var id = await desk.Agenda.BookAsync(Desk.Booking(petId, vet, local));
        var start = desk.Time.ToUtc(local);
        await ReminderData.ScanAsync(desk, start.AddHours(-20));
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            // Moved without the agenda (as a bulk fix or another instance's older code could).
            var appointment = await db.Appointments.Include(a => a.Slots).SingleAsync(a => a.Id == id);
            appointment.SetTime(start.AddHours(2), 30);
            appointment.SyncSlots();
            await db.SaveChangesAsync();
        }

        var result = await ReminderData.ScanAsync(desk, start.AddHours(-19));

        Assert.True(result.Cancelled >= 1);
        var rows = await ReminderData.OfAppointmentAsync(desk, id);
        Assert.True(rows.Single(r => r.ReminderKey!.EndsWith($"{start:yyyy-MM-ddTHH:mm:ss.fffffff}Z", StringComparison.Ordinal)).IsCancelled);
    }

    [Fact]
    public async Task A_vaccination_is_reminded_its_lead_days_before_and_once_when_overdue()
    {
        await using var desk = await ReminderData.AdminAsync(fixture, await fixture.NewHospitalAsync());
        await ReminderData.SettingsAsync(desk, s => s.VaccinationLeadDays = 7);
        var (tutorId, petId) = await ReminderData.TutorAsync(desk);
        var dueOn = desk.Time.Today.AddDays(60);
        var vaccination = new Vaccination { PetId = petId, Vaccine = "V10", AppliedOn = dueOn.AddYears(-1), NextDueOn = dueOn };
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            db.Vaccinations.Add(vaccination);
            await db.SaveChangesAsync();
        }

        DateTime At(DateOnly day) => desk.Time.ToUtc(day.ToDateTime(new TimeOnly(10, 0)));
        Task<List<OutboxMessage>> Reminders() => ReminderData.MessagesAsync(desk, q => q.Where(o => o.VaccinationId == vaccination.Id));

        await ReminderData.ScanAsync(desk, At(dueOn.AddDays(-8)));
        Assert.Empty(await Reminders());

        await ReminderData.ScanAsync(desk, At(dueOn.AddDays(-7)));
        await ReminderData.ScanAsync(desk, At(dueOn.AddDays(-3)));
        var due = Assert.Single(await Reminders());
        Assert.Equal($"vacc:{vaccination.Id}:due:{dueOn:yyyy-MM-dd}", due.ReminderKey);
        Assert.Equal((nameof(MessageKind.VaccinationDue), tutorId), (due.Kind, due.TutorId));
        Assert.Contains($"Thor vence em {dueOn.ToString("d", PtBr)}", due.Body, StringComparison.Ordinal);

        await ReminderData.ScanAsync(desk, At(dueOn.AddDays(1)));
        await ReminderData.ScanAsync(desk, At(dueOn.AddDays(5)));
        Assert.Equal([$"vacc:{vaccination.Id}:due:{dueOn:yyyy-MM-dd}", $"vacc:{vaccination.Id}:overdue:{dueOn:yyyy-MM-dd}"],
            (await Reminders()).Select(r => r.ReminderKey));
    }

    [Fact]
    public async Task With_reminders_off_the_scan_queues_nothing()
    {
        await using var desk = await ReminderData.AdminAsync(fixture, await fixture.NewHospitalAsync());
        await ReminderData.SettingsAsync(desk, s => s.RemindersEnabled = false);
        var vet = await desk.NewVetAsync();
        var (_, petId) = await ReminderData.TutorAsync(desk);
        var local = desk.FutureSlot(hour: 12);
        var id = await desk.Agenda.BookAsync(Desk.Booking(petId, vet, local));

        await ReminderData.ScanAsync(desk, desk.Time.ToUtc(local).AddHours(-1));

        Assert.Empty(await ReminderData.OfAppointmentAsync(desk, id));
    }

    /// <summary>The first day from <paramref name="from"/> on whose noon is on the other side of daylight saving from the day before's.</summary>
    private static DateOnly NextDaylightSavingChange(TimeZoneInfo zone, DateOnly from)
    {
        for (var day = from; day < from.AddDays(400); day = day.AddDays(1))
        {
            if (zone.IsDaylightSavingTime(day.ToDateTime(new TimeOnly(12, 0))) != zone.IsDaylightSavingTime(day.AddDays(-1).ToDateTime(new TimeOnly(12, 0))))
            {
                return day;
            }
        }

        throw new InvalidOperationException($"{zone.Id} has no daylight saving change within a year.");
    }
}
