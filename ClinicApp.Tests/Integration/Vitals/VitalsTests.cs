using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Care;
using ClinicApp.Features.Vitals;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Vitals;

[Collection(AppCollection.Name)]
public sealed class VitalsTests(AppFixture fixture)
{
    private static readonly string[] Acknowledgers = ["Test Nurse", "Test Veterinarian"];
    private readonly ClinicAppFactory _app = fixture.App;

    private static VitalsService Vitals(Desk desk) => desk.Services.GetRequiredService<VitalsService>();

    private static List<T> Capture<T>(Desk desk, List<IDisposable> subscriptions)
        where T : notnull
    {
        var seen = new List<T>();
        subscriptions.Add(desk.Services.GetRequiredService<HospitalEvents>().Subscribe<T>(e => { lock (seen) { seen.Add(e); } return Task.CompletedTask; }));
        return seen;
    }

    /// <summary>A pet registered by the front desk (nurses do not register pets).</summary>
    private static async Task<Guid> NewPetAsync(Desk desk, Species species = Species.Dog, string? name = null)
    {
        var petId = Guid.Empty;
        await desk.AsAdminAsync(async () => petId = await desk.NewPetAsync(name: name, species: species));
        return petId;
    }

    private static async Task<(Guid PetId, Guid StayId)> HospitalizedDogAsync(Desk desk)
    {
        var petId = await NewPetAsync(desk, Species.Dog, "Thor");
        var stayId = await desk.NewStayAsync(petId, await desk.NewVetAsync(), await desk.NewBedAsync());
        return (petId, stayId);
    }

