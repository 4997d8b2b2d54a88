namespace ClinicApp.Features.Portal;

/// <summary>The tutors' portal (/{tenant}/portal): a pet owner's own pets, appointments, invoices,
/// documents and stays, and their LGPD rights. Every service here takes the tutor from
/// <see cref="PortalAccess"/>, never from the page.</summary>
public static class PortalFeature
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PortalAccess>();
        builder.Services.AddScoped<PortalHomeService>();
        builder.Services.AddPortalPets();
        return builder;
    }

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder endpoints) => endpoints.MapPortalPets();
}
