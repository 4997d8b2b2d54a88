using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;

namespace ClinicApp.Data.Billing;

public enum InvoiceStatus
{
    Open,
    PartiallyPaid,
    Paid,
    Cancelled,
}

/// <summary>What a tutor owes for a visit or a stay. Totals are kept in step with items, discount and
/// payments by <see cref="Recalculate"/>; money is decimal with two places, never floating point.</summary>
public sealed class Invoice : Entity
{
    /// <summary>Sequential per hospital, for people ("Fatura 1042").</summary>
    public int Number { get; set; }

    public Guid TutorId { get; set; }

    public Tutor? Tutor { get; set; }

    public Guid? PetId { get; set; }

    public Pet? Pet { get; set; }

    /// <summary>The visit or stay the invoice gathers charges for ("appointment:{id}"), unique when set:
    /// care posts its charges to the one open invoice of its visit.</summary>
    public string? VisitKey { get; set; }

    public InvoiceStatus Status { get; private set; } = InvoiceStatus.Open;

    public decimal Subtotal { get; private set; }

    public decimal Discount { get; private set; }

    public decimal Total { get; private set; }

    public decimal Paid { get; private set; }

    public decimal Balance { get; private set; }

    public DateTime IssuedAt { get; set; }

    public DateTime? CancelledAt { get; private set; }

    public string? CancellationReason { get; private set; }

    public string? Notes { get; set; }

    public List<InvoiceItem> Items { get; set; } = [];

    public List<Payment> Payments { get; set; } = [];

    public bool IsEditable => Status is InvoiceStatus.Open or InvoiceStatus.PartiallyPaid;

    public InvoiceItem AddItem(string description, ChargeKind kind, decimal quantity, decimal unitPrice, Guid? priceItemId = null, string? sourceKey = null)
    {
        EnsureEditable();
        if (string.IsNullOrWhiteSpace(description))
        {
            throw new DomainRuleException("Invoices.Error.ItemDescription");
        }

        Amounts.RequireQuantity(quantity, "Invoices.Error.Quantity");
        Amounts.RequireMoneyOrZero(unitPrice, "Invoices.Error.Price");
        if (quantity * unitPrice > Amounts.MaxMoney)
        {
            throw new DomainRuleException("Invoices.Error.Price");
        }

        var item = new InvoiceItem
        {
            InvoiceId = Id,
            Description = description.Trim(),
            Kind = kind,
            Quantity = quantity,
            UnitPrice = unitPrice,
            Total = Money.Round(quantity * unitPrice),
            PriceItemId = priceItemId,
            SourceKey = sourceKey,
        };
        Items.Add(item);
        Recalculate();
        return item;
    }

    public void RemoveItem(Guid itemId)
    {
        EnsureEditable();
        var item = Items.FirstOrDefault(i => i.Id == itemId) ?? throw new DomainRuleException("Common.Error.NotFound");
        Items.Remove(item);
        Recalculate();
    }

    public void SetDiscount(decimal discount)
    {
        EnsureEditable();
        if (!Amounts.IsMoneyOrZero(discount) || discount > Subtotal)
        {
            throw new DomainRuleException("Invoices.Error.Discount");
        }

        Discount = discount;
        Recalculate();
    }

    /// <summary>Registers a payment; more than the open balance is refused.</summary>
    public Payment Pay(PaymentMethod method, decimal amount, DateTime atUtc, string? reference, Guid? recordedBy, string? providerId = null)
    {
        if (Status == InvoiceStatus.Cancelled)
        {
            throw new DomainRuleException("Invoices.Error.Cancelled");
        }

        Amounts.RequirePositiveMoney(amount, "Invoices.Error.Amount");

        if (amount > Balance)
        {
            throw new DomainRuleException("Invoices.Error.Overpayment", Balance);
        }

        var payment = new Payment
        {
            InvoiceId = Id,
            Method = method,
            Amount = amount,
            PaidAt = atUtc,
            Reference = TypedText.Clean(reference),
            RecordedById = recordedBy,
            ProviderPaymentId = providerId,
        };
        Payments.Add(payment);
        Recalculate();
        return payment;
    }

    public void Cancel(string? reason, DateTime atUtc)
    {
        if (Status == InvoiceStatus.Cancelled)
        {
            return;
        }

        if (Paid > 0)
        {
            throw new DomainRuleException("Invoices.Error.CancelPaid");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainRuleException("Invoices.Error.CancelReason");
        }

        CancellationReason = reason.Trim();
        CancelledAt = atUtc;
        Status = InvoiceStatus.Cancelled;
        VisitKey = null;
    }

    /// <summary>Totals from items, discount and payments; status from the balance.</summary>
    public void Recalculate()
    {
        Subtotal = Items.Sum(i => i.Total);
        Discount = Math.Min(Discount, Subtotal);
        Total = Subtotal - Discount;
        Paid = Payments.Sum(p => p.Amount);
        Balance = Total - Paid;
        if (Status != InvoiceStatus.Cancelled)
        {
            Status = Paid <= 0 ? InvoiceStatus.Open : Balance <= 0 ? InvoiceStatus.Paid : InvoiceStatus.PartiallyPaid;
        }
    }

    private void EnsureEditable()
    {
        if (!IsEditable)
        {
            throw new DomainRuleException(Status == InvoiceStatus.Cancelled ? "Invoices.Error.Cancelled" : "Invoices.Error.Paid");
        }
    }
}
