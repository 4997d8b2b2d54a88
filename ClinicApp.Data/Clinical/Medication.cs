using ClinicApp.Data.Common;

namespace ClinicApp.Data.Clinical;

public enum Presentation
{
    Injectable,
    OralSolution,
    OralSuspension,
    Tablet,
    Capsule,
    Topical,
    Ophthalmic,
    Other,
}

public enum DoseRoute
{
    PO,
    IV,
    IM,
    SC,
    Topical,
    Ophthalmic,
    Otic,
    Inhaled,
    Rectal,
}

/// <summary>A medicine of the hospital's catalogue. <see cref="ConcentrationMgPerUnit"/> is mg per mL
/// for liquids (volume is shown) and mg per tablet/capsule for solids; the safe range, in mg/kg, turns a
/// prescribed dose above it into a warning.</summary>
public sealed class Medication : Entity
{
    public required string Name { get; set; }

    public string? ActiveIngredient { get; set; }

    public Presentation Presentation { get; set; }

    /// <summary>mg per mL (liquids) or per unit (tablets, capsules); null when not meaningful (topical).</summary>
    public decimal? ConcentrationMgPerUnit { get; set; }

    public DoseRoute DefaultRoute { get; set; }

    public decimal? MinDoseMgPerKg { get; set; }

    public decimal? MaxDoseMgPerKg { get; set; }

    /// <summary>Charged per dose given in hospital; null: doses of it are not charged.</summary>
    public decimal? PricePerDose { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>Liquids are measured in mL: a dose is shown as mg and the volume that holds it.</summary>
    public bool IsLiquid => Presentation is Presentation.Injectable or Presentation.OralSolution or Presentation.OralSuspension;
}
