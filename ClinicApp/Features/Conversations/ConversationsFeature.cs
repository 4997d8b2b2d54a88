using ClinicApp.Features.Agenda;

namespace ClinicApp.Features.Conversations;

/// <summary>The hospital's WhatsApp conversations with tutors as people see them: the reminder state on
/// the agenda, the messages page (resend, reply by hand) and the tutor page's messages.</summary>
public static class ConversationsFeature
{
    public static WebApplicationBuilder AddConversations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<IAppointmentMarks, ReminderMarks>();
        return builder;
    }

    public static IEndpointRouteBuilder MapConversations(this IEndpointRouteBuilder endpoints) => endpoints;
}
