using ClinicApp.Infrastructure.Security;

namespace ClinicApp.Features.Replies;

/// <summary>Tutors' WhatsApp replies change the agenda (issue 12 #6): the inbound Twilio webhook, the
/// keywords, the matching to the tutor and their next reminded appointment.</summary>
public static class RepliesFeature
{
    public static WebApplicationBuilder AddReplies(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReplyService>();
        builder.Services.AddScoped<TwilioInboundWebhook>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReplies(this IEndpointRouteBuilder endpoints)
    {
        // Twilio signs its posts; it sends no antiforgery token and no cookie. An unavailable hospital
        // answers 503 before this runs (the tenant middleware), so Twilio retries instead of losing it.
        endpoints.MapPost("/webhooks/twilio", (HttpContext context, TwilioInboundWebhook webhook) => webhook.HandleAsync(context))
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(PublicRateLimits.Webhooks);
        return endpoints;
    }
}
