using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Agenda;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicApp.Tests.Support.Desk;

namespace ClinicApp.Tests.Integration.Agenda;

/// <summary>The agenda's promises against the real services and SQLite files.</summary>
[Collection(AppCollection.Name)]
public sealed class BookingTests(AppFixture fixture)
{
    // SlotTaken: the winner's row was not visible yet when the loser asked who holds the time.
    private static readonly string[] VetConflicts = ["Agenda.Error.VetBusy", "Agenda.Error.SlotTaken"];
    private static readonly string[] RoomConflicts = ["Agenda.Error.RoomBusy", "Agenda.Error.SlotTaken"];

    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task Parallel_bookings_of_one_vets_slot_from_separate_desks_let_exactly_one_win()
    {
        await using var setup = await AsAsync(_app, "aurora");
        var vet = await setup.NewVetAsync();
        var start = setup.FutureSlot(weeksAhead: 4);
        var pets = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            pets.Add(await setup.NewPetAsync());
        }

        // Eight receptionists, each with their own scope and connection, save at the same instant;
        // the slots are overlapping but not identical (10:00, 10:05, … for 30 minutes).
        var desks = new List<Desk>();
        for (var i = 0; i < pets.Count; i++)
        {
            desks.Add(await AsAsync(_app, "aurora"));
        }

