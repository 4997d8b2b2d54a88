using ClinicApp.Components.Shared;
using ClinicApp.Features.Pets;
using ClinicApp.Features.Tutors;

namespace ClinicApp.Features.Agenda;

/// <summary>The agenda: booking without double booking, the day's flow at the desk (DOMAIN.md area 2).</summary>
public static class AgendaFeature
{
    public static WebApplicationBuilder AddAgenda(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AgendaService>();
        builder.Services.AddScoped<IPetTimelineSource, AppointmentTimelineSource>();
        builder.Services.AddToSlot<TutorSections, TutorAppointments>(order: 10);
        return builder;
    }
}
