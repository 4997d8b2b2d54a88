namespace ClinicApp.Infrastructure.Email;

public static class EmailExtensions
{
    /// <summary>The hospital's email: SMTP through MailKit, or the outbox folder when the hospital has no SMTP account.</summary>
    public static WebApplicationBuilder AddEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IEmailSender, MailKitEmailSender>();
        builder.Services.AddScoped<SmtpAccounts>();
        builder.Services.AddScoped<OutboxFolder>();
        builder.Services.AddScoped<HospitalMailer>();
        builder.Services.AddOptions<OutboxOptions>().Bind(builder.Configuration.GetSection(OutboxOptions.Section));
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddScoped<OutboxWorker>();
        builder.Services.AddScoped<IOutboxChannel, EmailOutboxChannel>();
        builder.Services.AddHostedService<OutboxDispatcher>();
        return builder;
    }
}
