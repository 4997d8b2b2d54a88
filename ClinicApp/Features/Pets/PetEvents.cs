namespace ClinicApp.Features.Pets;

/// <summary>Published after a pet's record changes (its details, a weight, a vaccination): screens
/// showing the pet — the tutor's portal among them — reload it.</summary>
public sealed record PetRecordChanged(Guid PetId);
