namespace ClinicApp.Features.Invoices;

/// <summary>Told after a payment is saved — at the desk or by the payment provider — in the
/// hospital's scope (e.g. to email the receipt). Register any number with AddScoped.</summary>
public interface IPaymentObserver
{
    Task PaymentRecordedAsync(Guid invoiceId, Guid paymentId, CancellationToken ct);
}
