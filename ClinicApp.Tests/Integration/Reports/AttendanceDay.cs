using ClinicApp.Data.Billing;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Reports;

/// <summary>A day of a hospital long ago (no demo or other test touches it) with one appointment in
/// every outcome, reminders in every state and replies, plus rows just outside the day that must not
/// count. The figures the report must show are worked out here by hand.</summary>
public sealed class AttendanceDay
{
    private static int _year = Random.Shared.Next(0, 1300);

    public required DateOnly Day { get; init; }

    public required Guid VetId { get; init; }

    /// <summary>The pets' names by outcome (each pet has one appointment of the day).</summary>
    public required IReadOnlyDictionary<AppointmentStatus, string> Pets { get; init; }

    public required string CancelledByTutorPet { get; init; }

    public required string ReachableTutor { get; init; }

    /// <summary>A past day no other test of this run uses: a different day of 2001–2011 each time, three
    /// apart, so that the rows a seeded day puts just outside itself never land on another test's day.</summary>
    public static DateOnly UnusedDay() => new DateOnly(2001, 1, 1).AddDays(3 * (Interlocked.Increment(ref _year) % 1300));

    public static async Task<AttendanceDay> SeedAsync(Desk desk, DateOnly? day = null)
    {
        var date = day ?? UnusedDay();
        var zone = desk.Hospital.TimeZone;
        DateTime At(DateOnly d, int hour, int minute = 0) => HospitalTime.ToUtc(d.ToDateTime(new TimeOnly(hour, minute)), zone);

        var vet = await desk.NewVetAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var reachable = await desk.Tutors.SaveAsync(null, new TutorInput
        {
            Name = $"Luana Reis {suffix}", Cpf = Desk.NewCpf(), Phone = $"+55119{Random.Shared.Next(80000000, 99999999)}",
            WhatsAppOptIn = true, RemindersConsent = true,
        });
        var unreachable = await desk.Tutors.SaveAsync(null, new TutorInput { Name = $"Otávio Prado {suffix}", Cpf = Desk.NewCpf() });

        // One appointment per outcome; the tutor without consent holds two that still count as not reached.
        (AppointmentStatus Status, Guid Tutor, string Pet)[] plan =
        [
            (AppointmentStatus.Completed, reachable, $"Amora {suffix}"),
            (AppointmentStatus.CheckedIn, unreachable, $"Biscoito {suffix}"),
            (AppointmentStatus.InProgress, reachable, $"Cacau {suffix}"),
            (AppointmentStatus.NoShow, reachable, $"Duque {suffix}"),
            (AppointmentStatus.Cancelled, unreachable, $"Estopa {suffix}"),
            (AppointmentStatus.Confirmed, reachable, $"Frida {suffix}"),
            (AppointmentStatus.Scheduled, unreachable, $"Gaia {suffix}"),
        ];
        var byTutorPet = $"Hulk {suffix}";
        var pets = new Dictionary<AppointmentStatus, string>();
        var appointments = new List<Appointment>();
        var slot = 0;

        async Task<Appointment> BookAsync(Guid tutor, string petName, DateTime startUtc)
        {
            var pet = await desk.NewPetAsync(tutor, petName);
            var appointment = new Appointment { PetId = pet, TutorId = tutor, VeterinarianId = vet, Type = AppointmentType.Consultation };
            appointment.SetTime(startUtc, 30);
            appointment.Open(startUtc.AddDays(-3));
            appointments.Add(appointment);
            return appointment;
        }

        foreach (var (status, tutor, pet) in plan)
        {
            var start = At(date, 8 + slot++);
            var appointment = await BookAsync(tutor, pet, start);
            Advance(appointment, status, start);
            pets[status] = pet;
        }

        var byTutor = await BookAsync(reachable, byTutorPet, At(date, 8 + slot++));
        byTutor.ChangeStatus(AppointmentStatus.Cancelled, byTutor.Start.AddHours(-20), "Cancelado pelo tutor por WhatsApp", AppointmentSource.WhatsApp);

        // Just outside the day, in the hospital's zone: the evening before and the first minute after.
        Advance(await BookAsync(reachable, $"Ontem {suffix}", At(date.AddDays(-1), 23, 30)), AppointmentStatus.Completed, At(date.AddDays(-1), 23, 30));
        Advance(await BookAsync(unreachable, $"Amanhã {suffix}", At(date.AddDays(1), 0, 0)), AppointmentStatus.NoShow, At(date.AddDays(1), 0, 0));

        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        foreach (var appointment in appointments)
        {
            appointment.SyncSlots();
        }

        db.Appointments.AddRange(appointments);

        // Reminders queued that day, one in each state; one of the day before and an e-mail that day do not count.
        var sentAt = At(date, 7);
        var reminders = new List<OutboxMessage>();
        OutboxMessage Reminder(Action<OutboxMessage>? then = null)
        {
            var row = new OutboxMessage
            {
                Channel = OutboxChannel.WhatsApp, To = "whatsapp:+5511999990000", Subject = "Lembrete", Body = "Lembrete",
                Kind = nameof(MessageKind.AppointmentReminder), TutorId = reachable, ReminderKey = $"test:{Guid.NewGuid():N}",
            };
            then?.Invoke(row);
            reminders.Add(row);
            return row;
        }

        // Pending, held back so that the running dispatcher leaves it alone.
        Reminder(r => r.NotBefore(DateTime.UtcNow.AddYears(1)));
        Reminder(r => r.MarkSent("SM1", sentAt));
        Reminder(r => { r.MarkSent("SM2", sentAt); r.RecordDelivery(DeliveryStatus.Delivered, null, sentAt); });
        Reminder(r => { r.MarkSent("SM3", sentAt); r.RecordDelivery(DeliveryStatus.Delivered, null, sentAt); r.RecordDelivery(DeliveryStatus.Read, null, sentAt); });
        Reminder(r => r.FailPermanently("Twilio 63016: outside the allowed window", "63016"));
        Reminder(r => { r.MarkSent("SM4", sentAt); r.RecordDelivery(DeliveryStatus.Undelivered, "63024", sentAt); });
        Reminder(r => r.Cancel());
        Reminder(r => r.Keep("kept.eml"));
        var dayBefore = Reminder(r => r.MarkSent("SM5", sentAt));
        var email = new OutboxMessage { Channel = OutboxChannel.Email, To = "x@test.vet", Subject = "Recibo", Kind = nameof(MessageKind.AppointmentReminder) };
        db.OutboxMessages.AddRange(reminders);
        db.OutboxMessages.Add(email);

        InboundMessage Reply(InboundOutcome outcome, DateTime at) => new()
        {
            MessageSid = $"SM{Guid.NewGuid():N}", From = "whatsapp:+5511999990000", Body = "1", ReceivedAt = at, TutorId = reachable, Outcome = outcome,
        };
        db.InboundMessages.AddRange(
            Reply(InboundOutcome.Confirmed, At(date, 9)),
            Reply(InboundOutcome.Confirmed, At(date, 21)),
            Reply(InboundOutcome.Cancelled, At(date, 10)),
            Reply(InboundOutcome.Confirmed, At(date.AddDays(-1), 23, 59)));
        await db.SaveChangesAsync();

        // The save stamps "now"; the rows were queued on their day.
        var ids = reminders.Where(r => r != dayBefore).Select(r => r.Id).Append(email.Id).ToList();
        await db.OutboxMessages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, At(date, 6)));
        await db.OutboxMessages.Where(m => m.Id == dayBefore.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, At(date, 0).AddMinutes(-1)));

        return new AttendanceDay
        {
            Day = date, VetId = vet, Pets = pets, CancelledByTutorPet = byTutorPet, ReachableTutor = $"Luana Reis {suffix}",
        };
    }

    private static void Advance(Appointment appointment, AppointmentStatus to, DateTime start)
    {
        AppointmentStatus[] path = to switch
        {
            AppointmentStatus.Completed => [AppointmentStatus.CheckedIn, AppointmentStatus.InProgress, AppointmentStatus.Completed],
            AppointmentStatus.InProgress => [AppointmentStatus.CheckedIn, AppointmentStatus.InProgress],
            AppointmentStatus.CheckedIn => [AppointmentStatus.CheckedIn],
            AppointmentStatus.NoShow => [AppointmentStatus.NoShow],
            AppointmentStatus.Confirmed => [AppointmentStatus.Confirmed],
            AppointmentStatus.Cancelled => [AppointmentStatus.Cancelled],
            _ => [],
        };
        foreach (var status in path)
        {
            appointment.ChangeStatus(status, start, status == AppointmentStatus.Cancelled ? "Tutor ligou para desmarcar" : null);
        }
    }
}
