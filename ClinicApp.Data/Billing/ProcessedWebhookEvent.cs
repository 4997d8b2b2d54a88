using ClinicApp.Data.Common;

namespace ClinicApp.Data.Billing;

/// <summary>A provider's event (Stripe webhook) already handled: stored in the same transaction as
/// its effect, so a replay or a concurrent duplicate changes nothing.</summary>
public sealed class ProcessedWebhookEvent : INotAudited
{
    public required string EventId { get; set; }

    public required string Type { get; set; }

    public DateTime ReceivedAt { get; set; }
}
