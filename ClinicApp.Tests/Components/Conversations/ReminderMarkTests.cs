using Bunit;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Agenda;
using ClinicApp.Features.Conversations;
using ClinicApp.Features.Messaging;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using ClinicApp.Tests.Unit.Agenda;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Tests.Components.Conversations;

/// <summary>The reminder state on the agenda's cards: the icon, its colour and the tooltip that says it.</summary>
public sealed class ReminderMarkTests : ComponentTestContext
{
    private static readonly AgendaSettings Settings = new() { OpensAt = new(8, 0), ClosesAt = new(12, 0), SlotMinutes = 15 };
    private static readonly Guid Vet = Guid.NewGuid();
    private static readonly DateTime SentUtc = new(2027, 3, 10, 12, 5, 0, DateTimeKind.Utc);

    public static TheoryData<ReminderStage, string?, ReachProblem?, string, string?> States => new()
    {
        { ReminderStage.Scheduled, null, null, "Lembrete agendado", null },
        { ReminderStage.Sent, null, null, "Lembrete enviado", null },
        { ReminderStage.Delivered, null, null, "Lembrete entregue", null },
        { ReminderStage.Read, null, null, "Lembrete lido", "mud-info-text" },
        { ReminderStage.Failed, "63016", null, "Falha no lembrete (erro 63016)", "mud-warning-text" },
        { ReminderStage.Confirmed, null, null, "Confirmada", "mud-success-text" },
        { ReminderStage.CancelledByTutor, null, null, "Cancelada pelo tutor (WhatsApp)", "mud-error-text" },
        { ReminderStage.NotReached, null, ReachProblem.NoConsent, "Não alcançado: sem consentimento para lembretes", null },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void Each_state_has_its_icon_and_says_itself_in_the_tooltip(ReminderStage stage, string? code, ReachProblem? reach, string text, string? colour)
    {
        using var _ = new CultureScope("pt-BR");
        var rex = Items.At("09:30", 45, vet: Vet);
        var mark = Mark(new ReminderState(stage, SentUtc, code, reach));

        var cut = Render(rex, mark);

        var icon = cut.Find("[data-testid=appointment] [data-testid=appointment-mark]");
        Assert.Equal(stage.ToString(), icon.GetAttribute("data-state"));
        Assert.Equal(text, icon.GetAttribute("title"));
        Assert.Contains(text, cut.Find("[data-testid=appointment]").GetAttribute("title"), StringComparison.Ordinal);
        if (colour is not null)
        {
            Assert.Contains(colour, icon.QuerySelector("svg")!.ClassName, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_is_blue_and_delivered_is_not_though_both_are_double_ticks()
    {
        using var _ = new CultureScope("pt-BR");
        var read = Mark(new ReminderState(ReminderStage.Read, SentUtc))!;
        var delivered = Mark(new ReminderState(ReminderStage.Delivered, SentUtc))!;

        Assert.Equal(read.Icon, delivered.Icon);
        Assert.NotEqual(read.Color, delivered.Color);
    }

    [Fact]
    public void The_tutors_answer_takes_the_place_of_the_status_icon_and_no_state_shows_nothing()
    {
        using var _ = new CultureScope("en");
        var confirmed = Items.At("09:30", 45, vet: Vet) with { Status = AppointmentStatus.Confirmed };

        var answered = Render(confirmed, Mark(new ReminderState(ReminderStage.Confirmed, SentUtc)));
        var plain = Render(confirmed, Mark(ReminderState.None));

        Assert.Single(answered.FindAll("[data-testid=appointment] svg.mud-success-text"));
        Assert.Empty(plain.FindAll("[data-testid=appointment-mark]"));
        Assert.Null(Mark(ReminderState.None));
    }

    [Fact]
    public void The_time_of_the_state_is_the_hospitals_wall_clock()
    {
        var mark = Mark(new ReminderState(ReminderStage.Sent, SentUtc))!;

        // São Paulo is UTC-3 all year.
        Assert.Equal(new DateTime(2027, 3, 10, 9, 5, 0), mark.At);
    }

    private AppointmentMark? Mark(ReminderState state) =>
        ReminderLook.Mark(state, Services.GetRequiredService<IStringLocalizer<SharedResource>>(), new HospitalTime(Hospital(Aurora), TimeProvider.System));

    private IRenderedComponent<AgendaGridView> Render(AgendaItem item, AppointmentMark? mark)
    {
        IReadOnlyList<GridColumn> columns = [new(Vet.ToString(), "Dra. Ana", Items.Day, Vet, null, true, AgendaLayout.Lanes([item]))];
        return Render<AgendaGridView>(p => p
            .Add(g => g.Grid, TimeGrid.For(Settings, [item]))
            .Add(g => g.Columns, columns)
            .Add(g => g.Now, Items.Day.ToDateTime(new TimeOnly(7, 0)))
            .Add(g => g.LateAfterMinutes, 10)
            .Add(g => g.Mark, id => id == item.Id ? mark : null));
    }
}
