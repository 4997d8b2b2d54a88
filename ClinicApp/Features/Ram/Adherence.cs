using ClinicApp.Data.Clinical;
using ClinicApp.Tenancy;

namespace ClinicApp.Features.Ram;

/// <summary>A dose as adherence counts it; times UTC.</summary>
public sealed record AdherenceDose(
    Guid HospitalizationId,
    string PetName,
    Guid? WardId,
    string? WardName,
    DateTime DueAt,
    AdministrationStatus Status,
    DateTime? RecordedAt,
    Guid? RecordedById,
    string? RecordedByName);

/// <summary>Doses given on time out of doses due, for one patient, ward, nurse, shift or day.</summary>
public sealed record AdherenceRate(string Key, string Label, int Due, int OnTime)
{
    /// <summary>0–100, or null when nothing was due.</summary>
    public decimal? Percent => Due == 0 ? null : Math.Round(100m * OnTime / Due, 1);
}

public sealed record AdherenceReport(
    AdherenceRate Overall,
    IReadOnlyList<AdherenceRate> ByPatient,
    IReadOnlyList<AdherenceRate> ByWard,
    IReadOnlyList<AdherenceRate> ByNurse,
    IReadOnlyList<AdherenceRate> ByShift,
    IReadOnlyList<(DateOnly Day, AdherenceRate Rate)> ByDay);

/// <summary>Adherence = doses given on time (given no later than due + tolerance) ÷ doses due (due +
/// tolerance has passed, not cancelled). A nurse is counted on the doses they recorded; a shift on
/// the doses due in it. Pure.</summary>
public static class AdherenceCalculator
{
    public static bool IsDue(AdherenceDose dose, DateTime nowUtc, int toleranceMinutes) =>
        dose.Status != AdministrationStatus.Cancelled && dose.DueAt.AddMinutes(toleranceMinutes) <= nowUtc;

    public static bool IsOnTime(AdherenceDose dose, int toleranceMinutes) =>
        dose.Status == AdministrationStatus.Given && dose.RecordedAt is { } given && given <= dose.DueAt.AddMinutes(toleranceMinutes);

    public static AdherenceReport Compute(IEnumerable<AdherenceDose> doses, DateTime nowUtc, int toleranceMinutes, IReadOnlyList<TimeOnly> shiftStarts, TimeZoneInfo zone, string noWardLabel = "—")
    {
        var due = doses.Where(d => IsDue(d, nowUtc, toleranceMinutes)).ToList();

        AdherenceRate Rate(string key, string label, IEnumerable<AdherenceDose> group)
        {
            var list = group as ICollection<AdherenceDose> ?? group.ToList();
            return new AdherenceRate(key, label, list.Count, list.Count(d => IsOnTime(d, toleranceMinutes)));
        }

        static IReadOnlyList<AdherenceRate> Worst(IEnumerable<AdherenceRate> rates) =>
            rates.OrderBy(r => r.Percent ?? 101).ThenBy(r => r.Label, StringComparer.CurrentCulture).ToList();

        var byPatient = Worst(due.GroupBy(d => d.HospitalizationId)
            .Select(g => Rate(g.Key.ToString(), g.First().PetName, g)));
        var byWard = Worst(due.GroupBy(d => d.WardId)
            .Select(g => Rate(g.Key?.ToString() ?? "", g.First().WardName ?? noWardLabel, g)));
        var byNurse = Worst(due.Where(d => d.RecordedById is not null || d.RecordedByName is not null)
            .GroupBy(d => d.RecordedById?.ToString() ?? d.RecordedByName!)
            .Select(g => Rate(g.Key, g.First().RecordedByName ?? g.Key, g)));
        var byShift = due.GroupBy(d => ShiftClock.IndexOf(TimeOnly.FromDateTime(HospitalTime.ToLocal(d.DueAt, zone)), shiftStarts))
            .OrderBy(g => g.Key)
            .Select(g => Rate(g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), ShiftClock.Label(g.Key, shiftStarts), g))
            .ToList();
        var byDay = due.GroupBy(d => DateOnly.FromDateTime(HospitalTime.ToLocal(d.DueAt, zone)))
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, Rate(g.Key.ToString("O", System.Globalization.CultureInfo.InvariantCulture), g.Key.ToString("d", System.Globalization.CultureInfo.CurrentCulture), g)))
            .ToList();
        return new AdherenceReport(Rate("all", "", due), byPatient, byWard, byNurse, byShift, byDay);
    }
}
