using ClinicApp.Features.Care;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Board;
using ClinicApp.Features.Hospitalizations;
using static ClinicApp.Data.Clinical.HospitalizationStatus;
using Stay = ClinicApp.Data.Clinical.Hospitalization;

namespace ClinicApp.Tests.Unit.Hospitalizations;

/// <summary>The stay's state machine, days in hospital and what the board derives from the clock.</summary>
public sealed class StayRulesTests
{
    private static readonly TimeZoneInfo SaoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");

    [Theory]
    [InlineData(Waiting, InCare, true)]
    [InlineData(Waiting, Discharged, true)]
    [InlineData(Waiting, Deceased, true)]
    [InlineData(InCare, Discharged, true)]
    [InlineData(InCare, Deceased, true)]
    [InlineData(InCare, Waiting, false)]
    [InlineData(InCare, InCare, false)]
    [InlineData(Discharged, InCare, false)]
    [InlineData(Discharged, Deceased, false)]
    [InlineData(Deceased, Discharged, false)]
    [InlineData(Deceased, Waiting, false)]
    public void Transitions_follow_waiting_in_care_then_discharged_or_deceased(HospitalizationStatus from, HospitalizationStatus to, bool allowed) =>
        Assert.Equal(allowed, Stay.CanChange(from, to));

    [Fact]
    public void Admitting_without_a_bed_waits_and_a_bed_brings_the_patient_into_care_and_ending_frees_both_keys()
    {
        var stay = new Stay { PetId = Guid.NewGuid(), Reason = "x" };
        stay.Admit(null, DateTime.UtcNow);
        Assert.Equal(Waiting, stay.Status);
        Assert.Equal(stay.PetId, stay.ActivePetId);

        var bed = Guid.NewGuid();
        stay.MoveTo(bed);
        Assert.Equal(InCare, stay.Status);
        Assert.Equal(bed, stay.OccupiedBedId);

        var refusal = Assert.Throws<DomainRuleException>(() => stay.End(Discharged, "  ", DateTime.UtcNow));
        Assert.Equal("Hospitalization.Error.SummaryRequired", refusal.Message);
        stay.End(Discharged, " Alta com melhora ", DateTime.UtcNow);
        Assert.Equal("Alta com melhora", stay.DischargeSummary);
        Assert.Null(stay.OccupiedBedId);
        Assert.Null(stay.ActivePetId);
        Assert.Equal("Hospitalization.Error.Closed", Assert.Throws<DomainRuleException>(() => stay.MoveTo(bed)).Message);
    }

    [Theory]
    [InlineData("2026-11-23T10:00:00", "2026-11-23T20:00:00", 1)]
    [InlineData("2026-11-23T10:00:00", "2026-11-24T02:59:00", 1)] // 23:59 in São Paulo (UTC−3)
    [InlineData("2026-11-23T10:00:00", "2026-11-24T03:00:00", 2)] // midnight in São Paulo
    [InlineData("2026-11-20T23:00:00", "2026-11-23T12:00:00", 4)] // admitted 20:00 on the 20th
    public void Days_in_count_the_admission_day_as_day_one_on_the_hospital_clock(string admitted, string now, int days) =>
        Assert.Equal(days, StayDays.Count(Utc(admitted), Utc(now), SaoPaulo));

    [Fact]
    public void Late_doses_and_the_next_dose_move_with_the_clock_without_reloading()
    {
        var loaded = Utc("2026-11-23T12:00:00");
        var stay = Card(lateAtLoad: 2, new BoardDose(loaded.AddMinutes(-10), "Dipirona"), new BoardDose(loaded.AddHours(2), "Ceftriaxona"));

        Assert.Equal(2, stay.LateDoses(loaded, 30));
        Assert.Equal("Dipirona", stay.NextDose(loaded, 30)!.Medication);

        // 20 minutes later the 11:50 dose is past its 30-minute tolerance.
        var later = loaded.AddMinutes(20);
        Assert.Equal(3, stay.LateDoses(later, 30));
        Assert.Equal("Ceftriaxona", stay.NextDose(later, 30)!.Medication);
        Assert.Null(stay.NextDose(loaded.AddHours(3), 30));
    }

    [Fact]
    public void The_sparkline_scales_into_its_box_highest_value_at_the_top()
    {
        Assert.Equal("", Sparkline.Points([38.5m]));
        Assert.Equal("2,18 40,2 78,10", Sparkline.Points([38m, 40m, 39m], width: 80, height: 20, pad: 2));
        Assert.Equal("2,10 78,10", Sparkline.Points([120m, 120m]));
    }

    private static BoardStay Card(int lateAtLoad, params BoardDose[] upcoming) => new(
        Guid.NewGuid(), Guid.NewGuid(), "Rex", Species.Dog, "Maria", "Dra. Ana", null, HospitalizationPriority.High, InCare, false, "x",
        DateTime.UtcNow, null, [], null, [], lateAtLoad, upcoming);

    private static DateTime Utc(string iso) => DateTime.SpecifyKind(DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
}
