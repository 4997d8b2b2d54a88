using Bunit;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Agenda;
using ClinicApp.Tests.Support;
using ClinicApp.Tests.Unit.Agenda;

namespace ClinicApp.Tests.Components.Agenda;

public sealed class AgendaGridViewTests : ComponentTestContext
{
    private static readonly AgendaSettings Settings = new() { OpensAt = new(8, 0), ClosesAt = new(12, 0), SlotMinutes = 15 };
    private static readonly Guid Vet = Guid.NewGuid();

    [Fact]
    public void Cards_sit_at_their_time_with_their_length_and_show_pet_tutor_and_alerts()
    {
        using var _ = new CultureScope("pt-BR");
        var rex = Items.At("09:30", 45, vet: Vet) with { Alerts = PetAlerts.Aggressive | PetAlerts.Bites, Type = AppointmentType.Surgery };

        var cut = Render([Column([rex])], now: Items.Day.ToDateTime(new TimeOnly(7, 0)));

        var card = cut.Find("[data-testid=appointment]");
        Assert.Contains("top:144px", card.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("height:72px", card.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("agenda-type-surgery", card.ClassName, StringComparison.Ordinal);
        Assert.Contains("Rex", card.TextContent, StringComparison.Ordinal);
        Assert.Contains("Maria Silva", card.TextContent, StringComparison.Ordinal);
        Assert.Contains("Agressivo, Morde", card.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Contains("09:30–10:15 · Cirurgia · Agendado", card.GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_appointment_keeps_its_tutor_on_its_one_line_and_aggressive_and_bites_have_different_icons()
    {
        using var _ = new CultureScope("pt-BR");
        var quick = Items.At("09:30", 15, vet: Vet) with { Alerts = PetAlerts.Aggressive | PetAlerts.Bites };

        var cut = Render([Column([quick])], now: Items.Day.ToDateTime(new TimeOnly(7, 0)));

        var card = cut.Find("[data-testid=appointment]");
        Assert.Contains("agenda-card-compact", card.ClassName, StringComparison.Ordinal);
        Assert.Single(card.QuerySelectorAll(".agenda-card-line"));
        Assert.Contains("Maria Silva", card.QuerySelector("[data-testid=appointment-inline-tutor]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Maria Silva", card.GetAttribute("title"), StringComparison.Ordinal);
        var aggressive = card.QuerySelector("[data-alert=Aggressive]")!.InnerHtml;
        var bites = card.QuerySelector("[data-alert=Bites]")!.InnerHtml;
        Assert.NotEqual(aggressive, bites);
    }

    [Fact]
    public void Clicking_a_free_cell_books_that_time_with_that_veterinarian()
    {
        FreeSlot? clicked = null;
        var cut = Render([Column([])], now: Items.Day.ToDateTime(new TimeOnly(7, 0)), onFree: s => clicked = s);

        cut.Find("[data-start='2027-03-10T10:15']").Click();

        Assert.Equal(new FreeSlot(Items.Day.ToDateTime(new TimeOnly(10, 15)), Vet, null), clicked);
        Assert.Equal(16, cut.FindAll(".agenda-cell-free").Count);
    }

    [Fact]
    public void Past_slots_closed_days_and_people_who_cannot_book_get_no_free_cells()
    {
        var tenThirty = Items.Day.ToDateTime(new TimeOnly(10, 30));

        var today = Render([Column([])], now: tenThirty);
        var closed = Render([Column([]) with { Working = false }], now: Items.Day.ToDateTime(new TimeOnly(7, 0)));
        var nurse = Render([Column([])], now: Items.Day.ToDateTime(new TimeOnly(7, 0)), canBook: false);

        // 10:15 (one step back) is still bookable, as the service accepts: 10:15 to 11:45 = 7 cells.
        Assert.Equal(7, today.FindAll(".agenda-cell-free").Count);
        Assert.Single(today.FindAll("[data-testid=agenda-now]"));
        Assert.Empty(closed.FindAll(".agenda-cell-free"));
        Assert.Empty(nurse.FindAll(".agenda-cell-free"));
    }

    [Fact]
    public void A_patient_not_arrived_after_the_tolerance_is_marked_late()
    {
        using var _ = new CultureScope("pt-BR");
        var rex = Items.At("09:00", vet: Vet);

        var onTime = Render([Column([rex])], now: Items.Day.ToDateTime(new TimeOnly(9, 10)));
        var late = Render([Column([rex])], now: Items.Day.ToDateTime(new TimeOnly(9, 11)));

        Assert.DoesNotContain("Atrasado", onTime.Find("[data-testid=appointment]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Atrasado", late.Find("[data-testid=appointment]").TextContent, StringComparison.Ordinal);
    }

    private static GridColumn Column(IReadOnlyList<AgendaItem> items) =>
        new(Vet.ToString(), "Dra. Ana", Items.Day, Vet, null, true, AgendaLayout.Lanes(items));

    private IRenderedComponent<AgendaGridView> Render(IReadOnlyList<GridColumn> columns, DateTime now, bool canBook = true, Action<FreeSlot>? onFree = null) =>
        Render<AgendaGridView>(p => p
            .Add(g => g.Grid, TimeGrid.For(Settings, columns.SelectMany(c => c.Items).Select(i => i.Item)))
            .Add(g => g.Columns, columns)
            .Add(g => g.Now, now)
            .Add(g => g.LateAfterMinutes, 10)
            .Add(g => g.CanBook, canBook)
            .Add(g => g.OnFreeSlot, s => onFree?.Invoke(s)));
}
