using ClinicApp.Data.Common;

namespace ClinicApp.Data.Billing;

public sealed class InvoiceItem : Entity
{
    public Guid InvoiceId { get; set; }

    public Guid? PriceItemId { get; set; }

    public required string Description { get; set; }

    public ChargeKind Kind { get; set; }

    public decimal Quantity { get; set; }

    public decimal UnitPrice { get; set; }

    public decimal Total { get; set; }

    /// <summary>The care that posted this charge ("appointment:{id}", later "dose:{id}"…), unique:
    /// a charge is posted exactly once.</summary>
    public string? SourceKey { get; set; }
}
