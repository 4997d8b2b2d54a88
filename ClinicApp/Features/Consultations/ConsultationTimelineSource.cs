using ClinicApp.Data.Identity;
using ClinicApp.Features.Pets;
using ClinicApp.Tenancy;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Consultations;

/// <summary>Consultations on the pet's timeline. The diagnosis and the link are for the care team; the front
/// desk sees that a consultation happened.</summary>
internal sealed class ConsultationTimelineSource(ConsultationService consultations, CurrentActor actor, IStringLocalizer<SharedResource> l) : IPetTimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(Guid petId, CancellationToken ct)
    {
        var care = actor.IsInAnyRole(Roles.Care);
        return (await consultations.ForPetAsync(petId, ct))
            .Select(c => new TimelineEntry(
                c.StartedAt,
                "Consultation",
                $"{l["Consultation.Title"]} · {l[$"Consultation.Status.{c.Status}"]}",
                care ? Detail(c) : c.VeterinarianName,
                care ? $"consultations/{c.Id}" : null))
            .ToList();
    }

    private static string Detail(ConsultationRow c) => c.Diagnosis is { } diagnosis ? $"{c.VeterinarianName} · {diagnosis}" : c.VeterinarianName;
}
