using System.Text;
using System.Text.Json;
using ClinicApp.Data.Billing;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Settings;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Stripe.Checkout;
using InvoiceService = ClinicApp.Features.Invoices.InvoiceService;

namespace ClinicApp.Features.Payments;

/// <summary>POST /{tenant}/webhooks/stripe: Stripe tells the hospital a checkout was paid. Verified
/// with the hospital's own signing secret; the event id is stored in the same save as the payment,
/// so replays and concurrent duplicates record exactly one payment.</summary>
public sealed class StripeWebhook(
    TenantContext tenant,
    IntegrationSettingsService integrations,
    ClinicDbFactory dbFactory,
    HospitalTime time,
    ReceiptOutbox receipts,
    ILogger<StripeWebhook> logger)
{
    public const long ToleranceSeconds = 300;

    private const int MaxBodyChars = 512 * 1024;

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        if (!tenant.HasTenant)
        {
            return Results.NotFound();
        }

        if (context.Request.ContentLength > MaxBodyChars * 4L)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        string json;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            var buffer = new char[MaxBodyChars + 1];
            var read = await reader.ReadBlockAsync(buffer, ct);
            if (read > MaxBodyChars)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            json = new string(buffer, 0, read);
        }

        var secret = (await integrations.StripeAccountAsync(ct)).WebhookSecret;
        if (string.IsNullOrEmpty(secret))
        {
            logger.LogWarning("Stripe webhook refused: no signing secret configured for this hospital");
            return Refused("no signing secret configured");
        }

        var signature = context.Request.Headers["Stripe-Signature"].ToString();
        try
        {
            EventUtility.ValidateSignature(json, signature, secret, ToleranceSeconds);
        }
        catch (StripeException)
        {
            logger.LogWarning("Stripe webhook refused: bad or expired signature");
            return Refused("bad or expired signature");
        }

        // A good signature says who sent the body, not that it is an event: Stripe.net's parser throws
        // all sorts (or hands back half-empty objects) on anything else, so the shape is checked first.
        if (!LooksLikeAnEvent(json))
        {
            logger.LogWarning("Stripe webhook refused: a signed body that is not a Stripe event ({Length} characters)", json.Length);
            return Refused("not a Stripe event");
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, signature, secret, ToleranceSeconds);
        }
        catch (StripeException)
        {
            // The signature was good, so this is the version check: the webhook endpoint in Stripe's
            // dashboard must use the API version this build of Stripe.net is pinned to.
            logger.LogError("Stripe webhook refused: the event's API version does not match Stripe.net's pinned API version {ApiVersion}", StripeConfiguration.ApiVersion);
            return Refused("unsupported API version");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Stripe webhook refused: the event could not be read");
            return Refused("unreadable event");
        }

        var paid = stripeEvent.Type switch
        {
            EventTypes.CheckoutSessionCompleted => stripeEvent.Data.Object is Session { PaymentStatus: "paid" } s ? s : null,
            EventTypes.CheckoutSessionAsyncPaymentSucceeded => stripeEvent.Data.Object as Session,
            _ => null,
        };
        if (paid is null)
        {
            return Results.Ok();
        }

        return await RecordAsync(context, stripeEvent, paid, ct);
    }

    /// <summary>A refusal with a short reason for the sender (Stripe shows it in the delivery log).</summary>
    private static IResult Refused(string reason) =>
        Results.Text(reason, "text/plain; charset=utf-8", Encoding.UTF8, StatusCodes.Status400BadRequest);

    /// <summary>A JSON object with an id, a type and data.object: what every Stripe event has.</summary>
    private static bool LooksLikeAnEvent(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                && root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("object", out var item) && item.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task<IResult> RecordAsync(HttpContext context, Event stripeEvent, Session session, CancellationToken ct)
    {
        var hospital = tenant.Tenant;
        var metadata = session.Metadata ?? [];
        var invoiceText = metadata.GetValueOrDefault("invoice_id") ?? session.ClientReferenceId;
        if (metadata.TryGetValue("tenant_id", out var tenantId) && !string.Equals(tenantId, hospital.Id.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            logger.LogWarning("Stripe event {EventId} belongs to another hospital; ignored", stripeEvent.Id);
            return Results.Ok();
        }

        if (!Guid.TryParse(invoiceText, out var invoiceId) || session.AmountTotal is not > 0
            || !string.Equals(session.Currency, "brl", StringComparison.OrdinalIgnoreCase))
        {
            logger.LogWarning("Stripe event {EventId} names no invoice or amount this hospital can use; ignored", stripeEvent.Id);
            return Results.Ok();
        }

        var amount = session.AmountTotal.Value / 100m;
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await db.ProcessedWebhookEvents.AnyAsync(e => e.EventId == stripeEvent.Id, ct))
            {
                return Results.Ok();
            }

            var invoice = await db.Invoices.Include(i => i.Items).Include(i => i.Payments).FirstOrDefaultAsync(i => i.Id == invoiceId, ct);
            if (invoice is null)
            {
                logger.LogWarning("Stripe event {EventId} is for invoice {InvoiceId}, unknown at this hospital; ignored", stripeEvent.Id, invoiceId);
                return Results.Ok();
            }

            db.ProcessedWebhookEvents.Add(new ProcessedWebhookEvent { EventId = stripeEvent.Id, Type = stripeEvent.Type, ReceivedAt = time.UtcNow });
            var payment = InvoiceService.RecordOnlinePayment(invoice, amount, session.Id, time.UtcNow);
            if (payment is null)
            {
                logger.LogError("Stripe session {SessionId} was paid but invoice {InvoiceId} cannot take it (paid, cancelled or already recorded): refund it in Stripe if needed",
                    session.Id, invoiceId);
            }
            else
            {
                // The receipt commits with the payment and the event id, or none of them does (Stripe retries).
                await receipts.AddAsync(db, invoice, payment, ct);
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // A duplicate delivery saved first (the event id is the key), or the invoice changed at
                // this moment: look again; a duplicate then answers 200 with nothing changed.
                continue;
            }

            if (payment is not null)
            {
                logger.LogInformation("Online payment {PaymentId} recorded on invoice {InvoiceId} from Stripe event {EventId}", payment.Id, invoiceId, stripeEvent.Id);
                try
                {
                    await context.RequestServices.GetRequiredService<InvoiceService>().PaymentRecordedAsync(invoiceId, payment.Id, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The payment is saved; a failing receipt must not make Stripe deliver it again.
                    logger.LogError(e, "Observers of payment {PaymentId} failed", payment.Id);
                }
            }

            return Results.Ok();
        }
    }
}
