using ClinicApp.Features.Agenda;
using ClinicApp.Infrastructure.Jobs;

namespace ClinicApp.Features.Reminders;

/// <summary>WhatsApp reminders: the templates and reminder settings pages (Admin), the recurring scan
/// that queues appointment and vaccination reminders, and keeping them true when the agenda changes.</summary>
public static class ReminderFeature
{
    public static WebApplicationBuilder AddReminders(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<MessageTemplateService>();
        builder.Services.AddScoped<ReminderSettingsService>();
        builder.Services.AddScoped<ReminderScan>();
        builder.Services.AddScoped<IHospitalRecurringJob, ReminderJob>();
        builder.Services.AddScoped<IAppointmentChangeParticipant, AppointmentReminders>();
        return builder;
    }

    /// <summary>Nothing to map yet: the pages are routed components.</summary>
    public static IEndpointRouteBuilder MapReminders(this IEndpointRouteBuilder endpoints) => endpoints;
}
