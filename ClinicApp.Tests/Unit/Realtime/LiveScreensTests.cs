using System.Reflection;
using ClinicApp.Infrastructure.Realtime;
using Microsoft.AspNetCore.Components;

namespace ClinicApp.Tests.Unit.Realtime;

/// <summary>Every live screen reloads in its viewer's language, never makes the saver wait and coalesces bursts
/// because only <see cref="LiveUpdates"/> listens to the bus for screens: a component that subscribed by hand
/// would get none of that.</summary>
public sealed class LiveScreensTests
{
    private static readonly Type[] Components = typeof(LiveUpdates).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t) && !t.IsAbstract)
        .ToArray();

    [Fact]
    public void No_component_listens_to_the_event_bus_by_hand()
    {
        var byHand = Components
            .Where(c => Injected(c).Any(t => t == typeof(HospitalEvents) || typeof(IEventBus).IsAssignableFrom(t)))
            .Select(c => c.FullName)
            .ToList();

        Assert.Empty(byHand);
    }

    [Fact]
    public void Every_live_screen_goes_live_through_live_updates()
    {
        Type[] screens =
        [
            typeof(Features.Agenda.AgendaPage), typeof(Features.Agenda.TodayPage), typeof(Features.Board.BoardPage),
            typeof(Features.Hospitalizations.StayPage), typeof(Features.Ram.RamPanel), typeof(Features.Ram.DoseGrid),
            typeof(Features.Home.DeskToday), typeof(Features.Home.MyDay), typeof(Features.Home.MyHospitalizedPatients),
            typeof(Features.Exams.ExamsPage), typeof(Features.Exams.ExamsPanel), typeof(Features.Notifications.NotificationBell),
            typeof(Features.Invoices.InvoicePage), typeof(Features.Vitals.EmergencyAlerts), typeof(Features.Vitals.VitalsPanel),
            typeof(Features.Prescriptions.PrescriptionsPanel), typeof(ClinicApp.Components.Layout.MaintenanceBanner),
        ];

        var live = Components.Where(c => Injected(c).Contains(typeof(LiveUpdates))).ToHashSet();

        Assert.Empty(screens.Where(s => !live.Contains(s)).Select(s => s.Name));
    }

    /// <summary>What a component gets from the container: its [Inject] properties (razor's @inject), its own
    /// or a base class's, and its constructor's parameters.</summary>
    private static IEnumerable<Type> Injected(Type component)
    {
        for (var type = component; type is not null && type != typeof(ComponentBase); type = type.BaseType)
        {
            foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (property.IsDefined(typeof(InjectAttribute), inherit: false))
                {
                    yield return property.PropertyType;
                }
            }
        }

        foreach (var constructor in component.GetConstructors())
        {
            foreach (var parameter in constructor.GetParameters())
            {
                yield return parameter.ParameterType;
            }
        }
    }
}
