using ClinicApp.Components.Shared;
using Microsoft.AspNetCore.Identity;

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

        // Invitations: Identity finds a token provider by name in IdentityOptions and resolves its type here.
        builder.Services.AddOptions<PortalInviteTokenOptions>();
        builder.Services.AddTransient<PortalInviteTokenProvider>();
        builder.Services.Configure<IdentityOptions>(identity =>
            identity.Tokens.ProviderMap[PortalInviteTokenProvider.ProviderName] = new TokenProviderDescriptor(typeof(PortalInviteTokenProvider)));
        builder.Services.AddScoped<PortalInvitations>();
        builder.Services.AddToSlot<Tutors.TutorFacts, PortalInviteButton>(order: 20);
        builder.Services.AddPortalPets();
        return builder;
    }

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder endpoints) => endpoints.MapPortalPets();
}
