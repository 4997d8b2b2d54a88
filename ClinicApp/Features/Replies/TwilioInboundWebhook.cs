using ClinicApp.Features.Messaging;
using ClinicApp.Tenancy;

namespace ClinicApp.Features.Replies;

/// <summary>POST /{tenant}/webhooks/twilio: a tutor's WhatsApp message, posted by Twilio. Only a request
/// signed with THIS hospital's auth token is read (anything else: 403, nothing stored); Twilio gets an
/// empty TwiML answer once the message is stored, so it does not retry what was kept.</summary>
public sealed class TwilioInboundWebhook(TenantContext tenant, TwilioSignatures signatures, CurrentActor actor, ReplyService replies, ILogger<TwilioInboundWebhook> logger)
{
    /// <summary>The actor of what a reply changes (the audit's "who").</summary>
    public const string Actor = "whatsapp";

    /// <summary>An empty TwiML document: the message is taken, no automatic answer.</summary>
    public const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        if (!tenant.HasTenant)
        {
            return Results.NotFound();
        }

        IFormCollection form;
        try
        {
            form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(ct) : FormCollection.Empty;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            // Unreadable or too large: nobody's signature can vouch for it.
            logger.LogWarning("Twilio webhook refused: unreadable form ({Error})", e.Message);
            return Results.StatusCode(StatusCodes.Status400BadRequest);
        }

        if (!await signatures.IsValidAsync(context, form, ct))
        {
            logger.LogWarning("Twilio webhook refused: missing or bad {Header} (or no Twilio account configured)", TwilioSignatures.Header);
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var sid = form["MessageSid"].ToString().Trim();
        var from = form["From"].ToString().Trim();
        if (sid.Length == 0 || sid.Length > 64 || from.Length == 0 || from.Length > 40)
        {
            logger.LogWarning("Twilio webhook refused: a signed request without a usable MessageSid or From");
            return Results.Text("MessageSid and From are required", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        actor.SetSystem(Actor);
        await replies.ReceiveAsync(new InboundReply(sid, from, NullIfEmpty(form["Body"]), NullIfEmpty(form["ButtonPayload"])), ct);
        return Results.Text(EmptyTwiml, "text/xml; charset=utf-8");
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrWhiteSpace(value.ToString()) ? null : value.ToString();
}
