using ClinicApp.Data.Common;

namespace ClinicApp.Data.Clinical;

/// <summary>Evolução: a dated note on a stay by a vet or nurse.</summary>
public sealed class ProgressNote : Entity
{
    public Guid HospitalizationId { get; set; }

    public DateTime At { get; set; }

    public Guid? AuthorId { get; set; }

    public required string AuthorName { get; set; }

    /// <summary>The author's role when writing (Veterinarian or Nurse).</summary>
    public required string AuthorRole { get; set; }

    public required string Text { get; set; }
}
