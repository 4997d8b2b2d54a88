using ClinicApp.Data.Clinical;

namespace ClinicApp.Features.Care;

/// <summary>The administrations (RAM rows) a hospital prescription item schedules. Pure: the caller
/// saves them with the item.</summary>
public static class AdministrationPlan
{
    /// <summary>One Scheduled dose per due time of the item's course from <paramref name="fromUtc"/> on
    /// (all of them when null).</summary>
    public static List<MedicationAdministration> For(PrescriptionItem item, Guid hospitalizationId, Guid petId, TimeZoneInfo zone, DateTime? fromUtc = null)
    {
        var times = fromUtc is { } from
            ? DoseSchedule.TimesFrom(item.FirstDoseAt, item.EveryHours, item.DurationDays, zone, from)
            : DoseSchedule.Times(item.FirstDoseAt, item.EveryHours, item.DurationDays, zone);
        return times.Select(due => new MedicationAdministration(item.Id, hospitalizationId, petId, due)).ToList();
    }
}
