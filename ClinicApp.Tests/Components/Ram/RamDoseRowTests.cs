using Bunit;
using ClinicApp.Data.Clinical;
using ClinicApp.Features.Ram;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using ClinicApp.Tests.Unit.Ram;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.Ram;

public sealed class RamDoseRowTests : ComponentTestContext, IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 23, 13, 0, 0, DateTimeKind.Utc);

    public RamDoseRowTests()
    {
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<HospitalTime>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's menu services only dispose asynchronously; xunit would dispose the context synchronously.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    [Fact]
    public void A_late_dose_shows_how_late_it_is_and_its_one_click_given_button()
    {
        using var _ = new CultureScope("pt-BR");
        var dose = RamBoardTests.Dose(Now.AddMinutes(-95));
        RamDose? given = null;

        var cut = Render(dose, d => given = d);

        Assert.Contains("ram-row-late", cut.Find("[data-testid=ram-dose]").ClassName, StringComparison.Ordinal);
        Assert.Equal("atrasada há 1 h 35 min", cut.Find("[data-testid=ram-late]").TextContent.Trim());
        Assert.Contains("Dipirona", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("100 mg · 0,2 mL · IV", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("08:25", cut.Find(".ram-time").TextContent, StringComparison.Ordinal);
        cut.Find($"[data-testid=ram-given-{dose.Id}]").Click();
        Assert.Same(dose, given);
    }

    [Fact]
    public void A_dose_within_the_tolerance_is_not_late_and_a_recorded_dose_shows_who_and_no_button()
    {
        using var _ = new CultureScope("en");
        var due = RamBoardTests.Dose(Now.AddMinutes(-30));
        var done = RamBoardTests.Dose(Now.AddHours(-1), AdministrationStatus.Given, Now.AddMinutes(-50));

        var dueRow = Render(due, _ => { });
        var doneRow = Render(done, _ => { });

        Assert.Empty(dueRow.FindAll("[data-testid=ram-late]"));
        Assert.Equal("Due now", dueRow.Find(".ram-state").TextContent.Trim());
        Assert.Empty(doneRow.FindAll("[data-testid=ram-late]"));
        Assert.Empty(doneRow.FindAll($"[data-testid=ram-given-{done.Id}]"));
        Assert.Equal("Given", doneRow.Find("[data-testid=ram-status]").TextContent.Trim());
        Assert.StartsWith("by Nina at 9:10", doneRow.Find("[data-testid=ram-recorded]").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_one_click_button_reads_as_the_action_it_records_not_as_a_status()
    {
        using var _ = new CultureScope("pt-BR");
        var dose = RamBoardTests.Dose(Now.AddMinutes(-10));

        var cut = Render(dose, _ => { });

        Assert.Equal("Registrar administração", cut.Find($"[data-testid=ram-given-{dose.Id}]").TextContent.Trim());
        Assert.Empty(cut.FindAll($"[data-testid=ram-undo-{dose.Id}]"));
    }

    [Fact]
    public void A_dose_just_given_by_this_nurse_offers_undo_and_a_colleagues_or_older_one_does_not()
    {
        using var _ = new CultureScope("pt-BR");
        var mine = RamBoardTests.Dose(Now.AddMinutes(-10), AdministrationStatus.Given, Now.AddSeconds(-20));
        RamDose? undone = null;

        var cut = Render<RamDoseRow>(p => p
            .Add(r => r.Dose, mine)
            .Add(r => r.NowUtc, Now)
            .Add(r => r.ToleranceMinutes, 30)
            .Add(r => r.CanUndo, true)
            .Add(r => r.OnUndo, d => undone = d));
        var other = Render(RamBoardTests.Dose(Now.AddMinutes(-10), AdministrationStatus.Given, Now.AddSeconds(-20)), _ => { });

        var undo = cut.Find($"[data-testid=ram-undo-{mine.Id}]");
        Assert.Equal("Desfazer", undo.TextContent.Trim());
        undo.Click();
        Assert.Same(mine, undone);
        Assert.Empty(other.FindAll("[data-testid^=ram-undo-]"));
    }

    private IRenderedComponent<RamDoseRow> Render(RamDose dose, Action<RamDose> onGiven)
    {
        return Render<RamDoseRow>(p => p
            .Add(r => r.Dose, dose)
            .Add(r => r.NowUtc, Now)
            .Add(r => r.ToleranceMinutes, 30)
            .Add(r => r.OnGiven, onGiven));
    }
}
