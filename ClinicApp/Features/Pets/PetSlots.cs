using ClinicApp.Data.FrontDesk;
using Microsoft.AspNetCore.Components;

namespace ClinicApp.Features.Pets;

/// <summary>The pet page's header actions that belong to other areas (Consultations' walk-in).
/// See <c>ISlotComponent</c>.</summary>
public sealed record PetActions(Guid PetId, bool Deceased);

/// <summary>Sections other areas add to the pet page under the pet's own (Vaccinations). A section that
/// records something calls <see cref="Changed"/>: the page reloads, and its timeline shows the new entry.</summary>
public sealed record PetSections(Guid PetId, Species Species, bool Deceased, EventCallback Changed);
