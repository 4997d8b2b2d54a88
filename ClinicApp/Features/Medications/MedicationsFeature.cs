namespace ClinicApp.Features.Medications;

/// <summary>The hospital's medication catalogue (DOMAIN.md area 3).</summary>
public static class MedicationsFeature
{
    public static WebApplicationBuilder AddMedications(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<MedicationCatalogService>();
        return builder;
    }
}
