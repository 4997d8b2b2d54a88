using ClinicApp.Data.Messaging;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Messaging;

/// <summary>POST /{tenant}/webhooks/twilio/status: Twilio reports what became of a message it accepted
/// (queued, sent, delivered, read, failed/undelivered with its error code). Signed with the hospital's auth
/// token: a bad or missing signature is 403 and nothing is stored. An unknown sid is answered 200 (Twilio
/// would otherwise retry a report the hospital can do nothing with).</summary>
public sealed class TwilioStatusWebhook(
    TenantContext tenant,
    TwilioSignatures signatures,
    ClinicDbFactory dbFactory,
    TimeProvider time,
    HospitalEvents events,
    ILogger<TwilioStatusWebhook> logger)
{
    public const string Path = "/webhooks/twilio/status";

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        if (!tenant.HasTenant)
        {
            return Results.NotFound();
        }

        if (!context.Request.HasFormContentType)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var form = await context.Request.ReadFormAsync(ct);
        if (!await signatures.IsValidAsync(context, form, ct))
        {
            logger.LogWarning("Twilio status callback refused for hospital {Hospital}: bad or missing signature", tenant.Tenant.Slug);
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var sid = form["MessageSid"].ToString();
        if (string.IsNullOrEmpty(sid) || Status(form["MessageStatus"].ToString()) is not { } status)
        {
            // Signed but not a report we understand ("scheduled", "canceled"…): nothing to record.
            return Results.Ok();
        }

        var code = form["ErrorCode"].ToString();
        var changed = false;
        Guid messageId = default;
        Guid? tutorId = null, appointmentId = null;
        // Reports of one message may race (sent and delivered arrive together): a concurrent save wins,
        // the loser reads the row again and applies its report only if it still moves forward.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var message = await db.OutboxMessages.FirstOrDefaultAsync(m => m.ProviderId == sid, ct);
            if (message is null)
            {
                return Results.Ok();
            }

            (messageId, tutorId, appointmentId) = (message.Id, message.TutorId, message.AppointmentId);
            changed = message.RecordDelivery(status, string.IsNullOrWhiteSpace(code) ? null : code[..Math.Min(code.Length, 20)], time.GetUtcNow().UtcDateTime);
            if (!changed)
            {
                break;
            }

            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 2)
            {
                changed = false;
            }
        }

        if (changed)
        {
            await events.PublishAsync(new MessageStatusChanged(messageId, tutorId, appointmentId));
        }

        return Results.Ok();
    }

    /// <summary>Twilio's MessageStatus values, in the order the message advances.</summary>
    public static DeliveryStatus? Status(string value) => value.ToLowerInvariant() switch
    {
        "accepted" or "queued" => DeliveryStatus.Queued,
        "sending" or "sent" => DeliveryStatus.Sent,
        "delivered" => DeliveryStatus.Delivered,
        "read" => DeliveryStatus.Read,
        "failed" => DeliveryStatus.Failed,
        "undelivered" => DeliveryStatus.Undelivered,
        _ => null,
    };
}
