using Bunit;
using ClinicApp.Components.Shared;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.Shared;

public sealed class SlotOutletTests : ComponentTestContext
{
    [Fact]
    public void The_pieces_of_a_slot_render_in_their_order_with_what_the_host_gives()
    {
        Services.AddToSlot<PetSlot, Second>(order: 20);
        Services.AddToSlot<PetSlot, First>(order: 10);
        Services.AddToSlot<OtherSlot, Elsewhere>(order: 0);

        var cut = Render<SlotOutlet<PetSlot>>(p => p.Add(o => o.Slot, new PetSlot("Rex")));

        Assert.Equal(["first Rex", "second Rex"], cut.FindAll("p").Select(p => p.TextContent));
    }

    [Fact]
    public void A_slot_no_area_fills_renders_nothing()
    {
        Services.AddToSlot<OtherSlot, Elsewhere>(order: 0);

        var cut = Render<SlotOutlet<PetSlot>>(p => p.Add(o => o.Slot, new PetSlot("Rex")));

        Assert.Empty(cut.Markup.Trim());
    }

    [Fact]
    public void A_new_context_reaches_the_pieces()
    {
        Services.AddToSlot<PetSlot, First>(order: 10);
        var cut = Render<SlotOutlet<PetSlot>>(p => p.Add(o => o.Slot, new PetSlot("Rex")));

        cut.Render(p => p.Add(o => o.Slot, new PetSlot("Mia")));

        Assert.Equal("first Mia", cut.Find("p").TextContent);
    }

    public sealed record PetSlot(string Name)
    {
        public override string ToString() => Name;
    }

    public sealed record OtherSlot(string Name)
    {
        public override string ToString() => Name;
    }

    private abstract class Piece<TSlot>(string label) : ComponentBase, ISlotComponent<TSlot>
        where TSlot : notnull
    {
        [Parameter]
        public TSlot Slot { get; set; } = default!;

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "p");
            builder.AddContent(1, $"{label} {Slot}");
            builder.CloseElement();
        }
    }

    private sealed class First() : Piece<PetSlot>("first");

    private sealed class Second() : Piece<PetSlot>("second");

    private sealed class Elsewhere() : Piece<OtherSlot>("elsewhere");
}
