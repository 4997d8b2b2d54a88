using Bunit;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Agenda;
using ClinicApp.Tests.Support;
using ClinicApp.Tests.Unit.Agenda;

namespace ClinicApp.Tests.Components.OnlineBooking;

/// <summary>Issue 15: an appointment the tutor booked in the portal is marked "booked online" on its agenda card
/// (icon and tooltip line); one the desk booked is not.</summary>
public sealed class BookedOnlineMarkTests : ComponentTestContext
{
    private static readonly AgendaSettings Settings = new() { OpensAt = new(8, 0), ClosesAt = new(12, 0), SlotMinutes = 15 };
    private static readonly Guid Vet = Guid.NewGuid();

    [Fact]
    public void Only_the_card_booked_in_the_portal_carries_the_mark()
    {
        using var _ = new CultureScope("pt-BR");
        var online = Items.At("09:00", vet: Vet, pet: "Mel") with { Source = AppointmentSource.Portal };
        var desk = Items.At("10:00", vet: Vet, pet: "Rex");
        var column = new GridColumn(Vet.ToString(), "Dra. Ana", Items.Day, Vet, null, true, AgendaLayout.Lanes([online, desk]));

        var cut = Render<AgendaGridView>(p => p
            .Add(g => g.Grid, TimeGrid.For(Settings, [online, desk]))
            .Add(g => g.Columns, [column])
            .Add(g => g.Now, Items.Day.ToDateTime(new TimeOnly(7, 0))));

        var cards = cut.FindAll("[data-testid=appointment]");
        var mel = cards.Single(c => c.GetAttribute("data-id") == online.Id.ToString());
        var rex = cards.Single(c => c.GetAttribute("data-id") == desk.Id.ToString());
        Assert.NotNull(mel.QuerySelector("[data-testid=appointment-online]"));
        Assert.Contains("Agendado online", mel.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Null(rex.QuerySelector("[data-testid=appointment-online]"));
        Assert.DoesNotContain("online", rex.GetAttribute("title"), StringComparison.Ordinal);
    }
}
