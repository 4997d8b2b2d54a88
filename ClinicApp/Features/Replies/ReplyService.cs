using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Data.Portal;
using ClinicApp.Features.Tutors;
using ClinicApp.Features.Agenda;
using ClinicApp.Features.Care;
using ClinicApp.Features.Messaging;
using ClinicApp.Features.Notifications;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Replies;

/// <summary>A WhatsApp message as Twilio posted it (already verified as Twilio's for this hospital).</summary>
public sealed record InboundReply(string MessageSid, string From, string? Body, string? ButtonPayload);

/// <summary>What became of a posted message: its row, and whether this post stored it or a copy already had.</summary>
public sealed record ReplyResult(Guid InboundMessageId, InboundOutcome Outcome, bool Duplicate);

/// <summary>A tutor's answer changes the agenda: matched to the tutor of THIS hospital by phone and to
/// their next reminded appointment, it confirms, cancels (the desk's path: slots freed, agendas told),
/// withdraws the reminders consent, or is kept for reception. The message row and everything it causes
/// commit in one save; its unique MessageSid makes a replay or a concurrent copy change nothing.</summary>
public sealed class ReplyService(
    ClinicDbFactory dbFactory,
    HospitalTime time,
    AgendaService agenda,
    HospitalEvents events,
    IStringLocalizer<SharedResource> L,
    ILogger<ReplyService> logger)
{
    /// <summary>The source recorded on a consent withdrawn by a "sair"/"stop" reply.</summary>
    public const string Via = "whatsapp";

    /// <summary>How much of the tutor's text a notification quotes.</summary>
    private const int QuoteChars = 120;

    public async Task<ReplyResult> ReceiveAsync(InboundReply reply, CancellationToken ct = default)
    {
        var intent = ReplyKeywords.Read(reply.Body, reply.ButtonPayload);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await db.InboundMessages.AsNoTracking().Where(m => m.MessageSid == reply.MessageSid)
                    .Select(m => new { m.Id, m.Outcome }).FirstOrDefaultAsync(ct) is { } stored)
            {
                return new ReplyResult(stored.Id, stored.Outcome, Duplicate: true);
            }

            var message = new InboundMessage
            {
                MessageSid = reply.MessageSid,
                From = reply.From,
                Body = Clip(reply.Body, 1600),
                ButtonPayload = Clip(reply.ButtonPayload, 200),
                ReceivedAt = time.UtcNow,
            };
            var effects = await DecideAsync(db, message, intent, ct);
            db.InboundMessages.Add(message);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (attempt < 5 && (e is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(e)))
            {
                // A copy of this message saved first (the next look finds it and changes nothing), or the
                // appointment changed at this moment (at the desk, or by another reply): decide again.
                continue;
            }

            logger.LogInformation("WhatsApp message {MessageSid} stored as {Outcome} (tutor {TutorId}, appointment {AppointmentId})",
                message.MessageSid, message.Outcome, message.TutorId, message.AppointmentId);
            if (effects.Appointment is { } changed)
            {
                await agenda.StatusChangedAsync(changed);
            }

            foreach (var notification in effects.Notifications)
            {
                await events.PublishAsync(new NotificationRaised(notification.UserId, notification.Id));
            }

            await events.PublishAsync(new MessageReceived(message.Id, message.TutorId, message.AppointmentId));
            return new ReplyResult(message.Id, message.Outcome, Duplicate: false);
        }
    }

    private sealed record Effects(Appointment? Appointment, IReadOnlyList<Notification> Notifications);

    /// <summary>Sets the message's tutor, appointment and outcome, and makes the change it asks for in <paramref name="db"/> (not saved).</summary>
    private async Task<Effects> DecideAsync(ClinicDbContext db, InboundMessage message, ReplyIntent intent, CancellationToken ct)
    {
        var now = message.ReceivedAt;
        var phone = WhatsAppNumbers.Phone(message.From);
        var tutors = phone is null ? [] : await db.Tutors.Where(t => t.Phone == phone).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        if (tutors.Count == 0)
        {
            // Nobody of this hospital has the number (a new client, or a tutor of another hospital):
            // the text is kept and reception is told, since nobody else would ever read it.
            message.Outcome = InboundOutcome.Unmatched;
            return new Effects(null, await NotifyDeskAsync(db, "Replies.Notification.Unmatched", [phone ?? message.From, Quote(message)], "messages", now, ct));
        }

        var tutorIds = tutors.Select(t => t.Id).ToList();
        var reminded = db.OutboxMessages.Where(o => o.Channel == OutboxChannel.WhatsApp && o.Kind == nameof(MessageKind.AppointmentReminder)
            && o.Status == OutboxStatus.Sent && o.AppointmentId != null);

        // The appointment the tutor answers: their next open one a reminder was sent for. Several tutors
        // sharing the phone (a family): the one whose reminded appointment comes first.
        var next = await db.Appointments.Include(a => a.Slots)
            .Where(a => tutorIds.Contains(a.TutorId) && a.Start >= now
                && (a.Status == AppointmentStatus.Scheduled || a.Status == AppointmentStatus.Confirmed)
                && reminded.Any(o => o.AppointmentId == a.Id))
            .OrderBy(a => a.Start).FirstOrDefaultAsync(ct);

        // Without one, the appointment the last reminder was about (passed, or closed meanwhile).
        var last = next is not null ? null : await (
                from o in reminded
                join a in db.Appointments on o.AppointmentId equals a.Id
                where tutorIds.Contains(a.TutorId)
                orderby o.SentAt descending
                select new { a.Id, a.TutorId }).FirstOrDefaultAsync(ct);

        var tutor = tutors.FirstOrDefault(t => t.Id == (next?.TutorId ?? last?.TutorId)) ?? tutors[0];
        message.TutorId = tutor.Id;
        message.AppointmentId = next?.Id ?? last?.Id;
        var link = $"tutors/{tutor.Id}";

        switch (intent)
        {
            case ReplyIntent.OptOut:
                // The person behind the phone asked to stop: every record of it in this hospital stops
                // being reminded, and reminders queued for it are not sent.
                foreach (var sharing in tutors)
                {
                    // The history row (source: what they wrote) commits with the message; a tutor who had
                    // no consent to withdraw gets no row, but is still marked as having asked to stop.
                    if (!TutorConsents.Change(db, sharing, ConsentPurpose.Reminders, false, ConsentChannel.WhatsApp,
                            message.Body ?? message.ButtonPayload, null, now))
                    {
                        sharing.RemindersConsentWithdrawnAt = now;
                        sharing.RemindersConsentWithdrawnVia = Via;
                    }
                }

                await CancelPendingAsync(db, o => o.TutorId != null && tutorIds.Contains(o.TutorId.Value)
                    && (o.Kind == nameof(MessageKind.AppointmentReminder) || o.Kind == nameof(MessageKind.VaccinationDue)), now, ct);
                message.Outcome = InboundOutcome.OptedOut;
                return new Effects(null, []);

            case ReplyIntent.Confirm or ReplyIntent.Cancel when next is not null:
                if (intent == ReplyIntent.Confirm)
                {
                    // Confirming twice (or after the desk confirmed) is still a confirmation, with nothing to change.
                    message.Outcome = InboundOutcome.Confirmed;
                    if (next.Status == AppointmentStatus.Confirmed)
                    {
                        return new Effects(null, []);
                    }

                    await agenda.ApplyStatusAsync(db, next, AppointmentStatus.Confirmed, null, AppointmentSource.WhatsApp, ct);
                }
                else
                {
                    message.Outcome = InboundOutcome.Cancelled;
                    // The agenda's participants cancel the appointment's pending reminders in this same save.
                    await agenda.ApplyStatusAsync(db, next, AppointmentStatus.Cancelled, L["Replies.CancelReason"], AppointmentSource.WhatsApp, ct);
                }

                return new Effects(next, []);

            case ReplyIntent.Confirm or ReplyIntent.Cancel when last is not null:
                // Too late to change anything: the appointment passed or was closed. Reception decides.
                message.Outcome = InboundOutcome.TooLate;
                return new Effects(null, await NotifyDeskAsync(db, "Replies.Notification.TooLate", [tutor.Name, Quote(message)], link, now, ct));

            default:
                // Free text, or a "1"/"2" with no reminded appointment to apply it to: a person reads it.
                message.Outcome = InboundOutcome.Kept;
                return new Effects(null, await NotifyDeskAsync(db, "Replies.Notification.Text", [tutor.Name, Quote(message)], link, now, ct));
        }
    }

    /// <summary>WhatsApp messages not yet taken by the dispatcher stop (a claimed one is already leaving).</summary>
    private static async Task CancelPendingAsync(ClinicDbContext db, System.Linq.Expressions.Expression<Func<OutboxMessage, bool>> which, DateTime now, CancellationToken ct)
    {
        var pending = await db.OutboxMessages.Where(o => o.Channel == OutboxChannel.WhatsApp && o.Status == OutboxStatus.Pending
            && (o.ClaimedUntil == null || o.ClaimedUntil < now)).Where(which).ToListAsync(ct);
        foreach (var row in pending)
        {
            row.Cancel();
        }
    }

    /// <summary>A notification for every active receptionist and admin, added to <paramref name="db"/>.</summary>
    private static async Task<IReadOnlyList<Notification>> NotifyDeskAsync(ClinicDbContext db, string key, object?[] args, string link, DateTime now, CancellationToken ct)
    {
        var desk = await (from u in db.Users
                          join ur in db.UserRoles on u.Id equals ur.UserId
                          join r in db.Roles on ur.RoleId equals r.Id
                          where u.IsActive && (r.Name == Roles.Receptionist || r.Name == Roles.Admin)
                          select u.Id).Distinct().ToListAsync(ct);
        var notifications = desk.Select(user => NotificationService.Create(user, key, args, link, now)).ToList();
        db.Notifications.AddRange(notifications);
        return notifications;
    }

    private static string Quote(InboundMessage message) =>
        Clip(string.IsNullOrWhiteSpace(message.Body) ? message.ButtonPayload : message.Body.Trim(), QuoteChars) ?? "";

    private static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..(max - 1)] + "…";
}
