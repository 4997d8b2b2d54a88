using ClinicApp.Components.Shared;
using ClinicApp.Features.Portal;
using ClinicApp.Features.Settings;

namespace ClinicApp.Features.OnlineBooking;

/// <summary>Tutors booking, confirming and cancelling their appointments in the portal, on the
/// agenda's own rules (opening hours, grid, slot rows); the hospital's online-booking settings.</summary>
public static class OnlineBookingFeature
{
    public static WebApplicationBuilder AddOnlineBooking(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<OnlineBookingService>();
        builder.Services.AddScoped<OnlineBookingSettingsService>();
        builder.Services.AddToSlot<PortalHomeCards, NextAppointmentCard>(order: 15);
        builder.Services.AddToSlot<SettingsCards, OnlineBookingSettingsCard>(order: 10);
        return builder;
    }

    public static IEndpointRouteBuilder MapOnlineBooking(this IEndpointRouteBuilder endpoints) => endpoints;
}
