using ClinicApp.Components.Shared;
using ClinicApp.Features.Pets;

namespace ClinicApp.Features.Vaccinations;

/// <summary>Vaccinations given and due (DOMAIN.md area 2).</summary>
public static class VaccinationsFeature
{
    public static WebApplicationBuilder AddVaccinations(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<VaccinationService>();
        builder.Services.AddScoped<IPetTimelineSource, VaccinationTimelineSource>();
        builder.Services.AddToSlot<PetSections, PetVaccinations>(order: 10);
        return builder;
    }
}
