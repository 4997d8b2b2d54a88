namespace ClinicApp.Features.Portal;

/// <summary>Cards other portal areas add to the portal's home page, in order (the pets, the next
/// appointment, the open balance, a pet in hospital). They take the tutor from <see cref="PortalAccess"/>
/// themselves, so the slot carries nothing a page could forge.</summary>
public sealed record PortalHomeCards;