        using var gate = new ManualResetEventSlim();
        var attempts = desks.Select((desk, i) => Task.Run(async () =>
        {
            gate.Wait();
            try
            {
                return (Id: (Guid?)await desk.Agenda.BookAsync(Booking(pets[i], vet, start.AddMinutes(5 * (i % 3)))), Error: (DomainRuleException?)null);
            }
            catch (DomainRuleException e)
            {
                return (Id: (Guid?)null, Error: e);
            }
        })).ToList();
        gate.Set();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, r => r.Id is not null);
        Assert.All(results.Where(r => r.Id is null), r => Assert.Contains(r.Error!.Message, VetConflicts));
        await using var db = await setup.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        Assert.Equal(1, await db.Appointments.CountAsync(a => a.VeterinarianId == vet));
        foreach (var desk in desks)
        {
            await desk.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_vets_cannot_hold_the_same_room_at_the_same_time_even_in_parallel()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var (vetA, vetB, room) = (await desk.NewVetAsync(), await desk.NewVetAsync(), await desk.NewRoomAsync());
        var (petA, petB) = (await desk.NewPetAsync(), await desk.NewPetAsync());
        await using var other = await AsAsync(_app, "aurora");
        var start = desk.FutureSlot(weeksAhead: 5);

        var results = await Task.WhenAll(
            Refusals.CaptureAsync(desk.Agenda.BookAsync(Booking(petA, vetA, start, 30, room))),
            Refusals.CaptureAsync(other.Agenda.BookAsync(Booking(petB, vetB, start.AddMinutes(15), 30, room))));

        Assert.Single(results, r => r is null);
        Assert.Contains(results.Single(r => r is not null)!.Message, RoomConflicts);
    }

    [Fact]
    public async Task An_overlap_is_refused_naming_who_holds_the_time_and_changes_nothing()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var vet = await desk.NewVetAsync();
        var (first, second) = (await desk.NewPetAsync(name: "Thor"), await desk.NewPetAsync());
        var start = desk.FutureSlot(weeksAhead: 6);
        await desk.Agenda.BookAsync(Booking(first, vet, start, 30));

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Agenda.BookAsync(Booking(second, vet, start.AddMinutes(25), 30)));

        Assert.Equal("Agenda.Error.VetBusy", refusal.Message);
        Assert.Equal($"{start:HH:mm}–{start.AddMinutes(30):HH:mm}", refusal.Arguments[1]);
        Assert.Equal("Thor", refusal.Arguments[2]);
        Assert.Empty(await desk.Agenda.HistoryAsync(second, null));

        // Back to back is fine.
        await desk.Agenda.BookAsync(Booking(second, vet, start.AddMinutes(30), 30));
    }

    [Fact]
    public async Task Cancelling_frees_the_time_and_moving_keeps_the_old_time_when_the_new_one_is_taken()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var vet = await desk.NewVetAsync();
        var (a, b, c) = (await desk.NewPetAsync(), await desk.NewPetAsync(), await desk.NewPetAsync());
        var start = desk.FutureSlot(weeksAhead: 7);
        var first = await desk.Agenda.BookAsync(Booking(a, vet, start, 30));
        var second = await desk.Agenda.BookAsync(Booking(b, vet, start.AddHours(1), 30));

        var item = (await desk.Agenda.GetAsync(second))!;
        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Agenda.RescheduleAsync(second, item.Version, start.AddMinutes(15), 30, vet, null));
        Assert.Equal("Agenda.Error.VetBusy", refusal.Message);
        Assert.Equal(start.AddHours(1), (await desk.Agenda.GetAsync(second))!.Start);

        await Assert.ThrowsAsync<DomainRuleException>(() => desk.Agenda.ChangeStatusAsync(first, AppointmentStatus.Cancelled, reason: " "));
        await desk.Agenda.ChangeStatusAsync(first, AppointmentStatus.Cancelled, "Tutor viajou");
        await desk.Agenda.RescheduleAsync(second, item.Version, start.AddMinutes(15), 45, vet, null);
        await desk.Agenda.BookAsync(Booking(c, vet, start.AddHours(1), 30));

        var moved = (await desk.Agenda.GetAsync(second))!;
        Assert.Equal((start.AddMinutes(15), 45), (moved.Start, moved.DurationMinutes));
    }

    [Fact]
    public async Task A_stale_version_cannot_move_an_appointment()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var vet = await desk.NewVetAsync();
        var start = desk.FutureSlot(weeksAhead: 8);
        var id = await desk.Agenda.BookAsync(Booking(await desk.NewPetAsync(), vet, start));
        var stale = (await desk.Agenda.GetAsync(id))!.Version;
        await desk.Agenda.RescheduleAsync(id, stale, start.AddHours(1), 30, vet, null);

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Agenda.RescheduleAsync(id, stale, start.AddHours(2), 30, vet, null));

        Assert.Equal("Common.Error.Concurrency", refusal.Message);
        Assert.Equal(start.AddHours(1), (await desk.Agenda.GetAsync(id))!.Start);
    }

    [Theory]
    [InlineData("past")]
    [InlineData("before opening")]
    [InlineData("after closing")]
    [InlineData("sunday")]
    [InlineData("not aligned")]
    [InlineData("too long")]
    [InlineData("not a vet")]
    public async Task Bad_times_and_people_are_refused_and_nothing_is_written(string what)
    {
        await using var desk = await AsAsync(_app, "aurora");
        var vet = await desk.NewVetAsync();
        var pet = await desk.NewPetAsync();
        var slot = desk.FutureSlot(weeksAhead: 9);
        var sunday = slot.AddDays(DayOfWeek.Sunday - slot.DayOfWeek + 7);
        var booking = what switch
        {
            "past" => Booking(pet, vet, desk.Time.Now.AddDays(-1).Date.AddHours(10)),
            "before opening" => Booking(pet, vet, slot.Date.AddHours(7).AddMinutes(45)),
            "after closing" => Booking(pet, vet, slot.Date.AddHours(18).AddMinutes(45), 30),
            "sunday" => Booking(pet, vet, sunday.Date.AddHours(10)),
            "not aligned" => Booking(pet, vet, slot.AddMinutes(3)),
            "too long" => Booking(pet, vet, slot.Date.AddHours(8), 9 * 60),
            _ => Booking(pet, await desk.NewUserAsync(Roles.Nurse), slot),
        };

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Agenda.BookAsync(booking));

        Assert.StartsWith("Agenda.Error.", refusal.Message, StringComparison.Ordinal);
        Assert.Empty(await desk.Agenda.HistoryAsync(pet, null));
    }

    [Fact]
    public async Task The_workflow_refuses_a_skipped_step_and_a_repeated_check_in_changes_nothing()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var vet = await desk.NewVetAsync();
        var id = await desk.Agenda.BookAsync(Booking(await desk.NewPetAsync(), vet, desk.FutureSlot(weeksAhead: 10)));

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Agenda.ChangeStatusAsync(id, AppointmentStatus.Completed));
        Assert.Equal("Common.Error.NotAllowed", refusal.Message); // completing is the vet's, and not from Scheduled anyway

        await using var vetDesk = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var skipped = await Assert.ThrowsAsync<DomainRuleException>(() => vetDesk.Agenda.ChangeStatusAsync(id, AppointmentStatus.Completed));
        Assert.Equal("Agenda.Error.Transition", skipped.Message);

        await desk.Agenda.ChangeStatusAsync(id, AppointmentStatus.CheckedIn);
        var checkedInAt = (await desk.Agenda.GetAsync(id))!.CheckedInAt;
        await Task.WhenAll(desk.Agenda.ChangeStatusAsync(id, AppointmentStatus.CheckedIn), vetDesk.Agenda.ChangeStatusAsync(id, AppointmentStatus.CheckedIn));

        var item = (await desk.Agenda.GetAsync(id))!;
        Assert.Equal((AppointmentStatus.CheckedIn, checkedInAt), (item.Status, item.CheckedInAt));
        await Assert.ThrowsAsync<DomainRuleException>(() => desk.Agenda.RescheduleAsync(id, item.Version, item.Start.AddHours(1), 30, vet, null));
    }

    [Fact]
    public async Task A_nurse_may_look_but_not_book()
    {
        await using var nurse = await AsAsync(_app, "aurora", Roles.Nurse);
        await using var desk = await AsAsync(_app, "aurora");
        var pet = await desk.NewPetAsync();

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => nurse.Agenda.BookAsync(Booking(pet, Guid.NewGuid(), nurse.FutureSlot())));

        Assert.Equal("Common.Error.NotAllowed", refusal.Message);
        Assert.NotNull(await nurse.Agenda.ViewAsync(nurse.Time.Today, 1));
    }

    [Fact]
    public async Task A_booking_is_announced_to_its_hospital_only_and_is_invisible_from_the_other()
    {
        await using var aurora = await AsAsync(_app, "aurora");
        await using var boavista = await AsAsync(_app, "boavista");
        var seenInAurora = new List<AppointmentChanged>();
        var seenInBoavista = new List<AppointmentChanged>();
        using var a = aurora.Services.GetRequiredService<HospitalEvents>().Subscribe<AppointmentChanged>(e => { lock (seenInAurora) { seenInAurora.Add(e); } return Task.CompletedTask; });
        using var b = boavista.Services.GetRequiredService<HospitalEvents>().Subscribe<AppointmentChanged>(e => { lock (seenInBoavista) { seenInBoavista.Add(e); } return Task.CompletedTask; });
        var vet = await aurora.NewVetAsync();
        var pet = await aurora.NewPetAsync();
        var start = aurora.FutureSlot(weeksAhead: 11);

        var id = await aurora.Agenda.BookAsync(Booking(pet, vet, start));

        Assert.Contains(seenInAurora, e => e.AppointmentId == id && e.Change == AppointmentChange.Booked && e.Day == DateOnly.FromDateTime(start));
        Assert.DoesNotContain(seenInBoavista, e => e.AppointmentId == id);
        Assert.Null(await boavista.Agenda.GetAsync(id));
        Assert.DoesNotContain((await boavista.Agenda.ViewAsync(DateOnly.FromDateTime(start), 1)).Items, i => i.Id == id);

        // Boavista cannot book aurora's vet or pet either: they do not exist there.
        await Assert.ThrowsAsync<DomainRuleException>(() => boavista.Agenda.BookAsync(Booking(pet, vet, start.AddHours(2))));
    }
}
