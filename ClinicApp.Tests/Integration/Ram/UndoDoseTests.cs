using ClinicApp.Data.Audit;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Ram;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicApp.Tests.Support.Desk;

namespace ClinicApp.Tests.Integration.Ram;

/// <summary>"Desfazer" after a one-click "given": the nurse who recorded it, within two minutes, and
/// the dose's charge is taken back with it; refused otherwise, leaving dose and charge as they were.</summary>
[Collection(AppCollection.Name)]
public sealed class UndoDoseTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task The_nurse_who_gave_a_dose_undoes_it_within_two_minutes_and_its_charge_is_withdrawn()
    {
        var doseId = await PricedDoseAsync();
        await using var nurse = await AsAsync(_app, "aurora", Roles.Nurse);
        Assert.True((await Service(nurse).RecordGivenAsync(doseId)).Recorded);
        Assert.NotNull(await ChargeAsync(nurse, doseId));
        var auditsBefore = await AuditsAsync(nurse, doseId);

        await Service(nurse).UndoGivenAsync(doseId);

        var dose = await DoseAsync(nurse, doseId);
        Assert.Equal(AdministrationStatus.Scheduled, dose.Status);
        Assert.Null(dose.RecordedAt);
        Assert.Null(dose.RecordedById);
        Assert.Null(dose.DoseGivenMg);
        Assert.Null(await ChargeAsync(nurse, doseId));
        // Audited: the undoing is a change of its own in the trail, after the record.
        Assert.True(await AuditsAsync(nurse, doseId) > auditsBefore);
        // Open again: it can be given anew, and is charged anew.
        Assert.True((await Service(nurse).RecordGivenAsync(doseId)).Recorded);
        Assert.NotNull(await ChargeAsync(nurse, doseId));
    }

    [Fact]
    public async Task Undo_is_refused_after_two_minutes_and_the_dose_and_its_charge_stay()
    {
        var doseId = await PricedDoseAsync();
        await using var nurse = await AsAsync(_app, "aurora", Roles.Nurse);
        await Service(nurse).RecordGivenAsync(doseId);
        // The clock of the record moves back past the window (the save stamps UpdatedAt; this bypasses it).
        await using (var db = await nurse.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            var past = nurse.Time.UtcNow - AdministrationService.UndoWindow - TimeSpan.FromSeconds(5);
            await db.MedicationAdministrations.Where(a => a.Id == doseId).ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, past));
        }

        var refused = await Refusals.CaptureAsync(Service(nurse).UndoGivenAsync(doseId));

        Assert.Equal("Ram.Error.UndoExpired", refused?.Message);
        Assert.Equal(AdministrationStatus.Given, (await DoseAsync(nurse, doseId)).Status);
        Assert.NotNull(await ChargeAsync(nurse, doseId));
    }

    [Fact]
    public async Task Another_nurse_cannot_undo_a_colleagues_dose()
    {
        var doseId = await PricedDoseAsync();
        await using var nurse = await AsAsync(_app, "aurora", Roles.Nurse);
        await using var colleague = await AsAsync(_app, "aurora", Roles.Nurse);
        await Service(nurse).RecordGivenAsync(doseId);

        var refused = await Refusals.CaptureAsync(Service(colleague).UndoGivenAsync(doseId));

        Assert.Equal("Ram.Error.UndoNotYours", refused?.Message);
        Assert.Equal(AdministrationStatus.Given, (await DoseAsync(nurse, doseId)).Status);
    }

    [Fact]
    public async Task A_dose_whose_charge_was_already_paid_cannot_be_undone()
    {
        var doseId = await PricedDoseAsync();
        await using var nurse = await AsAsync(_app, "aurora", Roles.Nurse);
        await Service(nurse).RecordGivenAsync(doseId);
        var line = (await ChargeAsync(nurse, doseId))!;
        await using (var desk = await AsAsync(_app, "aurora", Roles.Receptionist))
        {
            await desk.Services.GetRequiredService<InvoiceService>().RegisterPaymentAsync(line.InvoiceId, PaymentMethod.Cash, 5m, null);
        }

        var refused = await Refusals.CaptureAsync(Service(nurse).UndoGivenAsync(doseId));

        Assert.Equal("Ram.Error.UndoBilled", refused?.Message);
        Assert.Equal(AdministrationStatus.Given, (await DoseAsync(nurse, doseId)).Status);
        Assert.NotNull(await ChargeAsync(nurse, doseId));
    }

    [Fact]
    public async Task A_receptionist_cannot_undo_a_dose()
    {
        var doseId = await PricedDoseAsync();
        await using var desk = await AsAsync(_app, "aurora", Roles.Receptionist);

        await Assert.ThrowsAnyAsync<Exception>(() => Service(desk).UndoGivenAsync(doseId));
    }

    private static AdministrationService Service(Desk desk) => desk.Services.GetRequiredService<AdministrationService>();

    /// <summary>The first dose (due an hour ago) of a medicine priced per dose, in a new stay.</summary>
    private async Task<Guid> PricedDoseAsync()
    {
        await using var desk = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var factory = desk.Services.GetRequiredService<ClinicDbFactory>();
        var medication = new Medication { Name = $"Cefalotina {Guid.NewGuid():N}"[..20], Presentation = Presentation.Injectable, ConcentrationMgPerUnit = 100m, PricePerDose = 12.40m };
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Medications.Add(medication);
            await db.SaveChangesAsync();
        }

        var stay = await desk.NewStayAsync(await desk.NewPetAsync(), await desk.NewVetAsync(), await desk.NewBedAsync());
        var item = await desk.NewHospitalItemAsync(stay, desk.Time.UtcNow.AddHours(-1), medication: medication.Name, medicationId: medication.Id);
        await using var check = await factory.CreateDbContextAsync();
        return await check.MedicationAdministrations.Where(a => a.PrescriptionItemId == item).OrderBy(a => a.DueAt).Select(a => a.Id).FirstAsync();
    }

    private static async Task<MedicationAdministration> DoseAsync(Desk desk, Guid id)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.MedicationAdministrations.AsNoTracking().SingleAsync(a => a.Id == id);
    }

    private static async Task<int> AuditsAsync(Desk desk, Guid doseId)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().CountAsync(a => a.EntityId == doseId.ToString());
    }

    private static async Task<InvoiceItem?> ChargeAsync(Desk desk, Guid doseId)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.InvoiceItems.AsNoTracking().FirstOrDefaultAsync(i => i.SourceKey == CareCharges.DoseKey(doseId));
    }
}
