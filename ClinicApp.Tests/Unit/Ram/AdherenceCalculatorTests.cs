using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Features.Ram;

namespace ClinicApp.Tests.Unit.Ram;

public sealed class AdherenceCalculatorTests
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");
    private static readonly TimeOnly[] Shifts = [new(7, 0), new(13, 0), new(19, 0)];
    private static readonly Guid WardA = Guid.CreateVersion7();
    private static readonly Guid Nina = Guid.CreateVersion7();
    private static readonly Guid Otto = Guid.CreateVersion7();

    // São Paulo is UTC−3 (no daylight saving time since 2019).
    private static DateTime Local(int day, int hour, int minute = 0) => new DateTime(2026, 11, day, hour, minute, 0, DateTimeKind.Utc).AddHours(3);

    private static AdherenceDose Dose(DateTime due, AdministrationStatus status, int givenAfterMinutes = 0, Guid? nurse = null, string pet = "Thor", Guid? stay = null) =>
        new(stay ?? Guid.Empty, pet, WardA, "Ala A", due, status, status == AdministrationStatus.Scheduled ? null : due.AddMinutes(givenAfterMinutes),
            status == AdministrationStatus.Scheduled ? null : nurse ?? Nina, status == AdministrationStatus.Scheduled ? null : (nurse == Otto ? "Otto" : "Nina"));

    [Fact]
    public void Rate_is_given_on_time_over_due_leaving_out_cancelled_and_not_yet_due_doses()
    {
        var now = Local(23, 12);
        var doses = new[]
        {
            Dose(Local(23, 8), AdministrationStatus.Given, 10),           // on time
            Dose(Local(23, 9), AdministrationStatus.Given, 30),           // on time: exactly the tolerance
            Dose(Local(23, 10), AdministrationStatus.Given, 31),          // late
            Dose(Local(23, 8, 30), AdministrationStatus.Held),            // due, not given
            Dose(Local(23, 7), AdministrationStatus.Scheduled),           // due, never recorded
            Dose(Local(23, 6), AdministrationStatus.Cancelled),           // not due any more
            Dose(Local(23, 11, 45), AdministrationStatus.Scheduled),      // tolerance not passed yet
        };

        var report = AdherenceCalculator.Compute(doses, now, 30, Shifts, Zone);

        Assert.Equal(5, report.Overall.Due);
        Assert.Equal(2, report.Overall.OnTime);
        Assert.Equal(40m, report.Overall.Percent);
        Assert.Equal(5, Assert.Single(report.ByWard).Due);
    }

    [Fact]
    public void Shifts_wrap_midnight_so_the_small_hours_belong_to_the_night_shift()
    {
        var now = Local(24, 12);
        var doses = new[]
        {
            Dose(Local(23, 22), AdministrationStatus.Given, 5),
            Dose(Local(24, 2), AdministrationStatus.Given, 50),
            Dose(Local(24, 6, 59), AdministrationStatus.Given, 5),
            Dose(Local(24, 7), AdministrationStatus.Given, 5),
            Dose(Local(24, 13), AdministrationStatus.Missed),
        };

        var report = AdherenceCalculator.Compute(doses, now.AddHours(6), 30, Shifts, Zone);

        Assert.Equal(["07:00–13:00", "13:00–19:00", "19:00–07:00"], report.ByShift.Select(s => s.Label));
        var night = report.ByShift.Single(s => s.Label == "19:00–07:00");
        Assert.Equal((3, 2), (night.Due, night.OnTime));
        Assert.Equal((1, 1), (report.ByShift[0].Due, report.ByShift[0].OnTime));
        Assert.Equal((1, 0), (report.ByShift[1].Due, report.ByShift[1].OnTime));
    }

    [Fact]
    public void Nurses_are_counted_on_the_doses_they_recorded_and_patients_worst_first()
    {
        var (thor, mel) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var doses = new[]
        {
            Dose(Local(23, 8), AdministrationStatus.Given, 5, Nina, "Thor", thor),
            Dose(Local(23, 9), AdministrationStatus.Given, 90, Otto, "Thor", thor),
            Dose(Local(23, 8), AdministrationStatus.Refused, 0, Otto, "Mel", mel),
            Dose(Local(23, 9), AdministrationStatus.Scheduled, 0, null, "Mel", mel),
        };

        var report = AdherenceCalculator.Compute(doses, Local(23, 18), 30, Shifts, Zone);

        Assert.Equal(["Mel", "Thor"], report.ByPatient.Select(p => p.Label));
        Assert.Equal(0m, report.ByPatient[0].Percent);
        Assert.Equal(50m, report.ByPatient[1].Percent);
        Assert.Equal([("Otto", 2, 0), ("Nina", 1, 1)], report.ByNurse.Select(n => (n.Label, n.Due, n.OnTime)));
    }

    [Fact]
    public void The_current_shift_began_yesterday_evening_in_the_small_hours()
    {
        Assert.Equal(Local(22, 19), ShiftClock.CurrentStartUtc(Local(23, 3), Shifts, Zone));
        Assert.Equal(Local(23, 13), ShiftClock.CurrentStartUtc(Local(23, 13), Shifts, Zone));
        Assert.Equal(2, ShiftClock.IndexOf(new TimeOnly(6, 59), Shifts));
        Assert.Equal(0, ShiftClock.IndexOf(new TimeOnly(7, 0), Shifts));
    }

    [Fact]
    public void A_grid_cell_tells_given_on_time_from_given_late_and_late_now()
    {
        var due = Local(23, 8);

        Assert.Equal(DoseCellState.GivenOnTime, RamLook.StateOf(AdministrationStatus.Given, due, due.AddMinutes(30), due.AddHours(5), 30));
        Assert.Equal(DoseCellState.GivenLate, RamLook.StateOf(AdministrationStatus.Given, due, due.AddMinutes(31), due.AddHours(5), 30));
        Assert.Equal(DoseCellState.LateNow, RamLook.StateOf(AdministrationStatus.Scheduled, due, null, due.AddMinutes(31), 30));
        Assert.Equal(DoseCellState.Scheduled, RamLook.StateOf(AdministrationStatus.Scheduled, due, null, due.AddMinutes(30), 30));
        Assert.Equal(DoseCellState.NotGiven, RamLook.StateOf(AdministrationStatus.Refused, due, due, due, 30));
        Assert.Equal(DoseCellState.Cancelled, RamLook.StateOf(AdministrationStatus.Cancelled, due, null, due.AddDays(1), 30));
    }

    [Theory]
    [InlineData("07:00, 13:00,19:00", "07:00|13:00|19:00")]
    [InlineData("19:00 7:00", "07:00|19:00")]
    public void Shift_starts_are_read_as_hh_mm_in_order(string text, string expected)
    {
        Assert.Equal(expected, string.Join('|', CareSettingsService.ParseShifts(text).Select(t => t.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Theory]
    [InlineData("", "CareSettings.Error.ShiftCount")]
    [InlineData("07:00,07:00", "CareSettings.Error.ShiftCount")]
    [InlineData("1:00,2:00,3:00,4:00,5:00,6:00,7:00", "CareSettings.Error.ShiftCount")]
    [InlineData("7h", "CareSettings.Error.ShiftFormat")]
    [InlineData("25:00", "CareSettings.Error.ShiftFormat")]
    public void Bad_shift_starts_are_refused_with_a_clear_key(string text, string key)
    {
        Assert.Equal(key, Assert.Throws<DomainRuleException>(() => CareSettingsService.ParseShifts(text)).Message);
    }
}
