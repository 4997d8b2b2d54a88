using ClinicApp.Data.Common;

namespace ClinicApp.Data.FrontDesk;

public sealed class Vaccination : Entity, ISoftDeletable
{
    public Guid PetId { get; set; }

    public Pet? Pet { get; set; }

    public required string Vaccine { get; set; }

    /// <summary>"1ª dose", "Reforço anual"… as written on the card.</summary>
    public string? Dose { get; set; }

    public string? Batch { get; set; }

    public DateOnly AppliedOn { get; set; }

    public Guid? VeterinarianId { get; set; }

    public DateOnly? NextDueOn { get; set; }

    public string? Notes { get; set; }

    public bool IsDeleted { get; set; }

    public DateTime? DeletedAt { get; set; }

    public Guid? DeletedBy { get; set; }
}
