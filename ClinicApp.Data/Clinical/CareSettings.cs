using ClinicApp.Data.Common;

namespace ClinicApp.Data.Clinical;

/// <summary>The hospitalization area's rules: one row per hospital database.</summary>
public sealed class CareSettings : Entity
{
    /// <summary>Minutes after its due time from which a dose not recorded is late (and after which a
    /// dose given is not "on time" for adherence).</summary>
    public int DoseToleranceMinutes { get; set; } = 30;

    /// <summary>Hospital wall-clock times at which nursing shifts start, e.g. 07:00, 13:00, 19:00.</summary>
    public string ShiftStarts { get; set; } = "07:00,13:00,19:00";

    public IReadOnlyList<TimeOnly> Shifts() =>
        ShiftStarts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => TimeOnly.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : (TimeOnly?)null)
            .Where(t => t is not null).Select(t => t!.Value).Distinct().Order().ToList() is { Count: > 0 } shifts ? shifts : [new TimeOnly(7, 0), new TimeOnly(19, 0)];
}
