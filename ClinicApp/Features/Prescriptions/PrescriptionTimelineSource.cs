using ClinicApp.Data.Clinical;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Pets;
using ClinicApp.Tenancy;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Prescriptions;

/// <summary>Prescriptions on the pet's timeline: one entry per prescription, naming its medicines.</summary>
internal sealed class PrescriptionTimelineSource(PrescriptionService prescriptions, CurrentActor actor, IStringLocalizer<SharedResource> l) : IPetTimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(Guid petId, CancellationToken ct) =>
        (await prescriptions.ForPetAsync(petId, ct))
        .GroupBy(i => i.PrescriptionId)
        .Select(g =>
        {
            var first = g.First();
            var medicines = string.Join(", ", g.Where(i => i.Status != PrescriptionItemStatus.Replaced).Select(i => i.MedicationName).Distinct());
            return new TimelineEntry(
                first.IssuedAt,
                "Prescription",
                $"{l["Prescriptions.TimelineTitle"]} · {l[$"PrescriptionKind.{first.Kind}"]}",
                $"{first.VeterinarianName} · {medicines}",
                first.ConsultationId is { } consultation && actor.IsInAnyRole(Roles.Care) ? $"consultations/{consultation}" : null);
        })
        .ToList();
}
