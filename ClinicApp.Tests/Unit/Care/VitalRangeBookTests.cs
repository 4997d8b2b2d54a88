using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Care;

namespace ClinicApp.Tests.Unit.Care;

public sealed class VitalRangeBookTests
{
    [Theory]
    [InlineData(38.5, VitalLevel.Normal)]
    [InlineData(39.8, VitalLevel.Abnormal)]
    [InlineData(41.2, VitalLevel.Critical)]
    [InlineData(35.5, VitalLevel.Critical)]
    public void A_dogs_temperature_is_judged_against_the_built_in_range(double celsius, VitalLevel expected)
    {
        Assert.Equal(expected, VitalRangeBook.Defaults.Level(Species.Dog, Vital.TemperatureC, (decimal)celsius));
    }

    [Fact]
    public void Cats_have_their_own_heart_rate_range()
    {
        Assert.Equal(VitalLevel.Normal, VitalRangeBook.Defaults.Level(Species.Cat, Vital.HeartRate, 180));
        Assert.Equal(VitalLevel.Abnormal, VitalRangeBook.Defaults.Level(Species.Dog, Vital.HeartRate, 180));
    }

    [Fact]
    public void A_hospitals_own_range_replaces_the_default()
    {
        var book = VitalRangeBook.From([new VitalRange { Species = Species.Dog, Vital = Vital.TemperatureC, NormalMin = 37, NormalMax = 39, CriticalMin = 35, CriticalMax = 39.5m }]);

        Assert.Equal(VitalLevel.Critical, book.Level(Species.Dog, Vital.TemperatureC, 39.8m));
        Assert.Equal(VitalLevel.Abnormal, VitalRangeBook.Defaults.Level(Species.Dog, Vital.TemperatureC, 39.8m));
    }

    [Fact]
    public void Species_without_ranges_and_missing_values_are_never_flagged()
    {
        Assert.Equal(VitalLevel.Normal, VitalRangeBook.Defaults.Level(Species.Reptile, Vital.TemperatureC, 20));
        Assert.Equal(VitalLevel.Normal, VitalRangeBook.Defaults.Level(Species.Dog, Vital.TemperatureC, null));
    }

    [Fact]
    public void The_critical_values_of_a_reading_are_listed()
    {
        var reading = new VitalSigns { TakenByName = "n", TemperatureC = 41.5m, HeartRate = 120, SpO2 = 85 };

        var critical = VitalRangeBook.Defaults.Critical(Species.Dog, reading);

        Assert.Equal([(Vital.TemperatureC, 41.5m), (Vital.SpO2, 85m)], critical);
    }
}
