using ClinicApp.Data.Billing;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Invoices;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicApp.Tests.Support.Desk;

namespace ClinicApp.Tests.Integration.Invoices;

/// <summary>Care in hospital posts its own charges on the stay's invoice, each once: doses given (at the
/// medicine's price per dose), the stay's days and completed exams; what was not charged is listed.</summary>
[Collection(AppCollection.Name)]
public sealed class CareChargesTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task A_dose_given_is_charged_once_on_the_stays_invoice_and_until_then_waits_for_review()
    {
        await using var desk = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var charges = desk.Services.GetRequiredService<CareCharges>();
        var factory = desk.Services.GetRequiredService<ClinicDbFactory>();
        var medication = new Medication { Name = $"Cefalotina {Guid.NewGuid():N}"[..20], Presentation = Presentation.Injectable, ConcentrationMgPerUnit = 100m, PricePerDose = 12.40m };
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Medications.Add(medication);
            await db.SaveChangesAsync();
        }

        var stay = await desk.NewStayAsync(await desk.NewPetAsync(), await desk.NewVetAsync(), await desk.NewBedAsync());
        var item = await desk.NewHospitalItemAsync(stay, desk.Time.UtcNow.AddHours(-1), medication: medication.Name, medicationId: medication.Id);
        Guid doseId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var dose = await db.MedicationAdministrations.OrderBy(a => a.DueAt).FirstAsync(a => a.PrescriptionItemId == item);
            dose.Give(100m, desk.Time.UtcNow, null, null);
            await db.SaveChangesAsync();
            doseId = dose.Id;
        }

        Assert.Contains(await charges.UnbilledAsync(desk.Time.UtcNow.AddHours(-2)), u => u.SourceKey == CareCharges.DoseKey(doseId) && u.What == "Charge.Unbilled.Dose");

        await Task.WhenAll(charges.ChargeDoseAsync(doseId), charges.ChargeDoseAsync(doseId));
        await charges.ChargeDoseAsync(doseId);

        await using var check = await factory.CreateDbContextAsync();
        var line = await check.InvoiceItems.SingleAsync(i => i.SourceKey == CareCharges.DoseKey(doseId));
        Assert.Equal((12.40m, ChargeKind.Medication), (line.UnitPrice, line.Kind));
        Assert.StartsWith(medication.Name, line.Description, StringComparison.Ordinal);
        var invoice = await check.Invoices.SingleAsync(i => i.Id == line.InvoiceId);
        Assert.Equal(CareCharges.StayVisitKey(stay), invoice.VisitKey);
        Assert.DoesNotContain(await charges.UnbilledAsync(desk.Time.UtcNow.AddHours(-2)), u => u.SourceKey == CareCharges.DoseKey(doseId));
    }

    [Fact]
    public async Task An_ended_stay_is_charged_its_started_days_at_the_daily_rate_and_a_priced_exam_on_the_same_invoice()
    {
        await using var desk = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var charges = desk.Services.GetRequiredService<CareCharges>();
        var factory = desk.Services.GetRequiredService<ClinicDbFactory>();
        var pet = await desk.NewPetAsync();
        var stayId = await desk.NewStayAsync(pet, await desk.NewVetAsync(), await desk.NewBedAsync(), admittedUtc: desk.Time.UtcNow.AddHours(-50));
        Guid examId;
        PriceItem daily, hemogram;
        await using (var db = await factory.CreateDbContextAsync())
        {
            daily = await db.PriceItems.FirstAsync(p => p.Kind == ChargeKind.HospitalizationDay && p.IsActive);
            hemogram = await db.PriceItems.FirstAsync(p => p.Kind == ChargeKind.Exam && p.ChargesAppointment == null);
            var stay = await db.Hospitalizations.SingleAsync(h => h.Id == stayId);
            stay.End(HospitalizationStatus.Discharged, "Alta com melhora.", desk.Time.UtcNow);
            var exam = new ExamRequest { PetId = pet, TutorId = stay.TutorId, HospitalizationId = stayId, RequestedById = stay.ResponsibleVetId, ExamType = hemogram.Name, PriceItemId = hemogram.Id, RequestedAt = desk.Time.UtcNow.AddHours(-40) };
            exam.ChangeStatus(ExamStatus.Completed, desk.Time.UtcNow.AddHours(-30), "Lab");
            db.ExamRequests.Add(exam);
            await db.SaveChangesAsync();
            examId = exam.Id;
        }

        var unbilled = await charges.UnbilledAsync(desk.Time.UtcNow.AddDays(-3));
        Assert.Contains(unbilled, u => u.SourceKey == CareCharges.StayKey(stayId) && u.Detail == "3");
        Assert.Contains(unbilled, u => u.SourceKey == CareCharges.ExamKey(examId));

        await charges.ChargeStayAsync(stayId);
        await charges.ChargeExamAsync(examId);
        await charges.ChargeStayAsync(stayId);

        await using var check = await factory.CreateDbContextAsync();
        var invoice = await check.Invoices.Include(i => i.Items).SingleAsync(i => i.VisitKey == CareCharges.StayVisitKey(stayId));
        var days = invoice.Items.Single(i => i.SourceKey == CareCharges.StayKey(stayId));
        Assert.Equal((3m, daily.Price), (days.Quantity, days.UnitPrice));
        Assert.Equal(hemogram.Price, invoice.Items.Single(i => i.SourceKey == CareCharges.ExamKey(examId)).UnitPrice);
        Assert.Equal((3 * daily.Price) + hemogram.Price, invoice.Total);
    }

    [Fact]
    public async Task The_review_gathers_a_stays_uncharged_care_on_one_line_with_its_count_and_total()
    {
        await using var desk = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var charges = desk.Services.GetRequiredService<CareCharges>();
        var factory = desk.Services.GetRequiredService<ClinicDbFactory>();
        var medication = new Medication { Name = $"Cefovecina {Guid.NewGuid():N}"[..20], Presentation = Presentation.Injectable, ConcentrationMgPerUnit = 80m, PricePerDose = 21.30m };
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Medications.Add(medication);
            await db.SaveChangesAsync();
        }

        var pet = await desk.NewPetAsync();
        var stayId = await desk.NewStayAsync(pet, await desk.NewVetAsync(), await desk.NewBedAsync(), admittedUtc: desk.Time.UtcNow.AddHours(-30));
        var item = await desk.NewHospitalItemAsync(stayId, desk.Time.UtcNow.AddHours(-20), medication: medication.Name, medicationId: medication.Id);
        PriceItem daily;
        await using (var db = await factory.CreateDbContextAsync())
        {
            daily = await db.PriceItems.FirstAsync(p => p.Kind == ChargeKind.HospitalizationDay && p.IsActive);
            foreach (var dose in (await db.MedicationAdministrations.Where(a => a.PrescriptionItemId == item).ToListAsync()).OrderBy(a => a.DueAt).Take(3))
            {
                dose.Give(80m, desk.Time.UtcNow.AddHours(-2), null, null);
            }

            var stay = await db.Hospitalizations.SingleAsync(h => h.Id == stayId);
            stay.End(HospitalizationStatus.Discharged, "Alta com melhora.", desk.Time.UtcNow);
            await db.SaveChangesAsync();
        }

        var visits = await charges.UnbilledVisitsAsync(desk.Time.UtcNow.AddDays(-2));

        var line = Assert.Single(visits, v => v.PetId == pet);
        Assert.Equal((CareCharges.StayVisitKey(stayId), stayId, 4), (line.VisitKey, line.StayId, line.Items));
        Assert.Equal((3 * 21.30m) + (2 * daily.Price), line.Total);
        Assert.Equal("Charge.Unbilled.Visit.Stay", line.What);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(24, 1)]
    [InlineData(25, 2)]
    [InlineData(50, 3)]
    public void A_stay_is_charged_its_started_days(int hours, int days)
    {
        var admitted = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);

        Assert.Equal(days, CareCharges.StayDays(admitted, admitted.AddHours(hours)));
    }
}
