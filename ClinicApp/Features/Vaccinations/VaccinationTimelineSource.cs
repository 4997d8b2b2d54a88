using ClinicApp.Features.Pets;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Vaccinations;

/// <summary>Vaccinations on the pet's timeline.</summary>
internal sealed class VaccinationTimelineSource(VaccinationService vaccinations, IStringLocalizer<SharedResource> l) : IPetTimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(Guid petId, CancellationToken ct) =>
        (await vaccinations.OfPetAsync(petId, ct))
        .Select(v => new TimelineEntry(
            v.AppliedOn.ToDateTime(new TimeOnly(12, 0)),
            "Vaccination",
            string.IsNullOrEmpty(v.Dose) ? v.Vaccine : $"{v.Vaccine} · {v.Dose}",
            v.NextDueOn is { } next ? l["Vaccinations.NextDue", next.ToShortDateString()].Value : null,
            null))
        .ToList();
}
