using ClinicApp.Data.Clinical;
using ClinicApp.Features.Care;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Support;

/// <summary>Test data of the hospitalization area written straight to the hospital's database (through
/// the entities' own rules), for tests of screens and services that read it. Each call makes its own
/// ward, bed and stay, so tests sharing an app do not meet. Like every writer, they announce the change.</summary>
public static class CareData
{
    public static async Task<Guid> NewBedAsync(this Desk desk, bool isolation = false, string? wardName = null)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var ward = new Ward { Name = wardName ?? $"Ala {Guid.NewGuid():N}"[..12], IsIsolation = isolation };
        var bed = new Bed { WardId = ward.Id, Name = $"L{Random.Shared.Next(1, 999)}" };
        db.Wards.Add(ward);
        db.Beds.Add(bed);
        await db.SaveChangesAsync();
        return bed.Id;
    }

    /// <summary>Admits a pet (in care in <paramref name="bedId"/>, or waiting without one).</summary>
    public static async Task<Guid> NewStayAsync(this Desk desk, Guid petId, Guid vetId, Guid? bedId, HospitalizationPriority priority = HospitalizationPriority.Medium, DateTime? admittedUtc = null)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var pet = await db.Pets.AsNoTracking().SingleAsync(p => p.Id == petId);
        var stay = new Hospitalization
        {
            PetId = petId,
            TutorId = pet.TutorId,
            AdmittingVetId = vetId,
            ResponsibleVetId = vetId,
            Reason = "Gastroenterite",
            Priority = priority,
        };
        stay.Admit(bedId, admittedUtc ?? desk.Time.UtcNow);
        db.Hospitalizations.Add(stay);
        await db.SaveChangesAsync();
        await desk.Services.GetRequiredService<HospitalEvents>().PublishAsync(new CareChanged(stay.Id, petId, CareChange.Admitted));
        return stay.Id;
    }

    /// <summary>A hospital prescription of one item with its whole schedule; returns the item's id.</summary>
    public static async Task<Guid> NewHospitalItemAsync(this Desk desk, Guid stayId, DateTime firstDoseUtc, int everyHours = 8, int days = 3, decimal doseMg = 100m, string medication = "Dipirona", Guid? medicationId = null)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var stay = await db.Hospitalizations.AsNoTracking().SingleAsync(h => h.Id == stayId);
        var prescription = new Prescription
        {
            PetId = stay.PetId,
            TutorId = stay.TutorId,
            VeterinarianId = stay.ResponsibleVetId,
            HospitalizationId = stay.Id,
            Kind = PrescriptionKind.Hospital,
            IssuedAt = desk.Time.UtcNow,
        };
        var item = new PrescriptionItem
        {
            PrescriptionId = prescription.Id,
            MedicationId = medicationId,
            MedicationName = medication,
            DoseMode = DoseMode.Fixed,
            DoseMg = doseMg,
            Route = DoseRoute.IV,
            EveryHours = everyHours,
            DurationDays = days,
            FirstDoseAt = firstDoseUtc,
        };
        prescription.Items.Add(item);
        db.Prescriptions.Add(prescription);
        db.MedicationAdministrations.AddRange(AdministrationPlan.For(item, stay.Id, stay.PetId, desk.Time.Zone));
        await db.SaveChangesAsync();
        await desk.Services.GetRequiredService<HospitalEvents>().PublishAsync(new CareChanged(stay.Id, stay.PetId, CareChange.PrescriptionChanged));
        return item.Id;
    }
}
