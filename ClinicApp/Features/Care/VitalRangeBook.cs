using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;

namespace ClinicApp.Features.Care;

public enum VitalLevel
{
    Normal,
    Abnormal,
    Critical,
}

/// <summary>The reference ranges in force: the hospital's own (<see cref="VitalRange"/> rows) over the
/// built-in defaults for dogs and cats. Species without a range are never flagged.</summary>
public sealed class VitalRangeBook
{
    private readonly Dictionary<(Species, Vital), VitalRange> _ranges;

    private VitalRangeBook(Dictionary<(Species, Vital), VitalRange> ranges) => _ranges = ranges;

    /// <summary>Built-in ranges (adult dogs and cats, common veterinary references).</summary>
    public static IReadOnlyList<VitalRange> BuiltIn { get; } =
    [
        Range(Species.Dog, Vital.HeartRate, 60, 140, 40, 200),
        Range(Species.Dog, Vital.RespiratoryRate, 10, 30, 6, 60),
        Range(Species.Dog, Vital.TemperatureC, 37.5m, 39.2m, 36.0m, 40.5m),
        Range(Species.Dog, Vital.SpO2, 95, 100, 90, null),
        Range(Species.Dog, Vital.Systolic, 110, 160, 80, 200),
        Range(Species.Dog, Vital.Diastolic, 60, 100, 40, 120),
        Range(Species.Dog, Vital.MeanArterial, 80, 120, 60, 140),
        Range(Species.Dog, Vital.Glucose, 70, 140, 50, 400),
        Range(Species.Dog, Vital.PainScore, 0, 3, null, 7),
        Range(Species.Cat, Vital.HeartRate, 140, 220, 100, 260),
        Range(Species.Cat, Vital.RespiratoryRate, 20, 40, 10, 70),
        Range(Species.Cat, Vital.TemperatureC, 37.8m, 39.2m, 36.0m, 40.5m),
        Range(Species.Cat, Vital.SpO2, 95, 100, 90, null),
        Range(Species.Cat, Vital.Systolic, 110, 160, 80, 200),
        Range(Species.Cat, Vital.Diastolic, 60, 100, 40, 120),
        Range(Species.Cat, Vital.MeanArterial, 80, 120, 60, 140),
        Range(Species.Cat, Vital.Glucose, 70, 150, 50, 400),
        Range(Species.Cat, Vital.PainScore, 0, 3, null, 7),
    ];

    /// <summary>The built-in ranges alone (declared after them: statics initialise in order).</summary>
    public static VitalRangeBook Defaults { get; } = From([]);

    public static VitalRangeBook From(IEnumerable<VitalRange> hospitalRanges)
    {
        var ranges = BuiltIn.ToDictionary(r => (r.Species, r.Vital));
        foreach (var range in hospitalRanges)
        {
            ranges[(range.Species, range.Vital)] = range;
        }

        return new VitalRangeBook(ranges);
    }

    public VitalRange? RangeOf(Species species, Vital vital) => _ranges.GetValueOrDefault((species, vital));

    public IEnumerable<VitalRange> All => _ranges.Values.OrderBy(r => r.Species).ThenBy(r => r.Vital);

    public VitalLevel Level(Species species, Vital vital, decimal? value)
    {
        if (value is not { } v || RangeOf(species, vital) is not { } range)
        {
            return VitalLevel.Normal;
        }

        return range.IsCritical(v) ? VitalLevel.Critical : range.IsAbnormal(v) ? VitalLevel.Abnormal : VitalLevel.Normal;
    }

    /// <summary>The vitals of a reading outside their critical range.</summary>
    public IReadOnlyList<(Vital Vital, decimal Value)> Critical(Species species, VitalSigns reading) =>
        Enum.GetValues<Vital>()
            .Select(vital => (Vital: vital, Value: reading.Value(vital)))
            .Where(x => x.Value is not null && Level(species, x.Vital, x.Value) == VitalLevel.Critical)
            .Select(x => (x.Vital, x.Value!.Value))
            .ToList();

    private static VitalRange Range(Species species, Vital vital, decimal? normalMin, decimal? normalMax, decimal? criticalMin, decimal? criticalMax) =>
        new() { Species = species, Vital = vital, NormalMin = normalMin, NormalMax = normalMax, CriticalMin = criticalMin, CriticalMax = criticalMax };
}
