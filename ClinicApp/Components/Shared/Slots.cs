using Microsoft.AspNetCore.Components;

namespace ClinicApp.Components.Shared;

/// <summary>A component that fills a slot: a place on another area's screen. The host area declares the slot
/// as a record carrying what the pieces need (the pet, a callback) and renders a <see cref="SlotOutlet{TSlot}"/>;
/// an area puts its piece there with <see cref="SlotExtensions.AddToSlot{TSlot, TComponent}"/>. So the pet page
/// shows the vaccinations and the walk-in button without the Pets area depending on either: the direction of
/// the dependency follows the feature that adds, not the page that shows.</summary>
public interface ISlotComponent<TSlot>
    where TSlot : notnull
{
    TSlot Slot { get; set; }
}

/// <summary>One piece registered for a slot; pieces render by <see cref="Order"/>.</summary>
public sealed record SlotEntry(Type Slot, Type Component, int Order);

public static class SlotExtensions
{
    public static IServiceCollection AddToSlot<TSlot, TComponent>(this IServiceCollection services, int order)
        where TSlot : notnull
        where TComponent : IComponent, ISlotComponent<TSlot>
    {
        services.AddSingleton(new SlotEntry(typeof(TSlot), typeof(TComponent), order));
        return services;
    }
}
