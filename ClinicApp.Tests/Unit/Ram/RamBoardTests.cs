using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Ram;

namespace ClinicApp.Tests.Unit.Ram;

public sealed class RamBoardTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 13, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime StartOfDay = new(2026, 11, 23, 3, 0, 0, DateTimeKind.Utc);

    internal static RamDose Dose(DateTime due, AdministrationStatus status = AdministrationStatus.Scheduled, DateTime? recordedAt = null, string pet = "Thor") =>
        new(Guid.CreateVersion7(), Guid.Empty, Guid.Empty, pet, Species.Dog, "L1", null, "Ala A", Guid.Empty, "Dipirona", 100m, 0.2m, true, DoseRoute.IV,
            due, null, status, recordedAt, recordedAt is null ? null : "Nina", null, null, null);

    [Fact]
    public void Doses_fall_into_late_due_now_next_hours_and_done_today()
    {
        var late = Dose(Now.AddMinutes(-31));
        var justInTolerance = Dose(Now.AddMinutes(-30));
        var dueSoon = Dose(Now.AddMinutes(30));
        var next = Dose(Now.AddMinutes(31));
        var lastOfNext = Dose(Now.AddHours(4));
        var tooFar = Dose(Now.AddHours(4).AddMinutes(1));
        var givenToday = Dose(Now.AddHours(-2), AdministrationStatus.Given, Now.AddHours(-2));
        var heldToday = Dose(Now.AddHours(-1), AdministrationStatus.Held, Now.AddMinutes(-50));
        var givenYesterday = Dose(StartOfDay.AddHours(-1), AdministrationStatus.Given, StartOfDay.AddMinutes(-30));
        var cancelled = Dose(Now.AddMinutes(-40), AdministrationStatus.Cancelled);

        var board = RamBoard.Group([late, justInTolerance, dueSoon, next, lastOfNext, tooFar, givenToday, heldToday, givenYesterday, cancelled], Now, 30, StartOfDay);

        Assert.Equal([late], board.Late);
        Assert.Equal([justInTolerance, dueSoon], board.DueNow);
        Assert.Equal([next, lastOfNext], board.Next4Hours);
        Assert.Equal([heldToday, givenToday], board.DoneToday);
    }

    [Fact]
    public void A_dose_due_now_flips_to_late_as_the_clock_passes_the_tolerance()
    {
        var dose = Dose(Now);
        var doses = new[] { dose };

        Assert.Single(RamBoard.Group(doses, Now, 30, StartOfDay).DueNow);
        Assert.Single(RamBoard.Group(doses, Now.AddMinutes(30), 30, StartOfDay).DueNow);
        var later = RamBoard.Group(doses, Now.AddMinutes(30).AddSeconds(1), 30, StartOfDay);
        Assert.Empty(later.DueNow);
        Assert.Single(later.Late);
        Assert.Equal(30, later.Late[0].MinutesLate(Now.AddMinutes(30).AddSeconds(1)));
    }

    [Fact]
    public void A_dose_coming_up_moves_from_next_hours_to_due_now_and_the_tolerance_is_the_hospitals()
    {
        var dose = Dose(Now.AddHours(1));

        Assert.Equal(RamGroup.Next4Hours, RamBoard.GroupOf(dose, Now, 30, StartOfDay));
        Assert.Equal(RamGroup.DueNow, RamBoard.GroupOf(dose, Now.AddMinutes(30), 30, StartOfDay));
        Assert.Equal(RamGroup.DueNow, RamBoard.GroupOf(dose, Now.AddMinutes(100), 60, StartOfDay));
        Assert.Equal(RamGroup.Late, RamBoard.GroupOf(dose, Now.AddMinutes(100), 30, StartOfDay));
    }

    [Fact]
    public void Late_doses_come_oldest_first_and_done_doses_newest_first()
    {
        var a = Dose(Now.AddHours(-3), pet: "B");
        var b = Dose(Now.AddHours(-5), pet: "A");
        var c = Dose(Now.AddHours(-3), pet: "A");

        var board = RamBoard.Group([a, b, c], Now, 30, StartOfDay);

        Assert.Equal([b, c, a], board.Late);
    }
}
