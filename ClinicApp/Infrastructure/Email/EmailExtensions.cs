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
        return builder;
    }
}
