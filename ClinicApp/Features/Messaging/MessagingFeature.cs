using ClinicApp.Infrastructure.Email;
using ClinicApp.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace ClinicApp.Features.Messaging;

/// <summary>WhatsApp messaging with tutors (Twilio): the account, the templates, the outbox channel,
/// the webhooks. Reminders, replies and the messages page build on it.</summary>
public static class MessagingFeature
{
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MessagingOptions>().Bind(builder.Configuration.GetSection(MessagingOptions.Section));
        services.AddScoped<TwilioAccounts>();
        services.AddScoped<TwilioSignatures>();
        services.AddScoped<WhatsAppOutbox>();
        services.AddScoped<MessagingSettingsService>();
        services.AddScoped<TwilioStatusWebhook>();

        // The SDK's requests go through this client: bounded by the outbox's send timeout, and sent to
        // Messaging:ApiBaseUrl when set (the tests' fake Twilio).
        services.AddTransient<TwilioApiHandler>();
        services.AddHttpClient(WhatsAppOutboxChannel.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<OutboxOptions>>().Value.SendTimeout)
            .AddHttpMessageHandler<TwilioApiHandler>();
        services.AddScoped<IOutboxChannel, WhatsAppOutboxChannel>();
        services.AddScoped<IOutboxObserver, WhatsAppStatusObserver>();
        return builder;
    }

    public static IEndpointRouteBuilder MapMessaging(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(TwilioStatusWebhook.Path, (HttpContext context, TwilioStatusWebhook webhook) => webhook.HandleAsync(context))
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(PublicRateLimits.Webhooks);
        return endpoints;
    }
}
