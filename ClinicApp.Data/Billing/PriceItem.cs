using ClinicApp.Data.Common;

namespace ClinicApp.Data.Billing;

public enum ChargeKind
{
    Service,
    Consultation,
    Medication,
    Product,
    Exam,
    HospitalizationDay,
}

/// <summary>A line of the hospital's price list.</summary>
public sealed class PriceItem : Entity
{
    public required string Name { get; set; }

    public ChargeKind Kind { get; set; }

    /// <summary>BRL, two decimals.</summary>
    public decimal Price { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>Charged by itself when an appointment of this type is completed (one item per type).</summary>
    public FrontDesk.AppointmentType? ChargesAppointment { get; set; }
}
