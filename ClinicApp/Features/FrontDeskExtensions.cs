using ClinicApp.Features.Agenda;
using ClinicApp.Features.Pets;
using ClinicApp.Features.Settings;
using ClinicApp.Features.Tutors;
using ClinicApp.Features.Vaccinations;

namespace ClinicApp.Features;

public static class FrontDeskExtensions
{
    /// <summary>Tutors, pets, vaccinations and the agenda (DOMAIN.md area 2).</summary>
    public static IServiceCollection AddFrontDesk(this IServiceCollection services)
    {
        services.AddScoped<TutorService>();
        services.AddScoped<PetService>();
        services.AddScoped<VaccinationService>();
        services.AddScoped<AgendaService>();
        services.AddScoped<AgendaSettingsService>();
        services.AddScoped<PetTimeline>();
        services.AddScoped<IPetTimelineSource, AppointmentTimelineSource>();
        services.AddScoped<IPetTimelineSource, VaccinationTimelineSource>();
        services.AddScoped<Invoices.InvoiceService>();
        services.AddScoped<Invoices.CareCharges>();
        services.AddScoped<IPetTimelineSource, Invoices.InvoiceTimelineSource>();
        services.AddScoped<IPetTimelineSource, Consultations.ConsultationTimelineSource>();
        services.AddScoped<IPetTimelineSource, Prescriptions.PrescriptionTimelineSource>();
        return services;
    }
}
