namespace ClinicApp.Features.Invoices;

/// <summary>The invoice page's actions for an invoice the tutor can still pay (open balance, not
/// cancelled): other areas add theirs, e.g. Payments' payment link. See <c>ISlotComponent</c>.</summary>
public sealed record PayableInvoiceActions(Guid InvoiceId);
