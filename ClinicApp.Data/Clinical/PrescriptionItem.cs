using ClinicApp.Data.Common;

namespace ClinicApp.Data.Clinical;

public enum DoseMode
{
    PerKg,
    Fixed,
}

public enum PrescriptionItemStatus
{
    Active,

    /// <summary>Stopped by the vet: future doses cancelled, the past kept.</summary>
    Suspended,

    /// <summary>Changed: a new item replaces it from a time on (<see cref="PrescriptionItem.ReplacedById"/>).</summary>
    Replaced,
}

/// <summary>One medicine of a prescription. The dose in mg is kept as computed at prescribing
/// (mg/kg × weight, or fixed) with its volume for the concentration, so the chart never changes after.</summary>
public sealed class PrescriptionItem : Entity
{
    public Guid PrescriptionId { get; set; }

    public Guid? MedicationId { get; set; }

    /// <summary>The medicine's name at prescribing (catalogue names may change).</summary>
    public required string MedicationName { get; set; }

    public DoseMode DoseMode { get; set; }

    /// <summary>mg/kg when <see cref="DoseMode"/> is PerKg.</summary>
    public decimal? DoseMgPerKg { get; set; }

    /// <summary>mg per dose.</summary>
    public decimal DoseMg { get; set; }

    /// <summary>mL per dose, for liquids with a concentration; units (tablets) for solids.</summary>
    public decimal? DoseVolume { get; set; }

    /// <summary>The dose was above the catalogue's safe range and the vet kept it.</summary>
    public bool AboveSafeRange { get; set; }

    public DoseRoute Route { get; set; }

    public int EveryHours { get; set; }

    public int DurationDays { get; set; }

    /// <summary>UTC.</summary>
    public DateTime FirstDoseAt { get; set; }

    public string? Instructions { get; set; }

    public PrescriptionItemStatus Status { get; private set; }

    public DateTime? StoppedAt { get; private set; }

    public string? StopReason { get; private set; }

    public Guid? ReplacesId { get; private set; }

    public Guid? ReplacedById { get; private set; }

    /// <summary>Stops the item at <paramref name="atUtc"/>; only an active item can stop. Its doses to come
    /// are cancelled by the caller, the past is kept.</summary>
    public void Suspend(string? reason, DateTime atUtc)
    {
        EnsureActive();
        Status = PrescriptionItemStatus.Suspended;
        StoppedAt = atUtc;
        StopReason = reason;
    }

    /// <summary>Changes the item: <paramref name="replacement"/> takes over with its own schedule and this one
    /// stops at <paramref name="atUtc"/>, each pointing at the other.</summary>
    public void ReplaceWith(PrescriptionItem replacement, string reason, DateTime atUtc)
    {
        EnsureActive();
        replacement.ReplacesId = Id;
        Status = PrescriptionItemStatus.Replaced;
        ReplacedById = replacement.Id;
        StoppedAt = atUtc;
        StopReason = reason;
    }

    private void EnsureActive()
    {
        if (Status != PrescriptionItemStatus.Active)
        {
            throw new DomainRuleException("Prescription.Error.ItemNotActive", MedicationName, $"PrescriptionItemStatus.{Status}");
        }
    }
}
