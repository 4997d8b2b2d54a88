using ClinicApp.Data.Common;
using ClinicApp.Data.Messaging;

namespace ClinicApp.Data.Billing;

public enum OutboxChannel
{
    Email,
    WhatsApp,
}

public enum OutboxStatus
{
    /// <summary>Waiting for its (next) attempt, due at <see cref="OutboxMessage.NextAttemptAt"/> (now when null).</summary>
    Pending,
    Sent,

    /// <summary>Given up after the last allowed attempt; the admins were told.</summary>
    Failed,

    /// <summary>No provider configured (Development): written to the local outbox folder instead.</summary>
    Kept,
}

/// <summary>A message to a person, durable before it is sent: status, attempts and the provider's id.
/// It is written in the same save as the change that causes it (a payment's receipt) and only the
/// outbox dispatcher delivers it: Pending until sent, kept, or given up (Failed); those three are final.</summary>
public sealed class OutboxMessage : Entity
{
    /// <summary>What a message made from a payment is (its content is composed when it is delivered).</summary>
    public const string ReceiptKind = "receipt";

    public OutboxChannel Channel { get; set; }

    public required string To { get; set; }

    public required string Subject { get; set; }

    public OutboxStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTime? NextAttemptAt { get; private set; }

    /// <summary>A dispatcher took the message until then (an atomic UPDATE); another may take it once
    /// this passes, so a dispatcher that died mid-send never strands it.</summary>
    public DateTime? ClaimedUntil { get; private set; }

    public DateTime? SentAt { get; private set; }

    public string? ProviderId { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The .eml file (under the hospital's outbox folder) holding the whole message; null until a
    /// message of a <see cref="Kind"/> is first composed.</summary>
    public string? File { get; private set; }

    /// <summary>Who composes the message when it has no <see cref="File"/> yet (<see cref="ReceiptKind"/>).</summary>
    public string? Kind { get; set; }

    public Guid? InvoiceId { get; set; }

    /// <summary>The payment whose receipt this is: unique, so a payment has at most one receipt message.</summary>
    public Guid? PaymentId { get; set; }

    /// <summary>The text of a WhatsApp message (an e-mail's lives in its <see cref="File"/>).</summary>
    public string? Body { get; set; }

    /// <summary>An approved Content Template ("HX…") sent instead of <see cref="Body"/>, with
    /// <see cref="ContentVariables"/> (JSON, {"1": "Rex", …}).</summary>
    public string? ContentSid { get; set; }

    public string? ContentVariables { get; set; }

    public Guid? TutorId { get; set; }

    public Guid? AppointmentId { get; set; }

    public Guid? VaccinationId { get; set; }

    /// <summary>What made this reminder ("appt:{id}:24h:{start}", "vacc:{id}:due"…): unique, so each
    /// (appointment or vaccination, kind, lead time) gives at most one message, ever.</summary>
    public string? ReminderKey { get; set; }

    /// <summary>What the provider last reported after accepting it (Twilio's status callback).</summary>
    public DeliveryStatus? Delivery { get; private set; }

    public DateTime? DeliveryUpdatedAt { get; private set; }

    /// <summary>The provider's error code (Twilio's "63016"…) of a failed send or delivery.</summary>
    public string? ProviderErrorCode { get; private set; }

    /// <summary>A reminder made moot before it left (its appointment was cancelled or moved).</summary>
    public bool IsCancelled => Status == OutboxStatus.Failed && Error == CancelledError;

    public const string CancelledError = "cancelled";

    public bool IsUnsent => Status == OutboxStatus.Pending;

    /// <summary>A message that must not leave before <paramref name="notBeforeUtc"/> (a reminder held
    /// back by the hospital's quiet hours): the dispatcher takes it from then on.</summary>
    public void NotBefore(DateTime notBeforeUtc)
    {
        EnsureUnsent(OutboxStatus.Pending);
        NextAttemptAt = notBeforeUtc;
    }

    /// <summary>The whole message now lives in <paramref name="file"/> of the outbox folder.</summary>
    public void Compose(string file)
    {
        EnsureUnsent(OutboxStatus.Pending);
        File = file;
    }

    /// <summary>No provider is configured: the whole message stays in <paramref name="file"/> of the outbox folder.</summary>
    public void Keep(string file)
    {
        EnsureUnsent(OutboxStatus.Kept);
        Status = OutboxStatus.Kept;
        File = file;
        ClaimedUntil = null;
    }

    /// <summary>An attempt succeeded: the provider took the message under <paramref name="providerId"/>.</summary>
    public void MarkSent(string providerId, DateTime atUtc)
    {
        EnsureUnsent(OutboxStatus.Sent);
        Attempts++;
        Status = OutboxStatus.Sent;
        ProviderId = providerId;
        SentAt = atUtc;
        Error = null;
        NextAttemptAt = null;
        ClaimedUntil = null;
    }

    /// <summary>An attempt failed: it is tried again at <paramref name="nextAttemptAt"/>.</summary>
    public void RetryLater(string error, DateTime nextAttemptAt)
    {
        EnsureUnsent(OutboxStatus.Pending);
        Attempts++;
        Error = error;
        NextAttemptAt = nextAttemptAt;
        ClaimedUntil = null;
    }

    /// <summary>The provider refused the message for good (an invalid number, Twilio 63016…): no
    /// retry can help, so it fails at once with the provider's code.</summary>
    public void FailPermanently(string error, string? providerCode)
    {
        EnsureUnsent(OutboxStatus.Failed);
        Attempts++;
        Status = OutboxStatus.Failed;
        Error = error;
        ProviderErrorCode = providerCode;
        NextAttemptAt = null;
        ClaimedUntil = null;
    }

    /// <summary>A pending reminder no longer applies (its appointment was cancelled or moved): it is
    /// never sent, and stays as the record of why.</summary>
    public void Cancel()
    {
        EnsureUnsent(OutboxStatus.Failed);
        Status = OutboxStatus.Failed;
        Error = CancelledError;
        NextAttemptAt = null;
        ClaimedUntil = null;
    }

    /// <summary>Records the provider's report on a sent message. Reports may arrive out of order
    /// (Twilio does not promise order): a later stage never goes back to an earlier one, and a
    /// failure or undelivery is final.</summary>
    public bool RecordDelivery(DeliveryStatus status, string? errorCode, DateTime atUtc)
    {
        if (Status != OutboxStatus.Sent || Delivery is DeliveryStatus.Failed or DeliveryStatus.Undelivered
            || (Delivery is { } current && status <= current))
        {
            return false;
        }

        Delivery = status;
        DeliveryUpdatedAt = atUtc;
        if (status is DeliveryStatus.Failed or DeliveryStatus.Undelivered)
        {
            ProviderErrorCode = errorCode;
        }

        return true;
    }

    /// <summary>The last allowed attempt failed: no more attempts (Failed is final).</summary>
    public void GiveUp(string error)
    {
        EnsureUnsent(OutboxStatus.Failed);
        Attempts++;
        Status = OutboxStatus.Failed;
        Error = error;
        NextAttemptAt = null;
        ClaimedUntil = null;
    }

    private void EnsureUnsent(OutboxStatus to)
    {
        if (!IsUnsent)
        {
            throw new DomainRuleException("Outbox.Error.Transition", $"Outbox.Status.{Status}", $"Outbox.Status.{to}");
        }
    }
}
