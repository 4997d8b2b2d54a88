using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Agenda;
using ClinicApp.Features.Messaging;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Conversations;

/// <summary>The agenda's reminder marks: each shown appointment's <see cref="ReminderState"/> from its
/// WhatsApp reminders, its status and its tutor's reach, read in one query for all of them.</summary>
internal sealed class ReminderMarks(HospitalTime hospitalTime, IStringLocalizer<SharedResource> l, CurrentActor actor) : IAppointmentMarks
{
    private static readonly string ReminderKind = MessageKind.AppointmentReminder.ToString();

    public async Task<IReadOnlyDictionary<Guid, AppointmentMark>> ForAsync(ClinicDbContext db, IQueryable<Appointment> appointments, CancellationToken ct)
    {
        // One round trip: the appointments with their tutor's reach columns and their reminders (a
        // correlated collection EF turns into one joined query over the indexed AppointmentId).
        var rows = await (
            from a in appointments.AsNoTracking()
            join t in db.Tutors.IgnoreQueryFilters() on a.TutorId equals t.Id
            select new
            {
                a.Id,
                a.TutorId,
                a.Status,
                a.CancelledVia,
                a.StatusChangedAt,
                t.RemindersConsentAt,
                t.RemindersConsentWithdrawnAt,
                t.WhatsAppOptIn,
                t.Phone,
                Reminders = db.OutboxMessages
                    .Where(m => m.AppointmentId == a.Id && m.Channel == OutboxChannel.WhatsApp && m.Kind == ReminderKind)
                    .Select(m => new ReminderRow(m.Status, m.Delivery, m.ProviderErrorCode, m.Error, m.CreatedAt, m.NextAttemptAt, m.SentAt, m.DeliveryUpdatedAt))
                    .ToList(),
            }).ToListAsync(ct);

        var marks = new Dictionary<Guid, AppointmentMark>(rows.Count);
        var mayResend = actor.IsInAnyRole(ConversationService.Who);
        foreach (var row in rows)
        {
            var reach = ReminderReach.Check(row.RemindersConsentAt, row.RemindersConsentWithdrawnAt, row.WhatsAppOptIn, row.Phone);
            var state = ReminderState.Of(row.Reminders, row.Status, row.CancelledVia, row.StatusChangedAt, reach);
            if (ReminderLook.Mark(state, l, hospitalTime) is { } mark)
            {
                // A failed reminder is resent from the tutor's conversation.
                marks[row.Id] = mayResend && state.Stage == ReminderStage.Failed ? mark with { Href = $"messages?tutor={row.TutorId}" } : mark;
            }
        }

        return marks;
    }

    public void Listen(LiveView view, Func<Guid, bool> shows) => view
        .On<MessageStatusChanged>(e => e.AppointmentId is { } id && shows(id))
        .On<MessageReceived>(e => e.AppointmentId is { } id && shows(id));
}
