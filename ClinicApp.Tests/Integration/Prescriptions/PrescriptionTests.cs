using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Care;
using ClinicApp.Features.Consultations;
using ClinicApp.Features.Pets;
using ClinicApp.Features.Prescriptions;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Prescriptions;

/// <summary>Prescriptions against the real services and SQLite files: doses kept as computed, the RAM
/// schedule of hospital items, and stopping or changing an item keeping the past.</summary>
[Collection(AppCollection.Name)]
public sealed class PrescriptionTests(AppFixture fixture)
{
    private static readonly string[] LosingRefusals = ["Prescription.Error.ItemNotActive", "Prescription.Error.ItemChanged"];

    private readonly ClinicAppFactory _app = fixture.App;

    private static async Task<(Guid PetId, Guid StayId)> HospitalizedAsync(Desk desk, decimal kg = 12.4m)
    {
        var petId = await desk.NewWeighedPetAsync(kg);
        var vet = desk.Services.GetRequiredService<CurrentActor>().UserId!.Value;
        return (petId, await desk.NewStayAsync(petId, vet, await desk.NewBedAsync()));
    }

    private static async Task<List<MedicationAdministration>> DosesAsync(Desk desk, Guid itemId)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.MedicationAdministrations.AsNoTracking().Where(a => a.PrescriptionItemId == itemId).OrderBy(a => a.DueAt).ToListAsync();
    }

    private static async Task<PrescriptionItem> ItemAsync(Desk desk, Guid itemId)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.PrescriptionItems.AsNoTracking().SingleAsync(i => i.Id == itemId);
    }

    [Fact]
    public async Task A_hospital_prescription_every_8_hours_for_3_days_schedules_exactly_9_doses_at_the_expected_times()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var (petId, stayId) = await HospitalizedAsync(desk);
        var medicationId = await desk.NewMedicationAsync();
        var first = desk.Time.Today.AddDays(1).ToDateTime(new TimeOnly(8, 0));
        var changes = new List<CareChanged>();
        using var _ = desk.Services.GetRequiredService<HospitalEvents>().Subscribe<CareChanged>(e => { changes.Add(e); return Task.CompletedTask; });

        var id = await desk.Prescriptions().CreateAsync(new PrescriptionInput
        {
            PetId = petId,
            Kind = PrescriptionKind.Hospital,
            Items = [PrescribingData.Item(medicationId, first)],
        });

        var details = (await desk.Prescriptions().GetAsync(id))!;
        Assert.Equal(stayId, details.Prescription.HospitalizationId);
        Assert.Equal(12.4m, details.Prescription.WeightKg);
        var item = Assert.Single(details.Items);
        Assert.Equal(310m, item.DoseMg);
        Assert.Equal(0.62m, item.DoseVolume);
        Assert.False(item.AboveSafeRange);
        var firstUtc = desk.Time.ToUtc(first);
        var doses = await DosesAsync(desk, item.Id);
        Assert.Equal(Enumerable.Range(0, 9).Select(i => firstUtc.AddHours(8 * i)), doses.Select(d => d.DueAt));
        Assert.All(doses, d =>
        {
            Assert.Equal(AdministrationStatus.Scheduled, d.Status);
            Assert.Equal(stayId, d.HospitalizationId);
            Assert.Equal(petId, d.PetId);
        });
        Assert.Equal(first, (await desk.Prescriptions().ForStayAsync(stayId)).Single().NextDoseAt);
        Assert.Contains(new CareChanged(stayId, petId, CareChange.PrescriptionChanged), changes);
    }

    [Fact]
    public async Task A_hospital_prescription_without_an_active_stay_is_refused_and_nothing_is_saved()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var petId = await desk.NewWeighedPetAsync();
        var medicationId = await desk.NewMedicationAsync();

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Prescriptions().CreateAsync(new PrescriptionInput
        {
            PetId = petId,
            Kind = PrescriptionKind.Hospital,
            Items = [PrescribingData.Item(medicationId, desk.NextHour())],
        }));

        Assert.Equal("Prescription.Error.NoActiveStay", refusal.Message);
        Assert.Empty(await desk.Prescriptions().ForPetAsync(petId));
    }

    [Fact]
    public async Task A_dose_above_the_safe_range_is_refused_unless_the_vet_confirms_it()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var petId = await desk.NewWeighedPetAsync(10m);
        var medicationId = await desk.NewMedicationAsync(name: $"Meloxicam {Guid.NewGuid():N}"[..18], presentation: Presentation.Tablet, concentration: 2m, min: null, max: 0.2m);
        var item = PrescribingData.Item(medicationId, desk.NextHour(), amount: 4m, mode: DoseMode.Fixed);
        var input = new PrescriptionInput { PetId = petId, Kind = PrescriptionKind.Outpatient, Items = [item] };

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Prescriptions().CreateAsync(input));
        Assert.Equal("Prescription.Error.AboveSafeRange", refusal.Message);
        Assert.Empty(await desk.Prescriptions().ForPetAsync(petId));

        item.ConfirmAboveSafeRange = true;
        var id = await desk.Prescriptions().CreateAsync(input);

        var kept = Assert.Single((await desk.Prescriptions().GetAsync(id))!.Items);
        Assert.True(kept.AboveSafeRange);
        Assert.Equal(4m, kept.DoseMg);
        Assert.Equal(2m, kept.DoseVolume);
        Assert.Equal(0.4m, kept.DoseMgPerKg);
    }

    [Fact]
    public async Task An_outpatient_prescription_may_name_a_medicine_outside_the_catalogue_and_schedules_nothing()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var petId = await desk.NewWeighedPetAsync();
        var item = PrescribingData.Item(null, desk.NextHour(), amount: 50m, mode: DoseMode.Fixed, everyHours: 12, days: 7);
        item.MedicationName = "Probiótico manipulado";

        var id = await desk.Prescriptions().CreateAsync(new PrescriptionInput { PetId = petId, Kind = PrescriptionKind.Outpatient, Items = [item] });

        var kept = Assert.Single((await desk.Prescriptions().GetAsync(id))!.Items);
        Assert.Equal("Probiótico manipulado", kept.MedicationName);
        Assert.Null(kept.MedicationId);
        Assert.Null(kept.DoseVolume);
        Assert.Empty(await DosesAsync(desk, kept.Id));
    }

    [Fact]
    public async Task The_weight_typed_in_the_open_consultation_doses_the_prescription()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var petId = await desk.NewWeighedPetAsync(10m);
        var consultationId = await desk.Consultations().StartWalkInAsync(petId);
        await desk.Consultations().SaveDraftAsync(consultationId, new ConsultationInput { WeightKg = 12m }, (await desk.Consultations().GetAsync(consultationId))!.Version);
        var medicationId = await desk.NewMedicationAsync();

        var preview = await desk.Prescriptions().PreviewAsync(petId, consultationId, PrescriptionKind.Outpatient, PrescribingData.Item(medicationId, desk.NextHour(), amount: 20m));
        var id = await desk.Prescriptions().CreateAsync(new PrescriptionInput
        {
            PetId = petId,
            ConsultationId = consultationId,
            Kind = PrescriptionKind.Outpatient,
            Items = [PrescribingData.Item(medicationId, desk.NextHour(), amount: 20m)],
        });

        Assert.Equal(240m, preview.Dose!.DoseMg);
        Assert.Equal(240m, Assert.Single((await desk.Prescriptions().ForConsultationAsync(consultationId))).DoseMg);
        Assert.Equal(12m, (await desk.Prescriptions().GetAsync(id))!.Prescription.WeightKg);
        var entry = Assert.Single(await desk.Services.GetRequiredService<PetTimeline>().ForAsync(petId), e => e.Kind == "Prescription");
        Assert.Equal($"consultations/{consultationId}", entry.Href);
    }

    [Fact]
    public async Task Suspending_an_item_keeps_the_past_and_cancels_the_doses_to_come()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var (_, stayId) = await HospitalizedAsync(desk);
        var firstUtc = desk.Time.UtcNow.AddHours(-10);
        var itemId = await desk.NewHospitalItemAsync(stayId, firstUtc, everyHours: 8, days: 3);
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            var given = await db.MedicationAdministrations.OrderBy(a => a.DueAt).FirstAsync(a => a.PrescriptionItemId == itemId);
            given.Give(100m, given.DueAt, null, null);
            await db.SaveChangesAsync();
        }

        var before = desk.Time.UtcNow;
        await desk.Prescriptions().SuspendItemAsync(itemId, "Melhora clínica");

        var item = await ItemAsync(desk, itemId);
        Assert.Equal(PrescriptionItemStatus.Suspended, item.Status);
        Assert.Equal("Melhora clínica", item.StopReason);
        var doses = await DosesAsync(desk, itemId);
        Assert.Equal(9, doses.Count);
        Assert.Equal(AdministrationStatus.Given, doses[0].Status);       // 10 h ago, given
        Assert.Equal(AdministrationStatus.Scheduled, doses[1].Status);   // 2 h ago, still to be recorded (late)
        Assert.All(doses.Where(d => d.DueAt >= before), d => Assert.Equal(AdministrationStatus.Cancelled, d.Status));
        Assert.Equal(7, doses.Count(d => d.Status == AdministrationStatus.Cancelled));

        var again = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Prescriptions().SuspendItemAsync(itemId, "de novo"));
        Assert.Equal("Prescription.Error.ItemNotActive", again.Message);
    }

    [Fact]
    public async Task Changing_an_item_cancels_its_doses_to_come_and_schedules_the_new_item_from_its_first_dose()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var (petId, stayId) = await HospitalizedAsync(desk, kg: 20m);
        var medicationId = await desk.NewMedicationAsync();
        var oldId = await desk.NewHospitalItemAsync(stayId, desk.Time.UtcNow.AddHours(-10), everyHours: 8, days: 3);
        var newFirst = desk.NextHour(2);

        var newId = await desk.Prescriptions().ChangeItemAsync(oldId, PrescribingData.Item(medicationId, newFirst, amount: 15m, everyHours: 12, days: 2), "Ajuste de dose");

        var old = await ItemAsync(desk, oldId);
        Assert.Equal(PrescriptionItemStatus.Replaced, old.Status);
        Assert.Equal(newId, old.ReplacedById);
        Assert.Equal("Ajuste de dose", old.StopReason);
        var oldDoses = await DosesAsync(desk, oldId);
        Assert.Equal(2, oldDoses.Count(d => d.Status == AdministrationStatus.Scheduled));
        Assert.All(oldDoses.Where(d => d.DueAt > desk.Time.UtcNow), d => Assert.Equal(AdministrationStatus.Cancelled, d.Status));

        var replacement = await ItemAsync(desk, newId);
        Assert.Equal(oldId, replacement.ReplacesId);
        Assert.Equal(old.PrescriptionId, replacement.PrescriptionId);
        Assert.Equal(300m, replacement.DoseMg);
        Assert.Equal(PrescriptionItemStatus.Active, replacement.Status);
        var newFirstUtc = desk.Time.ToUtc(newFirst);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => newFirstUtc.AddHours(12 * i)), (await DosesAsync(desk, newId)).Select(d => d.DueAt));

        var rows = await desk.Prescriptions().ForStayAsync(stayId);
        Assert.Equal(newId, rows[0].Id); // the active item first
        Assert.Equal(newFirst, rows[0].NextDoseAt);
        Assert.Equal(PrescriptionItemStatus.Replaced, rows.Single(r => r.Id == oldId).Status);
        Assert.All(rows, r => Assert.Equal(petId, r.PetId));
    }

    [Fact]
    public async Task Two_vets_stopping_the_same_item_at_once_one_wins_and_the_other_is_told()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var (_, stayId) = await HospitalizedAsync(desk);
        var itemId = await desk.NewHospitalItemAsync(stayId, desk.Time.UtcNow.AddHours(1), everyHours: 6, days: 5);
        var medicationId = await desk.NewMedicationAsync();
        await using var a = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var b = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);

        using var gate = new ManualResetEventSlim();
        var suspend = Task.Run(async () => { gate.Wait(); return await Refusals.CaptureAsync(a.Prescriptions().SuspendItemAsync(itemId, "Alta")); });
        var change = Task.Run(async () => { gate.Wait(); return await Refusals.CaptureAsync(b.Prescriptions().ChangeItemAsync(itemId, PrescribingData.Item(medicationId, b.NextHour(3)), "Troca")); });
        gate.Set();
        var refusals = await Task.WhenAll(suspend, change);

        Assert.Single(refusals, r => r is null);
        Assert.Contains(refusals.Single(r => r is not null)!.Message, LosingRefusals);
        var item = await ItemAsync(desk, itemId);
        Assert.NotEqual(PrescriptionItemStatus.Active, item.Status);
        Assert.Equal(item.Status == PrescriptionItemStatus.Replaced ? 1 : 0, (await desk.Prescriptions().ForStayAsync(stayId)).Count(r => r.IsActive));
    }

    [Theory]
    [InlineData(Roles.Nurse)]
    [InlineData(Roles.Receptionist)]
    public async Task A_nurse_or_a_receptionist_cannot_prescribe_suspend_or_change(string role)
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var (petId, stayId) = await HospitalizedAsync(vet);
        var medicationId = await vet.NewMedicationAsync();
        var itemId = await vet.NewHospitalItemAsync(stayId, vet.Time.UtcNow.AddHours(1));
        await using var other = await Desk.AsAsync(_app, "aurora", role);

        var create = await Assert.ThrowsAsync<DomainRuleException>(() => other.Prescriptions().CreateAsync(new PrescriptionInput
        {
            PetId = petId,
            Kind = PrescriptionKind.Hospital,
            Items = [PrescribingData.Item(medicationId, other.NextHour())],
        }));
        var suspend = await Assert.ThrowsAsync<DomainRuleException>(() => other.Prescriptions().SuspendItemAsync(itemId, "x"));
        var change = await Assert.ThrowsAsync<DomainRuleException>(() => other.Prescriptions().ChangeItemAsync(itemId, PrescribingData.Item(medicationId, other.NextHour()), "x"));

        Assert.All(new[] { create, suspend, change }, r => Assert.Equal("Common.Error.NotAllowed", r.Message));
        Assert.Equal(PrescriptionItemStatus.Active, (await ItemAsync(vet, itemId)).Status);
        Assert.Single(await other.Prescriptions().ForStayAsync(stayId)); // but the whole staff reads them
    }

    [Fact]
    public async Task Another_hospital_can_neither_read_nor_stop_a_prescription()
    {
        await using var aurora = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var (_, stayId) = await HospitalizedAsync(aurora);
        var itemId = await aurora.NewHospitalItemAsync(stayId, aurora.Time.UtcNow.AddHours(1));
        var prescriptionId = (await ItemAsync(aurora, itemId)).PrescriptionId;
        await using var boavista = await Desk.AsAsync(_app, "boavista", Roles.Veterinarian);

        Assert.Null(await boavista.Prescriptions().GetAsync(prescriptionId));
        Assert.Empty(await boavista.Prescriptions().ForStayAsync(stayId));
        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => boavista.Prescriptions().SuspendItemAsync(itemId, "x"));
        Assert.Equal("Common.Error.NotFound", refusal.Message);
        Assert.Equal(PrescriptionItemStatus.Active, (await ItemAsync(aurora, itemId)).Status);
    }
}
