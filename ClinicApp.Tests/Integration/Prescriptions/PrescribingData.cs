using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Consultations;
using ClinicApp.Features.Medications;
using ClinicApp.Features.Prescriptions;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Prescriptions;

/// <summary>Builders for the consultation and prescription tests: catalogue medicines, weighed pets,
/// arrived appointments and prescription items, each new for its test.</summary>
public static class PrescribingData
{
    public static ConsultationService Consultations(this Desk desk) => desk.Services.GetRequiredService<ConsultationService>();

    public static PrescriptionService Prescriptions(this Desk desk) => desk.Services.GetRequiredService<PrescriptionService>();

    public static MedicationCatalogService Catalog(this Desk desk) => desk.Services.GetRequiredService<MedicationCatalogService>();

    /// <summary>An injectable of 500 mg/mL, safe from 12.5 to 25 mg/kg (dipyrone-like), under a name of its own.</summary>
    public static async Task<Guid> NewMedicationAsync(
        this Desk desk, string? name = null, Presentation presentation = Presentation.Injectable, decimal? concentration = 500m,
        decimal? min = 12.5m, decimal? max = 25m, DoseRoute route = DoseRoute.IV)
    {
        var id = Guid.Empty;
        var input = new MedicationInput
        {
            Name = name ?? $"Dipirona {Guid.NewGuid():N}"[..18],
            Presentation = presentation,
            ConcentrationMgPerUnit = concentration,
            MinDoseMgPerKg = min,
            MaxDoseMgPerKg = max,
            DefaultRoute = route,
            PricePerDose = 4.5m,
        };
        await desk.AsAdminAsync(async () => id = await desk.Catalog().SaveAsync(null, input));
        return id;
    }

    /// <summary>A dog weighing <paramref name="kg"/> (recorded as its latest weight).</summary>
    public static async Task<Guid> NewWeighedPetAsync(this Desk desk, decimal kg = 12.4m, string? name = null)
    {
        var petId = await desk.NewPetAsync(name: name);
        await desk.Pets.AddWeightAsync(petId, kg);
        return petId;
    }

    /// <summary>An appointment of <paramref name="vetId"/> for the pet, checked in (the patient arrived).</summary>
    public static async Task<Guid> NewArrivedAppointmentAsync(this Desk desk, Guid petId, Guid vetId, int weeksAhead = 2)
    {
        var id = await desk.Agenda.BookAsync(Desk.Booking(petId, vetId, desk.FutureSlot(weeksAhead, hour: 8 + Random.Shared.Next(0, 10), minute: 5 * Random.Shared.Next(0, 12))));
        await desk.Agenda.ChangeStatusAsync(id, AppointmentStatus.CheckedIn);
        return id;
    }

    public static PrescriptionItemInput Item(Guid? medicationId, DateTime firstDoseLocal, decimal amount = 25m, DoseMode mode = DoseMode.PerKg, int everyHours = 8, int days = 3) => new()
    {
        MedicationId = medicationId,
        DoseMode = mode,
        Amount = amount,
        Route = DoseRoute.IV,
        EveryHours = everyHours,
        DurationDays = days,
        FirstDose = firstDoseLocal,
        Instructions = "Diluir em 10 mL de soro.",
    };

    /// <summary>A whole hour of the hospital's clock a little ahead (first doses are on the hour).</summary>
    public static DateTime NextHour(this Desk desk, int hoursAhead = 1)
    {
        var now = desk.Time.Now;
        return new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Unspecified).AddHours(hoursAhead);
    }
}
