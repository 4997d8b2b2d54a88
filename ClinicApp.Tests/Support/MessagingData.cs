using ClinicApp.Data.Billing;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Messaging;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Support;

/// <summary>WhatsApp rows as the sending, the status callback and the inbound webhook leave them, made
/// directly (those parts are tested on their own): a message through <see cref="WhatsAppOutbox.Add"/>
/// and then the entity's own transitions, an inbound message as the webhook stores it.</summary>
public static class MessagingData
{
    /// <summary>A tutor who may be reminded: consent, WhatsApp and a mobile.</summary>
    public static async Task<Guid> NewReachableTutorAsync(this Desk desk, string? name = null, string phone = "+5511987654321")
    {
        var id = await desk.NewTutorAsync(name, phone: phone);
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var tutor = await db.Tutors.SingleAsync(t => t.Id == id);
        tutor.WhatsAppOptIn = true;
        tutor.RemindersConsentAt = desk.Time.UtcNow.AddDays(-30);
        await db.SaveChangesAsync();
        return id;
    }

    /// <summary>A WhatsApp message to the tutor, taken as far as <paramref name="state"/>: "pending",
    /// "sent", "delivered", "read", "failed" (refused with <paramref name="code"/>), "undelivered", "gaveup",
    /// "kept", "cancelled".</summary>
    public static async Task<Guid> NewOutboundAsync(this Desk desk, Guid tutorId, string state, Guid? appointmentId = null,
        MessageKind kind = MessageKind.AppointmentReminder, string body = "Lembrete: Rex amanhã às 10:00", string? code = "63016",
        DateTime? at = null, string? reminderKey = null)
    {
        var now = at ?? desk.Time.UtcNow;
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var row = WhatsAppOutbox.Add(db, new WhatsAppDraft(tutorId, "whatsapp:+5511987654321", kind, new RenderedMessage(body, null, null),
            AppointmentId: appointmentId, ReminderKey: reminderKey));
        switch (state)
        {
            case "pending":
                // Held an hour (as quiet hours would): the app's own dispatcher must not take it and keep it
                // (the test hospitals have no Twilio account) while a test looks at it as still to go.
                row.NotBefore(desk.Time.UtcNow.AddHours(1));
                break;
            case "failed":
                row.FailPermanently("Twilio refused the number", code);
                break;
            case "gaveup":
                row.GiveUp("Twilio did not answer");
                break;
            case "cancelled":
                row.Cancel();
                break;
            case "kept":
                row.Keep("whatsapp/kept.txt");
                break;
            default:
                row.MarkSent($"SM{Guid.NewGuid():N}", now.AddSeconds(5));
                var delivery = state switch
                {
                    "delivered" => DeliveryStatus.Delivered,
                    "read" => DeliveryStatus.Read,
                    "undelivered" => DeliveryStatus.Undelivered,
                    _ => (DeliveryStatus?)null,
                };
                if (delivery is { } reached)
                {
                    row.RecordDelivery(reached, reached == DeliveryStatus.Undelivered ? code : null, now.AddSeconds(30));
                }

                break;
        }

        await db.SaveChangesAsync();
        if (at is { } created)
        {
            // The audit interceptor stamps CreatedAt with the clock on insert: set the wanted time after it.
            await db.OutboxMessages.Where(m => m.Id == row.Id).ExecuteUpdateAsync(u => u.SetProperty(m => m.CreatedAt, created));
        }

        return row.Id;
    }

    /// <summary>A message from the tutor, stored as the inbound webhook stores it.</summary>
    public static async Task<Guid> NewInboundAsync(this Desk desk, Guid tutorId, string body, DateTime? at = null,
        InboundOutcome outcome = InboundOutcome.Kept, Guid? appointmentId = null)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var message = new InboundMessage
        {
            MessageSid = $"SM{Guid.NewGuid():N}",
            From = "whatsapp:+5511987654321",
            Body = body,
            ReceivedAt = at ?? desk.Time.UtcNow,
            TutorId = tutorId,
            AppointmentId = appointmentId,
            Outcome = outcome,
        };
        db.InboundMessages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }
}
