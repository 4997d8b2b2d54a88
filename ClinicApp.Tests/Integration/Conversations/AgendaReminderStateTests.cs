using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Agenda;
using ClinicApp.Features.Conversations;
using ClinicApp.Features.Messaging;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicApp.Tests.Support.Desk;

namespace ClinicApp.Tests.Integration.Conversations;

/// <summary>The agenda's view carries each shown appointment's reminder state, read from the outbox,
/// the appointment and its tutor; and an open agenda reloads when one of its reminders changes.</summary>
[Collection(AppCollection.Name)]
public sealed class AgendaReminderStateTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task The_agenda_view_has_the_reminder_state_of_each_shown_appointment()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var vet = await desk.NewVetAsync();
        var start = desk.FutureSlot(weeksAhead: 7);
        var reachable = await desk.NewReachableTutorAsync();
        var unreachable = await desk.NewTutorAsync(phone: "+551133334444");
        var read = await desk.Agenda.BookAsync(Booking(await desk.NewPetAsync(reachable), vet, start));
        var failed = await desk.Agenda.BookAsync(Booking(await desk.NewPetAsync(reachable), vet, start.AddHours(1)));
        var waiting = await desk.Agenda.BookAsync(Booking(await desk.NewPetAsync(reachable), vet, start.AddHours(2)));
        var notReached = await desk.Agenda.BookAsync(Booking(await desk.NewPetAsync(unreachable), vet, start.AddHours(3)));
        var nothing = await desk.Agenda.BookAsync(Booking(await desk.NewPetAsync(reachable), vet, start.AddHours(4)));
        await desk.NewOutboundAsync(reachable, "read", read);
        await desk.NewOutboundAsync(reachable, "failed", failed, code: "63016");
        await desk.NewOutboundAsync(reachable, "pending", waiting);
        // Not a reminder: a payment link about the same appointment says nothing of its reminder.
        await desk.NewOutboundAsync(reachable, "failed", nothing, kind: MessageKind.PaymentLink);

        var view = await desk.Agenda.ViewAsync(DateOnly.FromDateTime(start), 1);

        Assert.Equal((ReminderStage.Read.ToString(), false), (view.MarkOf(read)!.State, view.MarkOf(read)!.ReplacesStatus));
        Assert.Equal(ReminderStage.Failed.ToString(), view.MarkOf(failed)!.State);
        Assert.Contains("63016", view.MarkOf(failed)!.Text, StringComparison.Ordinal);
        Assert.Equal(ReminderStage.Scheduled.ToString(), view.MarkOf(waiting)!.State);
        Assert.Equal(ReminderStage.NotReached.ToString(), view.MarkOf(notReached)!.State);
        Assert.Null(view.MarkOf(nothing));
        Assert.Equal(ReminderStage.Read.ToString(), (await desk.Agenda.MarkAsync(read))!.State);
    }

    [Fact]
    public async Task A_reply_that_confirms_or_cancels_shows_as_the_tutors_answer()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var vet = await desk.NewVetAsync();
        var start = desk.FutureSlot(weeksAhead: 7, hour: 15);
        var tutor = await desk.NewReachableTutorAsync();
        var confirmed = await desk.Agenda.BookAsync(Booking(await desk.NewPetAsync(tutor), vet, start));
        var cancelled = await desk.Agenda.BookAsync(Booking(await desk.NewPetAsync(tutor), vet, start.AddHours(1)));
        await desk.NewOutboundAsync(tutor, "read", confirmed);
        await desk.NewOutboundAsync(tutor, "read", cancelled);
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            // As the inbound webhook leaves them (its own tests cover how it gets there).
            var now = desk.Time.UtcNow;
            (await db.Appointments.SingleAsync(a => a.Id == confirmed)).ChangeStatus(AppointmentStatus.Confirmed, now);
            (await db.Appointments.SingleAsync(a => a.Id == cancelled)).ChangeStatus(AppointmentStatus.Cancelled, now, "Cancelado pelo tutor", AppointmentSource.WhatsApp);
            await db.SaveChangesAsync();
        }

        var view = await desk.Agenda.ViewAsync(DateOnly.FromDateTime(start), 1);

        Assert.Equal((ReminderStage.Confirmed.ToString(), true), (view.MarkOf(confirmed)!.State, view.MarkOf(confirmed)!.ReplacesStatus));
        Assert.Equal((ReminderStage.CancelledByTutor.ToString(), true), (view.MarkOf(cancelled)!.State, view.MarkOf(cancelled)!.ReplacesStatus));
    }

    [Fact]
    public async Task An_open_agenda_reloads_when_a_reminder_of_an_appointment_it_shows_changes_and_not_for_others()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var vet = await desk.NewVetAsync();
        var start = desk.FutureSlot(weeksAhead: 7, hour: 17);
        var shown = await desk.Agenda.BookAsync(Booking(await desk.NewPetAsync(), vet, start));
        var live = desk.Services.GetRequiredService<LiveUpdates>();
        var events = desk.Services.GetRequiredService<HospitalEvents>();
        var reloads = 0;
        var reloaded = new SemaphoreSlim(0);
        using var view = live.Start(work => work(), () =>
        {
            Interlocked.Increment(ref reloads);
            reloaded.Release();
            return Task.CompletedTask;
        });
        desk.Agenda.ListenToMarks(view, id => id == shown);

        await events.PublishAsync(new MessageStatusChanged(Guid.NewGuid(), null, Guid.NewGuid()));
        await events.PublishAsync(new MessageReceived(Guid.NewGuid(), null, null));
        await events.PublishAsync(new MessageStatusChanged(Guid.NewGuid(), null, shown));

        Assert.True(await reloaded.WaitAsync(TimeSpan.FromSeconds(5)));
        await events.PublishAsync(new MessageReceived(Guid.NewGuid(), null, shown));
        Assert.True(await reloaded.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(await reloaded.WaitAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(2, reloads);
    }
}
