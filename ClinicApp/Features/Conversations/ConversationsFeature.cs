using ClinicApp.Components.Shared;
using ClinicApp.Features.Agenda;
using ClinicApp.Features.Tutors;

namespace ClinicApp.Features.Conversations;

/// <summary>The hospital's WhatsApp conversations with tutors as people see them: the reminder state on
/// the agenda, the messages page (resend, reply by hand) and the tutor page's messages.</summary>
public static class ConversationsFeature
{
    public static WebApplicationBuilder AddConversations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<IAppointmentMarks, ReminderMarks>();
        services.AddScoped<ConversationService>();
        services.AddToSlot<TutorSections, TutorMessages>(order: 20);
        return builder;
    }

    public static IEndpointRouteBuilder MapConversations(this IEndpointRouteBuilder endpoints) => endpoints;
}
