using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;

namespace ClinicApp.Features.Vitals;

/// <summary>The values a living dog or cat can have at all: outside them a reading is a typing slip
/// (39 typed as 3.9 or 390), refused before it could raise a false emergency.</summary>
public static class VitalPlausibility
{
    public static IReadOnlyDictionary<Vital, (decimal Min, decimal Max)> Bounds { get; } = new Dictionary<Vital, (decimal, decimal)>
    {
        [Vital.HeartRate] = (1, 400),
        [Vital.RespiratoryRate] = (1, 200),
        [Vital.TemperatureC] = (25, 46),
        [Vital.SpO2] = (0, 100),
        [Vital.Systolic] = (20, 350),
        [Vital.Diastolic] = (10, 250),
        [Vital.MeanArterial] = (15, 300),
        [Vital.Glucose] = (10, 1500),
        [Vital.PainScore] = (0, 10),
        [Vital.WeightKg] = (0.01m, 250),
    };

    /// <summary>Refuses a reading with no value, or with a value outside its bounds (the message names the vital).</summary>
    public static void Check(VitalSigns reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var any = false;
        foreach (var (vital, (min, max)) in Bounds)
        {
            if (reading.Value(vital) is not { } value)
            {
                continue;
            }

            any = true;
            if (value < min || value > max)
            {
                throw new DomainRuleException("Vitals.Error.Implausible", $"Vital.{vital}", (double)min, (double)max);
            }
        }

        if (!any)
        {
            throw new DomainRuleException("Vitals.Error.Empty");
        }
    }
}
