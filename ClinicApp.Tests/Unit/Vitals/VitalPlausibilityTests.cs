using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Features.Vitals;

namespace ClinicApp.Tests.Unit.Vitals;

public sealed class VitalPlausibilityTests
{
    private static VitalSigns Reading(Action<VitalSigns> set)
    {
        var reading = new VitalSigns { TakenByName = "nurse" };
        set(reading);
        return reading;
    }

    [Fact]
    public void A_reading_with_no_value_is_refused()
    {
        var refusal = Assert.Throws<DomainRuleException>(() => VitalPlausibility.Check(Reading(_ => { })));

        Assert.Equal("Vitals.Error.Empty", refusal.Message);
    }

    [Theory]
    [InlineData(24.9, false)]
    [InlineData(25.0, true)]
    [InlineData(41.5, true)]
    [InlineData(46.0, true)]
    [InlineData(46.1, false)]
    [InlineData(395, false)]
    public void Temperature_is_plausible_between_25_and_46_degrees(double celsius, bool accepted)
    {
        var reading = Reading(r => r.TemperatureC = (decimal)celsius);

        var refusal = Record.Exception(() => VitalPlausibility.Check(reading));

        if (accepted)
        {
            Assert.Null(refusal);
        }
        else
        {
            var rule = Assert.IsType<DomainRuleException>(refusal);
            Assert.Equal("Vitals.Error.Implausible", rule.Message);
            Assert.Equal(new object[] { "Vital.TemperatureC", 25d, 46d }, rule.Arguments);
        }
    }

    [Theory]
    [InlineData(Vital.HeartRate, 0, false)]
    [InlineData(Vital.HeartRate, 400, true)]
    [InlineData(Vital.HeartRate, 401, false)]
    [InlineData(Vital.SpO2, 101, false)]
    [InlineData(Vital.SpO2, 0, true)]
    [InlineData(Vital.PainScore, 11, false)]
    [InlineData(Vital.PainScore, 10, true)]
    public void Each_vital_has_its_bounds_and_the_refusal_names_it(Vital vital, int value, bool accepted)
    {
        var reading = Reading(r =>
        {
            switch (vital)
            {
                case Vital.HeartRate: r.HeartRate = value; break;
                case Vital.SpO2: r.SpO2 = value; break;
                case Vital.PainScore: r.PainScore = value; break;
            }
        });

        var refusal = Record.Exception(() => VitalPlausibility.Check(reading));

        if (accepted)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.Equal($"Vital.{vital}", Assert.IsType<DomainRuleException>(refusal).Arguments[0]);
        }
    }

    [Fact]
    public void Every_vital_has_bounds() =>
        Assert.Equal(Enum.GetValues<Vital>().Order(), VitalPlausibility.Bounds.Keys.Order());

    [Theory]
    [InlineData(36.0, 37.5, 39.2, 40.5, true)]
    [InlineData(null, 0.0, 3.0, 7.0, true)]
    [InlineData(90.0, 95.0, 100.0, null, true)]
    [InlineData(38.0, 37.5, 39.2, 40.5, false)]
    [InlineData(36.0, 39.5, 39.2, 40.5, false)]
    [InlineData(36.0, 37.5, 41.0, 40.5, false)]
    [InlineData(36.0, null, null, 35.0, false)]
    public void Ranges_go_critical_min_normal_min_normal_max_critical_max(double? criticalMin, double? normalMin, double? normalMax, double? criticalMax, bool accepted)
    {
        var range = new VitalRangeInput
        {
            Vital = Vital.TemperatureC,
            CriticalMin = (decimal?)criticalMin,
            NormalMin = (decimal?)normalMin,
            NormalMax = (decimal?)normalMax,
            CriticalMax = (decimal?)criticalMax,
        };

        var refusal = Record.Exception(() => VitalRangesService.Check(range));

        if (accepted)
        {
            Assert.Null(refusal);
        }
        else
        {
            var rule = Assert.IsType<DomainRuleException>(refusal);
            Assert.Equal("Vitals.Error.RangeOrder", rule.Message);
            Assert.Equal("Vital.TemperatureC", rule.Arguments[0]);
        }
    }

    [Fact]
    public void Alert_values_round_trip_in_invariant_text()
    {
        IReadOnlyList<(Vital, decimal)> values = [(Vital.TemperatureC, 41.5m), (Vital.HeartRate, 220m)];

        var text = VitalsService.FormatValues(values);

        Assert.Equal("TemperatureC=41.5;HeartRate=220", text);
        Assert.Equal(values, VitalsService.ParseValues(text));
    }
}
