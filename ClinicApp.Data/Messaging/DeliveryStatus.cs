namespace ClinicApp.Data.Messaging;

/// <summary>What the provider last said about a sent message (Twilio's status callback), in the order
/// it normally advances; <see cref="Failed"/> and <see cref="Undelivered"/> carry the provider's code.</summary>
public enum DeliveryStatus
{
    Queued,
    Sent,
    Delivered,
    Read,
    Failed,
    Undelivered,
}
