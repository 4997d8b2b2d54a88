using ClinicApp.Data.Common;

namespace ClinicApp.Data.Clinical;

public enum PrescriptionKind
{
    /// <summary>Taken home: printed as a receituário.</summary>
    Outpatient,

    /// <summary>Given in hospital: generates the administration schedule.</summary>
    Hospital,
}

public sealed class Prescription : Entity
{
    public Guid PetId { get; set; }

    public Guid TutorId { get; set; }

    public Guid VeterinarianId { get; set; }

    public Guid? ConsultationId { get; set; }

    public Guid? HospitalizationId { get; set; }

    public PrescriptionKind Kind { get; set; }

    public DateTime IssuedAt { get; set; }

    /// <summary>The weight the doses were computed with (the pet's latest at the time), kg.</summary>
    public decimal? WeightKg { get; set; }

    public string? Notes { get; set; }

    public List<PrescriptionItem> Items { get; set; } = [];
}