    private static async Task<List<VitalAlert>> AlertsOfAsync(Desk desk, Guid petId)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.VitalAlerts.AsNoTracking().Where(a => a.PetId == petId).ToListAsync();
    }

    [Fact]
    public async Task A_critical_temperature_creates_one_alert_and_announces_it_in_its_hospital_only()
    {
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        await using var elsewhere = await Desk.AsAsync(_app, "boavista", Roles.Nurse);
        var (petId, stayId) = await HospitalizedDogAsync(nurse);
        var subscriptions = new List<IDisposable>();
        var raised = Capture<VitalsAlertRaised>(nurse, subscriptions);
        var changed = Capture<CareChanged>(nurse, subscriptions);
        var raisedElsewhere = Capture<VitalsAlertRaised>(elsewhere, subscriptions);

        var recorded = await Vitals(nurse).RecordAsync(new VitalsInput { PetId = petId, TemperatureC = 41.5m, HeartRate = 120 });

        subscriptions.ForEach(s => s.Dispose());
        var alert = Assert.Single(await AlertsOfAsync(nurse, petId));
        Assert.Equal(alert.Id, recorded.AlertId);
        Assert.Equal(stayId, alert.HospitalizationId);
        Assert.Equal("TemperatureC=41.5", alert.Values);
        Assert.Null(alert.AcknowledgedAt);
        Assert.Equal([(Vital.TemperatureC, 41.5m)], recorded.Critical);
        Assert.Equal(new VitalsAlertRaised(alert.Id, petId, stayId), Assert.Single(raised));
        Assert.Contains(new CareChanged(stayId, petId, CareChange.VitalsRecorded), changed);
        Assert.Empty(raisedElsewhere);

        var open = (await Vitals(nurse).OpenAlertsAsync()).Single(a => a.Id == alert.Id);
        Assert.Equal("Thor", open.PetName);
        Assert.NotNull(open.BedName);
        Assert.Equal([(Vital.TemperatureC, 41.5m)], open.Values);
        Assert.DoesNotContain(await Vitals(elsewhere).OpenAlertsAsync(), a => a.Id == alert.Id);
        Assert.Equal("Common.Error.NotFound", (await Refusals.CaptureAsync(Vitals(elsewhere).AcknowledgeAsync(alert.Id)))?.Message);

        var reading = Assert.Single(await Vitals(nurse).HistoryAsync(null, stayId));
        Assert.Equal(41.5m, reading.TemperatureC);
        Assert.StartsWith("Test Nurse", reading.TakenByName, StringComparison.Ordinal);
        await Vitals(nurse).AcknowledgeAsync(alert.Id);
    }

    [Fact]
    public async Task A_normal_reading_raises_nothing()
    {
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        var (petId, stayId) = await HospitalizedDogAsync(nurse);
        var subscriptions = new List<IDisposable>();
        var raised = Capture<VitalsAlertRaised>(nurse, subscriptions);
        var changed = Capture<CareChanged>(nurse, subscriptions);

        var recorded = await Vitals(nurse).RecordAsync(new VitalsInput { PetId = petId, TemperatureC = 38.6m, HeartRate = 100, RespiratoryRate = 24, SpO2 = 98 });

        subscriptions.ForEach(s => s.Dispose());
        Assert.Null(recorded.AlertId);
        Assert.Empty(recorded.Critical);
        Assert.Empty(await AlertsOfAsync(nurse, petId));
        Assert.DoesNotContain(raised, r => r.PetId == petId);
        Assert.Contains(new CareChanged(stayId, petId, CareChange.VitalsRecorded), changed);
    }

    [Fact]
    public async Task Acknowledging_twice_keeps_the_first_acknowledgement()
    {
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var (petId, _) = await HospitalizedDogAsync(nurse);
        var alertId = (await Vitals(nurse).RecordAsync(new VitalsInput { PetId = petId, HeartRate = 230 })).AlertId!.Value;
        var subscriptions = new List<IDisposable>();
        var acknowledged = Capture<VitalsAlertAcknowledged>(nurse, subscriptions);

        await Vitals(nurse).AcknowledgeAsync(alertId);
        var first = Assert.Single(await AlertsOfAsync(nurse, petId));
        await Vitals(vet).AcknowledgeAsync(alertId);

        subscriptions.ForEach(s => s.Dispose());
        var kept = Assert.Single(await AlertsOfAsync(nurse, petId));
        Assert.StartsWith("Test Nurse", kept.AcknowledgedByName, StringComparison.Ordinal);
        Assert.Equal(nurse.Services.GetRequiredService<CurrentActor>().UserId, kept.AcknowledgedById);
        Assert.Equal(first.AcknowledgedAt, kept.AcknowledgedAt);
        Assert.Equal(new VitalsAlertAcknowledged(alertId), Assert.Single(acknowledged));
        Assert.DoesNotContain(await Vitals(vet).OpenAlertsAsync(), a => a.Id == alertId);
    }

    [Fact]
    public async Task Two_people_acknowledging_at_once_both_succeed_and_one_is_kept()
    {
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var (petId, _) = await HospitalizedDogAsync(nurse);
        var alertId = (await Vitals(nurse).RecordAsync(new VitalsInput { PetId = petId, SpO2 = 82 })).AlertId!.Value;

        var outcomes = await Task.WhenAll(
            Refusals.CaptureAsync(Vitals(nurse).AcknowledgeAsync(alertId)),
            Refusals.CaptureAsync(Vitals(vet).AcknowledgeAsync(alertId)));

        Assert.All(outcomes, Assert.Null);
        var kept = Assert.Single(await AlertsOfAsync(nurse, petId));
        Assert.Contains(Acknowledgers, who => kept.AcknowledgedByName!.StartsWith(who, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_receptionist_cannot_record_vitals()
    {
        await using var reception = await Desk.AsAsync(_app, "aurora", Roles.Receptionist);
        var petId = await reception.NewPetAsync();

        var refusal = await Refusals.CaptureAsync(Vitals(reception).RecordAsync(new VitalsInput { PetId = petId, TemperatureC = 41.5m }));

        Assert.Equal("Common.Error.NotAllowed", refusal?.Message);
        Assert.Empty(await Vitals(reception).HistoryAsync(petId, null));
        Assert.Empty(await AlertsOfAsync(reception, petId));
    }

    [Fact]
    public async Task An_implausible_or_empty_reading_is_refused_naming_the_field_and_nothing_is_saved()
    {
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        var petId = await NewPetAsync(nurse);

        var typo = await Refusals.CaptureAsync(Vitals(nurse).RecordAsync(new VitalsInput { PetId = petId, TemperatureC = 385m, HeartRate = 100 }));
        var empty = await Refusals.CaptureAsync(Vitals(nurse).RecordAsync(new VitalsInput { PetId = petId, Notes = "agitado" }));
        var future = await Refusals.CaptureAsync(Vitals(nurse).RecordAsync(new VitalsInput { PetId = petId, HeartRate = 100, TakenAtLocal = nurse.Time.Now.AddHours(2) }));

        Assert.Equal("Vitals.Error.Implausible", typo?.Message);
        Assert.Equal("Vital.TemperatureC", typo!.Arguments[0]);
        Assert.Equal("Vitals.Error.Empty", empty?.Message);
        Assert.Equal("Vitals.Error.Future", future?.Message);
        Assert.Empty(await Vitals(nurse).HistoryAsync(petId, null));
    }

    [Fact]
    public async Task Hospital_ranges_replace_the_defaults_bad_ranges_are_refused_and_defaults_come_back()
    {
        // Boa Vista's own ranges: Aurora keeps the defaults all along.
        await using var admin = await Desk.AsAsync(_app, "boavista", Roles.Admin);
        await using var nurse = await Desk.AsAsync(_app, "boavista", Roles.Nurse);
        await using var auroraNurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        var ranges = admin.Services.GetRequiredService<VitalRangesService>();
        var cat = await NewPetAsync(nurse, Species.Cat);
        try
        {
            var bad = await Refusals.CaptureAsync(ranges.SaveAsync(Species.Cat,
                [new VitalRangeInput { Vital = Vital.TemperatureC, CriticalMin = 36m, NormalMin = 39.5m, NormalMax = 39.2m, CriticalMax = 40.5m }]));
            var byNurse = await Refusals.CaptureAsync(nurse.Services.GetRequiredService<VitalRangesService>().SaveAsync(Species.Cat,
                [new VitalRangeInput { Vital = Vital.TemperatureC, CriticalMin = 35m, NormalMin = 37.8m, NormalMax = 39.2m, CriticalMax = 42m }]));
            Assert.Equal("Vitals.Error.RangeOrder", bad?.Message);
            Assert.Equal("Common.Error.NotAllowed", byNurse?.Message);
            Assert.Equal(40.5m, (await ranges.BookAsync()).RangeOf(Species.Cat, Vital.TemperatureC)!.CriticalMax);

            await ranges.SaveAsync(Species.Cat, [new VitalRangeInput { Vital = Vital.TemperatureC, CriticalMin = 35m, NormalMin = 37.8m, NormalMax = 39.2m, CriticalMax = 42m }]);

            Assert.Equal(42m, (await ranges.BookAsync()).RangeOf(Species.Cat, Vital.TemperatureC)!.CriticalMax);
            Assert.Equal(40.5m, (await auroraNurse.Services.GetRequiredService<VitalRangesService>().BookAsync()).RangeOf(Species.Cat, Vital.TemperatureC)!.CriticalMax);
            Assert.Null((await Vitals(nurse).RecordAsync(new VitalsInput { PetId = cat, TemperatureC = 41.5m })).AlertId);

            await ranges.RestoreDefaultsAsync(Species.Cat);

            Assert.NotNull((await Vitals(nurse).RecordAsync(new VitalsInput { PetId = cat, TemperatureC = 41.5m })).AlertId);
        }
        finally
        {
            await ranges.RestoreDefaultsAsync(Species.Cat);
        }
    }
}
