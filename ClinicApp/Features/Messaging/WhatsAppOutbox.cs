using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Messaging;
using ClinicApp.Infrastructure.Email;

namespace ClinicApp.Features.Messaging;

/// <summary>A WhatsApp message to queue for a tutor.</summary>
public sealed record WhatsAppDraft(
    Guid TutorId,
    string To,
    MessageKind Kind,
    RenderedMessage Message,
    Guid? AppointmentId = null,
    Guid? VaccinationId = null,
    Guid? InvoiceId = null,
    string? ReminderKey = null,
    DateTime? NotBeforeUtc = null);

/// <summary>Queues WhatsApp messages in the outbox. <see cref="Add"/> puts the row in the caller's
/// context, so it commits with the change that causes it (a reminder with its scan, a reply with its
/// cause); <see cref="Wake"/> after the save lets the dispatcher take it at once. Nothing is sent here.</summary>
public sealed class WhatsAppOutbox(OutboxSignal signal)
{
    public static OutboxMessage Add(ClinicDbContext db, WhatsAppDraft draft)
    {
        var row = new OutboxMessage
        {
            Channel = OutboxChannel.WhatsApp,
            To = draft.To,
            Subject = HospitalMailer.Clip(draft.Message.Body, 300),
            Kind = draft.Kind.ToString(),
            Body = HospitalMailer.Clip(draft.Message.Body, 1600),
            ContentSid = draft.Message.ContentSid,
            ContentVariables = draft.Message.ContentVariables,
            TutorId = draft.TutorId,
            AppointmentId = draft.AppointmentId,
            VaccinationId = draft.VaccinationId,
            InvoiceId = draft.InvoiceId,
            ReminderKey = draft.ReminderKey,
        };
        if (draft.NotBeforeUtc is { } notBefore)
        {
            row.NotBefore(notBefore);
        }

        db.OutboxMessages.Add(row);
        return row;
    }

    public void Wake() => signal.Wake();
}
