using System.Globalization;
using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Messaging;
using ClinicApp.Features.Reminders;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Demo;

/// <summary>WhatsApp as a hospital that has used it for a while would show it: reminders of the demo
/// agenda's appointments from yesterday to the next days in every state (waiting for their hour,
/// sent, delivered, read, one refused by WhatsApp with Twilio's 63016), and the tutors' replies that
/// changed the agenda (a confirmation, a cancellation) or wait for reception (a question, unread).
/// The hospital's Twilio account stays unconfigured: in Development what would be sent is kept in
/// the outbox folder. Texts are the app's default templates in the hospital's language.</summary>
public static class MessagingDemo
{
    /// <summary>Lead times of the demo hospitals' reminders: three days ahead as well as the default 24 h
    /// and 2 h, so that seeding on a Saturday evening still finds upcoming appointments (Monday's) whose
    /// reminder went out and can have a reply. The settings row says the same, so the scan agrees.</summary>
    private static readonly int[] LeadHours = [72, 24, 2];

    /// <summary>Twilio's error 63016, as its API words it.</summary>
    public const string OutsideWindowCode = "63016";

    public const string OutsideWindowError =
        "Twilio 63016: Failed to send freeform message because you are outside the allowed window. Please use a Template.";

    /// <summary>The key the reminder scan gives a reminder: one per appointment, lead time and start.</summary>
    public static string ReminderKey(Guid appointmentId, int leadHours, DateTime startUtc) =>
        ReminderKeys.Appointment(appointmentId, leadHours, startUtc);

    public static async Task SeedAsync(ClinicDbContext db, TenantInfo hospital, DateTime utcNow, CancellationToken ct)
    {
        if (await db.OutboxMessages.AnyAsync(m => m.Channel == OutboxChannel.WhatsApp, ct) || await db.InboundMessages.AnyAsync(ct))
        {
            return;
        }

        if (!await db.MessagingSettings.AnyAsync(ct))
        {
            db.MessagingSettings.Add(new MessagingSettings { ReminderLeadHours = string.Join(',', LeadHours) });
        }

        var zone = hospital.TimeZone;
        var culture = CultureInfo.GetCultureInfo(hospital.Culture);
        var today = DateOnly.FromDateTime(HospitalTime.ToLocal(utcNow, zone));
        var from = HospitalTime.ToUtc(today.AddDays(-1).ToDateTime(TimeOnly.MinValue), zone);
        var until = HospitalTime.ToUtc(today.AddDays(3).ToDateTime(TimeOnly.MinValue), zone);
        var vets = await (from u in db.Users
                          join ur in db.UserRoles on u.Id equals ur.UserId
                          join r in db.Roles on ur.RoleId equals r.Id
                          where r.Name == Roles.Veterinarian
                          select new { u.Id, u.DisplayName }).ToDictionaryAsync(v => v.Id, v => v.DisplayName, ct);
        var appointments = await db.Appointments.Include(a => a.Slots).Include(a => a.Pet).Include(a => a.Tutor)
            .Where(a => a.Start >= from && a.Start < until && a.Status != AppointmentStatus.Cancelled && a.Status != AppointmentStatus.NoShow)
            .OrderBy(a => a.Start).ToListAsync(ct);
        var reachable = appointments.Where(a => ReminderReach.Check(a.Tutor!) is null).ToList();

        var rows = new List<(OutboxMessage Row, DateTime QueuedAt)>();
        var sentStates = new DeliveryStatus?[] { DeliveryStatus.Read, DeliveryStatus.Delivered, DeliveryStatus.Read, null, DeliveryStatus.Delivered };
        var failed = false;
        foreach (var appointment in reachable)
        {
            foreach (var lead in LeadHours)
            {
                var due = appointment.Start.AddHours(-lead);
                if (due < from)
                {
                    continue;
                }

                var local = HospitalTime.ToLocal(appointment.Start, zone);
                var message = MessageTemplates.Fill(MessageTemplates.Default(MessageKind.AppointmentReminder, hospital.Culture), new MessageValues(
                    Tutor: appointment.Tutor!.Name.Split(' ')[0],
                    Pet: appointment.Pet!.Name,
                    Date: local.ToString("dd/MM", culture),
                    Time: local.ToString("t", culture),
                    Vet: vets.GetValueOrDefault(appointment.VeterinarianId, ""),
                    Hospital: hospital.Name));
                var row = WhatsAppOutbox.Add(db, new WhatsAppDraft(appointment.TutorId, WhatsAppNumbers.Address(appointment.Tutor.Phone)!,
                    MessageKind.AppointmentReminder, new RenderedMessage(message, null, null), AppointmentId: appointment.Id,
                    ReminderKey: ReminderKey(appointment.Id, lead, appointment.Start)));
                if (due > utcNow)
                {
                    // Its hour has not come: the dispatcher takes it then.
                    row.NotBefore(due);
                }
                else if (!failed && lead == 24)
                {
                    // The tutor had not written in 24 hours and there is no approved template: WhatsApp refuses free text.
                    row.FailPermanently(OutsideWindowError, OutsideWindowCode);
                    failed = true;
                }
                else
                {
                    row.MarkSent($"SM{Guid.CreateVersion7():N}", due);
                    var state = sentStates[rows.Count % sentStates.Length];
                    if (state is not null)
                    {
                        row.RecordDelivery(DeliveryStatus.Delivered, null, due.AddSeconds(4));
                        if (state == DeliveryStatus.Read)
                        {
                            row.RecordDelivery(DeliveryStatus.Read, null, due.AddMinutes(7));
                        }
                    }
                    else
                    {
                        row.RecordDelivery(DeliveryStatus.Sent, null, due.AddSeconds(2));
                    }
                }

                rows.Add((row, due < utcNow ? due : utcNow));
            }
        }

        var inbound = Replies(db, rows.Select(r => r.Row).ToList(), reachable, utcNow);
        await db.SaveChangesAsync(ct);

        // The save stamps every row "now": each reminder was queued at its hour.
        foreach (var (row, queuedAt) in rows)
        {
            await db.OutboxMessages.Where(m => m.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, queuedAt), ct);
        }

