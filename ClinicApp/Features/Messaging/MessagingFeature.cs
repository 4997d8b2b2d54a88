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
        return builder;
    }

    public static IEndpointRouteBuilder MapMessaging(this IEndpointRouteBuilder endpoints) => endpoints;
}
