namespace ClinicApp.Features.Pets;

/// <summary>Pets, their weights and alerts, and the pet's timeline that other areas add entries to (DOMAIN.md area 2).</summary>
public static class PetsFeature
{
    public static WebApplicationBuilder AddPets(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PetService>();
        builder.Services.AddScoped<PetTimeline>();
        return builder;
    }
}
