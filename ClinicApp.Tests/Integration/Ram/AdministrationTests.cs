using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Care;
using ClinicApp.Features.Ram;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicApp.Tests.Support.Desk;

namespace ClinicApp.Tests.Integration.Ram;

/// <summary>Recording doses against the real services and SQLite files.</summary>
[Collection(AppCollection.Name)]
public sealed class AdministrationTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task Given_records_who_when_and_the_dose_and_tells_every_screen_of_the_hospital()
    {
        var (stay, doses) = await StayAsync("aurora");
        await using var nurse = await AsAsync(_app, "aurora", Roles.Nurse);
        var changes = new List<CareChanged>();
        using var subscription = nurse.Services.GetRequiredService<HospitalEvents>().Subscribe<CareChanged>(c =>
        {
            lock (changes)
            {
                changes.Add(c);
            }

            return Task.CompletedTask;
        });
        var late = doses[0];

        var outcome = await Service(nurse).RecordGivenAsync(late.Id);
        var other = await Service(nurse).RecordGivenAsync(doses[1].Id, 80m, nurse.Time.Now.AddMinutes(-20));

        Assert.True(outcome.Recorded);
        var saved = await DoseAsync(late.Id);
        Assert.Equal(AdministrationStatus.Given, saved.Status);
        Assert.Equal(100m, saved.DoseGivenMg);
        Assert.NotNull(saved.RecordedById);
        Assert.StartsWith("Test Nurse", saved.RecordedByName, StringComparison.Ordinal);
        Assert.InRange(saved.RecordedAt!.Value, nurse.Time.UtcNow.AddMinutes(-1), nurse.Time.UtcNow);
        Assert.True(other.Recorded);
        var second = await DoseAsync(doses[1].Id);
        Assert.Equal(80m, second.DoseGivenMg);
        Assert.InRange(second.RecordedAt!.Value, nurse.Time.UtcNow.AddMinutes(-21), nurse.Time.UtcNow.AddMinutes(-19));
        lock (changes)
        {
            Assert.Contains(changes, c => c.HospitalizationId == stay && c.Change == CareChange.AdministrationRecorded);
        }
    }

    [Fact]
    public async Task Recording_a_dose_twice_records_it_once_even_from_five_nurses_at_the_same_instant()
    {
        var (_, doses) = await StayAsync("aurora");
        await using var first = await AsAsync(_app, "aurora", Roles.Nurse);
        Assert.True((await Service(first).RecordGivenAsync(doses[0].Id)).Recorded);
        var before = await DoseAsync(doses[0].Id);

        var again = await Service(first).RecordGivenAsync(doses[0].Id, 50m);
        var notGiven = await Service(first).RecordNotGivenAsync(doses[0].Id, AdministrationStatus.Held, NotGivenReason.Vomiting, "vomitou");

        Assert.False(again.Recorded);
        Assert.False(notGiven.Recorded);
        Assert.Equal((AdministrationStatus.Given, before.RecordedByName), (again.Status, again.RecordedByName));
        var after = await DoseAsync(doses[0].Id);
        Assert.Equal((before.Version, 100m), (after.Version, after.DoseGivenMg));

        var nurses = new List<Desk>();
        for (var i = 0; i < 5; i++)
        {
            nurses.Add(await AsAsync(_app, "aurora", Roles.Nurse));
        }

        using var gate = new ManualResetEventSlim();
        var attempts = nurses.Select(n => Task.Run(async () =>
        {
            gate.Wait();
            return await Service(n).RecordGivenAsync(doses[1].Id);
        })).ToList();
        gate.Set();
        var outcomes = await Task.WhenAll(attempts);

        var winner = Assert.Single(outcomes, o => o.Recorded);
        Assert.All(outcomes.Where(o => !o.Recorded), o => Assert.Equal((AdministrationStatus.Given, winner.RecordedByName), (o.Status, o.RecordedByName)));
        var saved = await DoseAsync(doses[1].Id);
        Assert.Equal(winner.RecordedByName, saved.RecordedByName);
        await using var db = await Db();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.EntityId == doses[1].Id.ToString() && a.Action == ClinicApp.Data.Audit.AuditAction.Updated));
        foreach (var n in nurses)
        {
            await n.DisposeAsync();
        }
    }

    [Fact]
    public async Task Not_given_needs_a_status_a_reason_and_a_note_and_keeps_them()
    {
        var (_, doses) = await StayAsync("aurora");
        await using var nurse = await AsAsync(_app, "aurora", Roles.Nurse);
        var service = Service(nurse);

        Assert.Equal("Ram.Error.NoteRequired", (await Assert.ThrowsAsync<DomainRuleException>(() => service.RecordNotGivenAsync(doses[0].Id, AdministrationStatus.Refused, NotGivenReason.PatientRefused, "  "))).Message);
        Assert.Equal("Ram.Error.NotGivenStatus", (await Assert.ThrowsAsync<DomainRuleException>(() => service.RecordNotGivenAsync(doses[0].Id, AdministrationStatus.Given, NotGivenReason.Other, "x"))).Message);
        Assert.Equal("Ram.Error.ReasonRequired", (await Assert.ThrowsAsync<DomainRuleException>(() => service.RecordNotGivenAsync(doses[0].Id, AdministrationStatus.Held, (NotGivenReason)99, "x"))).Message);
        Assert.Equal(AdministrationStatus.Scheduled, (await DoseAsync(doses[0].Id)).Status);

        Assert.True((await service.RecordNotGivenAsync(doses[0].Id, AdministrationStatus.Refused, NotGivenReason.PatientRefused, "  cuspiu o comprimido ")).Recorded);

        var saved = await DoseAsync(doses[0].Id);
        Assert.Equal((AdministrationStatus.Refused, NotGivenReason.PatientRefused, "cuspiu o comprimido", (decimal?)null), (saved.Status, saved.Reason, saved.Note, saved.DoseGivenMg));
    }

    [Fact]
    public async Task Moving_this_dose_moves_only_it_and_this_and_the_following_shifts_every_later_open_dose()
    {
        var (_, doses) = await StayAsync("aurora");
        await using var nurse = await AsAsync(_app, "aurora", Roles.Nurse);
        var service = Service(nurse);
        var third = doses[3];
        Assert.True((await service.RecordGivenAsync(doses[2].Id)).Recorded);

        Assert.Equal("Ram.Error.MoveReasonRequired", (await Assert.ThrowsAsync<DomainRuleException>(() => service.RescheduleAsync(third.Id, Local(nurse, third.DueAt).AddHours(1), " ", false))).Message);
        Assert.Equal("Ram.Error.MoveOrder", (await Assert.ThrowsAsync<DomainRuleException>(() => service.RescheduleAsync(third.Id, Local(nurse, third.DueAt).AddHours(9), "jejum", false))).Message);
        Assert.Equal("Ram.Error.NotOpen", (await Assert.ThrowsAsync<DomainRuleException>(() => service.RescheduleAsync(doses[2].Id, Local(nurse, doses[2].DueAt).AddHours(1), "jejum", false))).Message);

        Assert.Equal(1, await service.RescheduleAsync(third.Id, Local(nurse, third.DueAt).AddMinutes(30), "exame de imagem", false));
        var moved = await DoseAsync(third.Id);
        Assert.Equal((third.DueAt.AddMinutes(30), third.DueAt, "exame de imagem"), (moved.DueAt, moved.OriginalDueAt, moved.RescheduleReason));
        Assert.Equal(doses[4].DueAt, (await DoseAsync(doses[4].Id)).DueAt);

        var count = await service.RescheduleAsync(doses[4].Id, Local(nurse, doses[4].DueAt).AddMinutes(90), "ajuste de horário", true);

        Assert.Equal(doses.Count - 4, count);
        await using var db = await Db();
        var all = await db.MedicationAdministrations.AsNoTracking().Where(a => a.PrescriptionItemId == third.PrescriptionItemId).OrderBy(a => a.OriginalDueAt ?? a.DueAt).ToListAsync();
        Assert.Equal(doses.Take(3).Select(d => d.DueAt), all.Take(3).Select(d => d.DueAt));
        Assert.Equal(third.DueAt.AddMinutes(30), all[3].DueAt);
        Assert.Equal(doses.Skip(4).Select(d => d.DueAt.AddMinutes(90)), all.Skip(4).Select(d => d.DueAt));
        Assert.All(all.Skip(4), d => Assert.Equal("ajuste de horário", d.RescheduleReason));
    }

    [Fact]
    public async Task A_cancelled_dose_or_one_of_an_ended_stay_is_refused_and_a_receptionist_cannot_record()
    {
        var (stay, doses) = await StayAsync("aurora");
        await using (var db = await Db())
        {
            var dose = await db.MedicationAdministrations.SingleAsync(a => a.Id == doses[0].Id);
            dose.Cancel();
            await db.SaveChangesAsync();
        }

        await using var nurse = await AsAsync(_app, "aurora", Roles.Nurse);
        await using var reception = await AsAsync(_app, "aurora", Roles.Receptionist);

        Assert.Equal("Ram.Error.Cancelled", (await Assert.ThrowsAsync<DomainRuleException>(() => Service(nurse).RecordGivenAsync(doses[0].Id))).Message);
        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => Service(reception).RecordGivenAsync(doses[1].Id))).Message);
        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => Service(reception).RescheduleAsync(doses[1].Id, nurse.Time.Now, "x", false))).Message);
        Assert.Equal(AdministrationStatus.Scheduled, (await DoseAsync(doses[1].Id)).Status);

        await using (var db = await Db())
        {
            var ended = await db.Hospitalizations.SingleAsync(h => h.Id == stay);
            ended.End(HospitalizationStatus.Discharged, "Alta", nurse.Time.UtcNow);
            await db.SaveChangesAsync();
        }

        Assert.Equal("Ram.Error.StayEnded", (await Assert.ThrowsAsync<DomainRuleException>(() => Service(nurse).RecordGivenAsync(doses[1].Id))).Message);
        Assert.Equal(AdministrationStatus.Scheduled, (await DoseAsync(doses[1].Id)).Status);
    }

    [Fact]
    public async Task Another_hospital_neither_sees_nor_records_this_hospitals_doses()
    {
        var (stay, doses) = await StayAsync("aurora");
        await using var other = await AsAsync(_app, "boavista", Roles.Nurse);

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => Service(other).RecordGivenAsync(doses[0].Id));
        var panel = await other.Services.GetRequiredService<RamChecklist>().LoadAsync();
        var grid = await other.Services.GetRequiredService<RamChecklist>().DayAsync(stay, other.Time.Today);

        Assert.Equal("Common.Error.NotFound", refusal.Message);
        Assert.DoesNotContain(panel.Stays, s => s.Id == stay);
        Assert.DoesNotContain(panel.Entries, e => e.StayId == stay);
        Assert.Null(grid);
        Assert.Equal(AdministrationStatus.Scheduled, (await DoseAsync(doses[0].Id)).Status);

        await using var nurse = await AsAsync(_app, "aurora", Roles.Nurse);
        var own = await nurse.Services.GetRequiredService<RamChecklist>().LoadAsync();
        var board = RamBoard.Group(own.Doses(), nurse.Time.UtcNow, own.ToleranceMinutes, nurse.Time.StartOfDayUtc(nurse.Time.Today));
        Assert.Contains(board.Late, d => d.Id == doses[0].Id);

        // The panel every open RAM screen of a hospital shares is that hospital's alone.
        var theirShared = await other.Services.GetRequiredService<RamChecklist>().SharedAsync();
        Assert.NotEmpty(theirShared.Stays);
        Assert.DoesNotContain(theirShared.Stays, s => s.Id == stay);
        Assert.DoesNotContain(theirShared.Entries, e => e.StayId == stay);
    }

    [Fact]
    public async Task The_panel_groups_the_stays_doses_and_the_day_grid_holds_the_days_doses()
    {
        var (stay, doses) = await StayAsync("aurora");
        await using var nurse = await AsAsync(_app, "aurora", Roles.Nurse);
        await Service(nurse).RecordGivenAsync(doses[1].Id);

        var snapshot = await nurse.Services.GetRequiredService<RamChecklist>().LoadAsync();
        var board = RamBoard.Group(snapshot.Doses().Where(d => d.HospitalizationId == stay), nurse.Time.UtcNow, snapshot.ToleranceMinutes, nurse.Time.StartOfDayUtc(nurse.Time.Today));
        var grid = await nurse.Services.GetRequiredService<RamChecklist>().DayAsync(stay, nurse.Time.Today);

        Assert.Equal(doses[0].Id, Assert.Single(board.Late).Id);
        Assert.Equal(doses[1].Id, Assert.Single(board.DoneToday).Id);
        Assert.Equal(doses[2].Id, Assert.Single(board.DueNow).Id);
        Assert.Contains(board.Next4Hours, d => d.Id == doses[3].Id);
        Assert.All(board.Next4Hours, d => Assert.True(d.DueAt <= nurse.Time.UtcNow.AddHours(4)));
        Assert.Equal("Dipirona", Assert.Single(grid!.Items).MedicationName);
        Assert.All(grid.Doses, d => Assert.Equal(nurse.Time.Today, DateOnly.FromDateTime(nurse.Time.ToLocal(d.DueAt))));
    }

    [Fact]
    public async Task The_handover_lists_what_went_wrong_this_shift_critical_vitals_and_new_admissions_of_the_ward()
    {
        var (stay, doses) = await StayAsync("aurora");
        var (otherStay, otherDoses) = await StayAsync("aurora");
        await using var nurse = await AsAsync(_app, "aurora", Roles.Nurse);
        await Service(nurse).RecordNotGivenAsync(doses[1].Id, AdministrationStatus.Held, NotGivenReason.PatientNpo, "jejum para cirurgia");
        await Service(nurse).RecordNotGivenAsync(otherDoses[1].Id, AdministrationStatus.Missed, NotGivenReason.PatientAway, "no raio-x");
        Guid ward;
        await using (var db = await Db())
        {
            var petId = await db.Hospitalizations.Where(h => h.Id == stay).Select(h => h.PetId).SingleAsync();
            ward = await db.Hospitalizations.Where(h => h.Id == stay).Select(h => h.Bed!.WardId).SingleAsync();
            var vitals = new VitalSigns { PetId = petId, HospitalizationId = stay, TakenAt = nurse.Time.UtcNow, TakenByName = "Nina", TemperatureC = 41.2m };
            db.VitalSigns.Add(vitals);
            db.VitalAlerts.Add(new VitalAlert { VitalSignsId = vitals.Id, PetId = petId, HospitalizationId = stay, RaisedAt = nurse.Time.UtcNow, Values = "TemperatureC=41.2" });
            await db.SaveChangesAsync();
        }

        var handover = await nurse.Services.GetRequiredService<ShiftHandoverService>().LoadAsync(ward);
        var all = await nurse.Services.GetRequiredService<ShiftHandoverService>().LoadAsync(null);

        Assert.True(handover.ShiftStartUtc <= nurse.Time.UtcNow);
        Assert.Equal(doses[0].Id, Assert.Single(handover.LateNow).Id);
        var held = Assert.Single(handover.NotGiven);
        Assert.Equal((doses[1].Id, NotGivenReason.PatientNpo, "jejum para cirurgia"), (held.Id, held.Reason, held.Note));
        var alert = Assert.Single(handover.CriticalVitals);
        Assert.Equal((Vital.TemperatureC, 41.2m.ToString(System.Globalization.CultureInfo.CurrentCulture)), Assert.Single(alert.Values));
        Assert.Equal(stay, Assert.Single(handover.Admissions).Id);
        Assert.Contains(all.NotGiven, d => d.Id == otherDoses[1].Id);
        Assert.Contains(all.Admissions, a => a.Id == otherStay);

        await using var reception = await AsAsync(_app, "aurora");
        await Assert.ThrowsAsync<DomainRuleException>(() => reception.Services.GetRequiredService<ShiftHandoverService>().LoadAsync(null));
    }

    [Fact]
    public async Task Care_settings_are_validated_and_only_an_admin_saves_them()
    {
        await using var desk = await AsAsync(_app, "boavista", Roles.Nurse);
        var settings = desk.Services.GetRequiredService<CareSettingsService>();

        Assert.Equal("Common.Error.NotAllowed", (await Assert.ThrowsAsync<DomainRuleException>(() => settings.SaveAsync(new CareSettingsInput { DoseToleranceMinutes = 30, ShiftStarts = "07:00" }))).Message);
        await desk.AsAdminAsync(async () =>
        {
            Assert.Equal("CareSettings.Error.Tolerance", (await Assert.ThrowsAsync<DomainRuleException>(() => settings.SaveAsync(new CareSettingsInput { DoseToleranceMinutes = 4, ShiftStarts = "07:00" }))).Message);
            Assert.Equal("CareSettings.Error.ShiftFormat", (await Assert.ThrowsAsync<DomainRuleException>(() => settings.SaveAsync(new CareSettingsInput { DoseToleranceMinutes = 30, ShiftStarts = "sete" }))).Message);
            var before = await settings.GetAsync();
            await settings.SaveAsync(new CareSettingsInput { DoseToleranceMinutes = before.DoseToleranceMinutes, ShiftStarts = "19:00, 7:00" });
        });

        Assert.Equal("07:00,19:00", (await settings.GetAsync()).ShiftStarts);
    }

    private static AdministrationService Service(Desk desk) => desk.Services.GetRequiredService<AdministrationService>();

    private static DateTime Local(Desk desk, DateTime utc) => desk.Time.ToLocal(utc);

    /// <summary>A patient in a bed of a new ward with Dipirona 100 mg every hour from 2 hours ago:
    /// [0] late, [1] due 1 hour ago (late), [2] due now, [3…] ahead.</summary>
    private async Task<(Guid Stay, List<MedicationAdministration> Doses)> StayAsync(string slug)
    {
        await using var setup = await AsAsync(_app, slug);
        var vet = await setup.NewVetAsync();
        var pet = await setup.NewPetAsync();
        var bed = await setup.NewBedAsync();
        var stay = await setup.NewStayAsync(pet, vet, bed);
        var now = setup.Time.UtcNow;
        var first = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc).AddHours(-2);
        var item = await setup.NewHospitalItemAsync(stay, first, everyHours: 1, days: 1);
        await using var db = await setup.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var doses = await db.MedicationAdministrations.AsNoTracking().Where(a => a.PrescriptionItemId == item).OrderBy(a => a.DueAt).ToListAsync();
        return (stay, doses);
    }

    private async Task<ClinicApp.Data.ClinicDbContext> Db()
    {
        var hospital = await _app.HospitalAsync("aurora");
        var scope = _app.Services.GetRequiredService<TenantScopes>().Create(hospital);
        return await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
    }

    private async Task<MedicationAdministration> DoseAsync(Guid id)
    {
        await using var db = await Db();
        return await db.MedicationAdministrations.AsNoTracking().SingleAsync(a => a.Id == id);
    }
}
