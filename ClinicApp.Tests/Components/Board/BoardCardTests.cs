using Bunit;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Board;
using ClinicApp.Features.Care;
using ClinicApp.Tests.Support;

namespace ClinicApp.Tests.Components.Board;

public sealed class BoardCardTests : ComponentTestContext
{
    private static readonly TimeZoneInfo SaoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");
    private static readonly DateTime Now = new(2026, 11, 23, 15, 0, 0, DateTimeKind.Utc); // 12:00 in São Paulo

    [Fact]
    public void Out_of_range_values_are_red_critical_ones_bold_and_normal_ones_plain()
    {
        using var _ = new CultureScope("pt-BR");
        var stay = Stay(vitals:
        [
            new BoardVital(Vital.TemperatureC, 40.0m, VitalLevel.Abnormal),
            new BoardVital(Vital.HeartRate, 230m, VitalLevel.Critical),
            new BoardVital(Vital.RespiratoryRate, 24m, VitalLevel.Normal),
        ]);

        var cut = Render(stay);

        var temperature = cut.Find("[data-vital=TemperatureC]");
        Assert.Contains("board-vital-abnormal", temperature.ClassName, StringComparison.Ordinal);
        Assert.Contains("40,0", temperature.TextContent, StringComparison.Ordinal);
        Assert.Contains("board-vital-critical", cut.Find("[data-vital=HeartRate]").ClassName, StringComparison.Ordinal);
        Assert.Contains("board-vital-normal", cut.Find("[data-vital=RespiratoryRate]").ClassName, StringComparison.Ordinal);
        Assert.Single(cut.FindAll("svg.board-trend polyline"));
    }

    [Fact]
    public void The_late_badge_counts_late_doses_and_the_next_dose_shows_its_local_time_and_medication()
    {
        using var _ = new CultureScope("pt-BR");
        var stay = Stay(lateAtLoad: 2, upcoming: [new BoardDose(Now.AddMinutes(-40), "Dipirona"), new BoardDose(Now.AddHours(2), "Ceftriaxona")]);

        var cut = Render(stay);

        var late = cut.Find($"[data-testid=board-late-{stay.Id}]");
        Assert.Equal("3", late.GetAttribute("data-count"));
        Assert.Contains("board-late-on", late.ClassName, StringComparison.Ordinal);
        Assert.Contains("3 atrasada(s)", late.TextContent, StringComparison.Ordinal);
        Assert.Contains("14:00 Ceftriaxona", cut.Find($"[data-testid=board-next-{stay.Id}]").TextContent, StringComparison.Ordinal);
        Assert.Contains("board-priority-critical", cut.Find($"[data-testid=board-card-{stay.Id}]").ClassName, StringComparison.Ordinal);
        Assert.Equal($"hospitalizations/{stay.Id}", cut.Find("a").GetAttribute("href"));
    }

    [Fact]
    public void The_next_doses_full_name_is_on_the_card_and_in_its_tooltip_however_long()
    {
        using var _ = new CultureScope("pt-BR");
        const string longName = "Amoxicilina + clavulanato de potássio 250 mg/5 mL suspensão oral";
        var stay = Stay(upcoming: [new BoardDose(Now.AddHours(1), longName)]);

        var cut = Render(stay);

        var next = cut.Find($"[data-testid=board-next-{stay.Id}]");
        Assert.Equal($"13:00 {longName}", next.GetAttribute("title"));
        Assert.Equal($"13:00 {longName}", next.QuerySelector(".board-next-text")!.TextContent.Trim());
    }

    [Fact]
    public void A_patient_without_late_doses_or_vitals_says_so_and_a_biohazard_is_flagged()
    {
        using var _ = new CultureScope("en");
        var stay = Stay(biohazard: true);

        var cut = Render(stay);

        // No "0 late" chip: only a real alarm is shown.
        Assert.Empty(cut.FindAll($"[data-testid=board-late-{stay.Id}]"));
        Assert.DoesNotContain("0 late", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("No vitals yet", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("No dose due", cut.Markup, StringComparison.Ordinal);
        Assert.Single(cut.FindAll("[data-testid=board-biohazard]"));
    }

    [Fact]
    public void A_reload_that_changes_nothing_on_the_card_does_not_render_it_again_and_one_that_does_or_a_passing_due_time_does()
    {
        using var _ = new CultureScope("pt-BR");
        var stay = Stay(vitals: [new BoardVital(Vital.TemperatureC, 38.5m, VitalLevel.Normal)], upcoming: [new BoardDose(Now.AddMinutes(10), "Dipirona")]);
        var cut = Render(stay);
        var renders = cut.RenderCount;

        // The board reloaded: a new instance, new lists, the same content.
        cut.Render(p => p.Add(c => c.Stay, stay with { Vitals = stay.Vitals.ToList(), Trend = stay.Trend.ToList(), Upcoming = stay.Upcoming.ToList() }));
        cut.Render(p => p.Add(c => c.NowUtc, Now.AddMinutes(1)));
        Assert.Equal(renders, cut.RenderCount);

        // A new reading.
        cut.Render(p => p.Add(c => c.Stay, stay with { Vitals = [new BoardVital(Vital.TemperatureC, 41.6m, VitalLevel.Critical)] }));
        Assert.Equal(renders + 1, cut.RenderCount);
        Assert.Contains("41,6", cut.Find("[data-vital=TemperatureC]").TextContent, StringComparison.Ordinal);

        // No reload: the clock passes the dose's due time plus tolerance, and it becomes late.
        cut.Render(p => p.Add(c => c.NowUtc, Now.AddMinutes(41)));
        Assert.Equal(renders + 2, cut.RenderCount);
        Assert.Equal("1", cut.Find($"[data-testid=board-late-{stay.Id}]").GetAttribute("data-count"));
    }

    private IRenderedComponent<BoardCard> Render(BoardStay stay) =>
        Render<BoardCard>(p => p.Add(c => c.Stay, stay).Add(c => c.NowUtc, Now).Add(c => c.ToleranceMinutes, 30).Add(c => c.Zone, SaoPaulo));

    private static BoardStay Stay(IReadOnlyList<BoardVital>? vitals = null, int lateAtLoad = 0, IReadOnlyList<BoardDose>? upcoming = null, bool biohazard = false) => new(
        Guid.NewGuid(), Guid.NewGuid(), "Rex", Species.Dog, "Maria Silva", "Dra. Ana", Guid.NewGuid(), HospitalizationPriority.Critical,
        HospitalizationStatus.InCare, biohazard, "Parvovirose", Now.AddDays(-2), vitals is null ? null : Now.AddHours(-1), vitals ?? [],
        vitals is null ? null : Vital.TemperatureC, vitals is null ? [] : [38.5m, 39.4m, 40.0m], lateAtLoad, upcoming ?? []);
}
