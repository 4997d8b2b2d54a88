using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Features.Care;

namespace ClinicApp.Features.Prescriptions;

/// <summary>One medicine as the vet prescribes it. <see cref="FirstDose"/> is the hospital's wall clock.</summary>
public sealed class PrescriptionItemInput
{
    public static readonly int InstructionsMax = TextLimits.Of<PrescriptionItem>(i => i.Instructions);
    public const int NameMax = 200;

    /// <summary>From the catalogue; null for a free name (outpatient only).</summary>
    public Guid? MedicationId { get; set; }

    /// <summary>The free name of a medicine outside the catalogue (ignored when <see cref="MedicationId"/> is set).</summary>
    public string? MedicationName { get; set; }

    public DoseMode DoseMode { get; set; } = DoseMode.PerKg;

    /// <summary>mg/kg (PerKg) or mg (Fixed).</summary>
    public decimal? Amount { get; set; }

    public DoseRoute Route { get; set; } = DoseRoute.PO;

    public int EveryHours { get; set; } = 8;

    public int DurationDays { get; set; } = 3;

    /// <summary>Hospital wall clock.</summary>
    public DateTime? FirstDose { get; set; }

    public string? Instructions { get; set; }

    /// <summary>The vet saw the warning of a dose above the catalogue's safe range and keeps it.</summary>
    public bool ConfirmAboveSafeRange { get; set; }

    public PrescriptionItemInput Copy() => (PrescriptionItemInput)MemberwiseClone();

    /// <summary>What can be told without the database: a medicine (from the catalogue for hospital use), a
    /// dose, a route, a schedule within bounds, a first dose time, instructions not too long. Pure.</summary>
    public void Validate(PrescriptionKind kind)
    {
        if (MedicationId is null)
        {
            if (kind == PrescriptionKind.Hospital)
            {
                throw new DomainRuleException("Prescription.Error.CatalogueRequired");
            }

            var name = TypedText.Clean(MedicationName) ?? throw new DomainRuleException("Prescription.Error.MedicationRequired");
            if (name.Length > NameMax)
            {
                throw new DomainRuleException("Prescription.Error.NameLength", NameMax);
            }
        }

        if (!Enum.IsDefined(DoseMode) || !Enum.IsDefined(Route))
        {
            throw new DomainRuleException("Prescription.Error.Choice");
        }

        if (Amount is not > 0)
        {
            throw new DomainRuleException("Prescription.Error.DosePositive");
        }

        DoseSchedule.Validate(EveryHours, DurationDays);
        if (FirstDose is null)
        {
            throw new DomainRuleException("Prescription.Error.FirstDoseRequired");
        }

        if ((TypedText.Clean(Instructions)?.Length ?? 0) > InstructionsMax)
        {
            throw new DomainRuleException("Prescription.Error.InstructionsLength", InstructionsMax);
        }
    }
}

/// <summary>A prescription as the dialog sends it.</summary>
public sealed class PrescriptionInput
{
    public Guid PetId { get; set; }

    public PrescriptionKind Kind { get; set; }

    public Guid? ConsultationId { get; set; }

    /// <summary>The stay a hospital prescription belongs to; when null, the pet's active stay.</summary>
    public Guid? HospitalizationId { get; set; }

    public string? Notes { get; set; }

    public List<PrescriptionItemInput> Items { get; set; } = [];
}

/// <summary>The dose of an item while it is being typed: mg and volume, the safe range, and for hospital use
/// how many doses the schedule will hold; or why it cannot be computed yet.</summary>
public sealed record DosePreview(DoseResult? Dose, DomainRuleException? Refusal, int? DoseCount)
{
    public bool NeedsConfirmation => Dose?.AboveSafeRange == true;
}