        foreach (var reply in inbound)
        {
            await db.InboundMessages.Where(m => m.Id == reply.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, reply.ReceivedAt), ct);
        }
    }

    /// <summary>Replies to reminders the tutors got (a reply means they read it): one confirms, one cancels
    /// (the appointment frees its time and its later reminder is cancelled), one asks a question nobody
    /// has read yet.</summary>
    private static List<InboundMessage> Replies(ClinicDbContext db, List<OutboxMessage> reminders, List<Appointment> appointments, DateTime utcNow)
    {
        var got = reminders
            .Where(r => r.Status == OutboxStatus.Sent && r.SentAt < utcNow)
            .Select(r => (Reminder: r, Appointment: appointments.First(a => a.Id == r.AppointmentId)))
            .OrderByDescending(x => x.Reminder.Delivery == DeliveryStatus.Read)
            .ThenBy(x => x.Appointment.Start)
            .ToList();
        var read = got
            .Where(x => x.Appointment.Start > utcNow && x.Appointment.Status == AppointmentStatus.Scheduled)
            .DistinctBy(x => x.Appointment.TutorId)
            .Take(2)
            .ToList();
        var asking = got.FirstOrDefault(x => read.All(r => r.Appointment.TutorId != x.Appointment.TutorId));
        var replies = new List<InboundMessage>();
        InboundMessage Reply(OutboxMessage reminder, Appointment appointment, string body, InboundOutcome outcome, string? button = null)
        {
            var at = reminder.SentAt!.Value.AddMinutes(12 + (replies.Count * 9));
            at = at < utcNow ? at : utcNow;
            reminder.RecordDelivery(DeliveryStatus.Read, null, at.AddMinutes(-1));
            var reply = new InboundMessage
            {
                MessageSid = $"SM{Guid.CreateVersion7():N}",
                From = reminder.To,
                Body = body,
                ButtonPayload = button,
                ReceivedAt = at,
                TutorId = appointment.TutorId,
                AppointmentId = appointment.Id,
                Outcome = outcome,
            };
            db.InboundMessages.Add(reply);
            replies.Add(reply);
            return reply;
        }

        if (read.ElementAtOrDefault(0) is { Reminder: not null } confirm)
        {
            var reply = Reply(confirm.Reminder, confirm.Appointment, "1", InboundOutcome.Confirmed);
            confirm.Appointment.ChangeStatus(AppointmentStatus.Confirmed, reply.ReceivedAt);
        }

        if (read.ElementAtOrDefault(1) is { Reminder: not null } cancel)
        {
            var reply = Reply(cancel.Reminder, cancel.Appointment, "Não vou conseguir levar, pode cancelar", InboundOutcome.Cancelled, "cancel");
            cancel.Appointment.ChangeStatus(AppointmentStatus.Cancelled, reply.ReceivedAt, "Cancelado pelo tutor por WhatsApp", AppointmentSource.WhatsApp);
            cancel.Appointment.SyncSlots();
            foreach (var pending in reminders.Where(r => r.AppointmentId == cancel.Appointment.Id && r.IsUnsent))
            {
                pending.Cancel();
            }
        }

        if (asking is { Reminder: not null } question)
        {
            Reply(question.Reminder, question.Appointment, "Bom dia! Ele precisa ir em jejum para o exame de sangue?", InboundOutcome.Kept);
        }

        return replies;
    }
}
