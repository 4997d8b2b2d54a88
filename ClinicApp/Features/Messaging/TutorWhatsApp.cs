using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Messaging;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Messaging;

/// <summary>What came of queuing a message for a tutor: the outbox row, or why the tutor cannot be reached.</summary>
public sealed record TutorMessageQueued(OutboxMessage? Row, ReachProblem? Problem);

/// <summary>Queues a WhatsApp message to a pet's tutor for something that happened at the hospital (a
/// payment link, an exam result, a discharge), in the hospital's language, only when <see cref="ReminderReach"/>
/// allows (consent, WhatsApp, a mobile): otherwise nothing is queued and the reason is returned. The row
/// goes into the caller's context, so it commits with its cause; <see cref="WhatsAppOutbox.Wake"/> after the save.</summary>
public static class TutorWhatsApp
{
    public static async Task<TutorMessageQueued> QueueAsync(ClinicDbContext db, TenantInfo hospital, Guid tutorId, Guid? petId, MessageKind kind,
        string? link = null, Guid? appointmentId = null, Guid? invoiceId = null, CancellationToken ct = default)
    {
        var tutor = await db.Tutors.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tutorId, ct);
        if (tutor is null)
        {
            return new TutorMessageQueued(null, ReachProblem.NoMobile);
        }

        if (ReminderReach.Check(tutor) is { } problem)
        {
            return new TutorMessageQueued(null, problem);
        }

        var pet = petId is { } id ? await db.Pets.AsNoTracking().Where(p => p.Id == id).Select(p => p.Name).FirstOrDefaultAsync(ct) : null;
        var culture = MessageTemplates.Cultures.Contains(hospital.Culture) ? hospital.Culture : "pt-BR";
        var message = await MessageTemplates.RenderAsync(db, kind, culture, new MessageValues(Tutor: tutor.Name, Pet: pet, Hospital: hospital.Name, Link: link), ct);
        var row = WhatsAppOutbox.Add(db, new WhatsAppDraft(tutor.Id, WhatsAppNumbers.Address(tutor.Phone)!, kind, message, appointmentId, InvoiceId: invoiceId));
        return new TutorMessageQueued(row, null);
    }
}
