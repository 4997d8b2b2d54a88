using ClinicApp.Data.Common;

namespace ClinicApp.Data.Portal;

/// <summary>A short update the vet publishes for the tutor of a hospitalized pet ("Rex ate well and
/// is walking"): what the portal shows of a stay, never the RAM or the internal notes.</summary>
public sealed class StayBulletin : Entity
{
    public const int MaxTextLength = 2000;

    public Guid HospitalizationId { get; set; }

    /// <summary>The stay's pet and tutor, kept so the portal filters by tutor without joins.</summary>
    public Guid PetId { get; set; }

    public Guid TutorId { get; set; }

    public required string Text { get; set; }

    /// <summary>UTC.</summary>
    public DateTime PublishedAt { get; set; }

    public Guid AuthorId { get; set; }

    public string AuthorName { get; set; } = "";
}
