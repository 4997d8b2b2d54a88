using ClinicApp.Components.Shared;
using ClinicApp.Features.Agenda;
using ClinicApp.Features.Pets;

namespace ClinicApp.Features.Consultations;

/// <summary>Consultations (SOAP charting with autosave) (DOMAIN.md area 3).</summary>
public static class ConsultationsFeature
{
    public static WebApplicationBuilder AddConsultations(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ConsultationService>();
        builder.Services.AddScoped<IPetTimelineSource, ConsultationTimelineSource>();
        builder.Services.AddToSlot<AppointmentActions, AppointmentConsultationAction>(order: 10);
        builder.Services.AddToSlot<PetActions, WalkInButton>(order: 10);
        return builder;
    }
}
