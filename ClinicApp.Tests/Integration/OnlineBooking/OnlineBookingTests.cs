using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Agenda;
using ClinicApp.Features.OnlineBooking;
using ClinicApp.Features.Portal;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicApp.Tests.Integration.OnlineBooking.OnlineBookingApp;

namespace ClinicApp.Tests.Integration.OnlineBooking;

/// <summary>Issue 15, online booking: free times on the agenda's own rules, a tutor booking through the
/// desk's path (the slot rows settle a race with the desk), confirming and cancelling until the cut-off,
/// and nobody reaching another tutor's pets or appointments.</summary>
[Collection(OnlineBookingCollection.Name)]
public sealed class OnlineBookingTests(OnlineBookingApp fixture)
{
    private static readonly string[] DeskLost = ["Agenda.Error.VetBusy", "Agenda.Error.SlotTaken"];

    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task Free_times_start_on_the_grid_inside_the_hours_and_around_the_vets_bookings()
    {
        await using var desk = await Desk.AsAsync(_app, fixture.Slug);
        var vet = await desk.NewVetAsync();
        var monday = Monday(desk, weeksAhead: 3);
        await desk.Agenda.BookAsync(Desk.Booking(await desk.NewPetAsync(), vet, monday.ToDateTime(new TimeOnly(10, 0)), 30));
        var tutor = await PortalTutors.CreateAsync(_app, fixture.Slug);
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);

        // 06:00 that Monday: the lead hour ends before the opening.
        var booking = BookingAt(scope, desk.Time.ToUtc(monday.ToDateTime(new TimeOnly(6, 0))));
        var days = await booking.FreeTimesAsync(AppointmentType.Consultation, vet, monday, 1);

        // 30 minutes every 15 from 08:00, the last ending at 19:00; none overlapping 10:00–10:30.
        var expected = Enumerable.Range(0, 43).Select(i => monday.ToDateTime(new TimeOnly(8, 0)).AddMinutes(15 * i))
            .Where(t => t.AddMinutes(30) <= monday.ToDateTime(new TimeOnly(10, 0)) || t >= monday.ToDateTime(new TimeOnly(10, 30)))
            .ToList();
        var day = Assert.Single(days);
        Assert.Equal(monday, day.Day);
        Assert.Equal(expected, day.Times.Select(t => t.Start).ToList());
        Assert.Equal(40, day.Times.Count);
        Assert.All(day.Times, t => Assert.Equal([vet], t.Veterinarians));

        // A vaccination (15 minutes) fits 09:45 and 10:30 but still not 10:00 or 10:15.
        var vaccination = (await booking.FreeTimesAsync(AppointmentType.Vaccination, vet, monday, 1)).Single().Times.Select(t => TimeOnly.FromDateTime(t.Start)).ToList();
        Assert.Contains(new TimeOnly(9, 45), vaccination);
        Assert.DoesNotContain(new TimeOnly(10, 0), vaccination);
        Assert.DoesNotContain(new TimeOnly(10, 15), vaccination);
        Assert.Equal(new TimeOnly(18, 45), vaccination[^1]);
    }

    [Fact]
    public async Task Free_times_leave_out_the_past_the_next_hour_and_closed_days()
    {
        await using var desk = await Desk.AsAsync(_app, fixture.Slug);
        var vet = await desk.NewVetAsync();
        var saturday = Monday(desk, weeksAhead: 2).AddDays(5);
        var tutor = await PortalTutors.CreateAsync(_app, fixture.Slug);
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);

        // Saturday 14:10: nothing before 15:10, so the first grid line is 15:15; Sunday is closed.
        var booking = BookingAt(scope, desk.Time.ToUtc(saturday.ToDateTime(new TimeOnly(14, 10))));
        var days = await booking.FreeTimesAsync(AppointmentType.Consultation, vet, saturday.AddDays(-3), 6);

        Assert.Equal([saturday, saturday.AddDays(2)], days.Select(d => d.Day).ToList());
        Assert.Equal(saturday.ToDateTime(new TimeOnly(15, 15)), days[0].Times[0].Start);
        Assert.Equal(saturday.AddDays(2).ToDateTime(new TimeOnly(8, 0)), days[1].Times[0].Start);
    }

    [Fact]
    public async Task Free_times_stop_at_the_horizon_and_the_booking_refuses_a_time_beyond_it()
    {
        var slug = await fixture.NewHospitalAsync();
        await fixture.SetAsync(slug, horizonDays: 2);
        await using var desk = await Desk.AsAsync(_app, slug);
        var vet = await desk.NewVetAsync();
        var tutor = await PortalTutors.CreateAsync(_app, slug);
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var monday = Monday(desk, weeksAhead: 2);
        var booking = BookingAt(scope, desk.Time.ToUtc(monday.ToDateTime(new TimeOnly(7, 0))));

        var days = await booking.FreeTimesAsync(AppointmentType.Consultation, null, monday, 14);

        Assert.Equal([monday, monday.AddDays(1), monday.AddDays(2)], days.Select(d => d.Day).ToList());
        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => booking.BookAsync(Input(tutor.PetId, monday.AddDays(3).ToDateTime(new TimeOnly(10, 0)), vet)));
        Assert.Equal("Booking.Error.TimeNotOffered", refusal.Message);
    }

    [Theory]
    [InlineData(10, 5)] // off the 15-minute grid
    [InlineData(18, 45)] // a 30-minute consultation would end after closing
    [InlineData(7, 45)] // before opening
    public async Task A_time_the_portal_does_not_offer_is_refused_and_nothing_is_booked(int hour, int minute)
    {
        await using var desk = await Desk.AsAsync(_app, fixture.Slug);
        var vet = await desk.NewVetAsync();
        var tutor = await PortalTutors.CreateAsync(_app, fixture.Slug);
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var monday = Monday(desk, weeksAhead: 2);

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => Booking(scope).BookAsync(Input(tutor.PetId, monday.ToDateTime(new TimeOnly(hour, minute)), vet)));

        Assert.Equal("Booking.Error.TimeNotOffered", refusal.Message);
        Assert.Equal(0, await CountAsync(desk, a => a.VeterinarianId == vet));
    }

    [Fact]
    public async Task A_time_within_the_next_hour_and_a_sunday_are_refused()
    {
        await using var desk = await Desk.AsAsync(_app, fixture.Slug);
        var vet = await desk.NewVetAsync();
        var tutor = await PortalTutors.CreateAsync(_app, fixture.Slug);
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var monday = Monday(desk, weeksAhead: 2);
        var booking = BookingAt(scope, desk.Time.ToUtc(monday.ToDateTime(new TimeOnly(9, 10))));

        var soon = await Assert.ThrowsAsync<DomainRuleException>(() => booking.BookAsync(Input(tutor.PetId, monday.ToDateTime(new TimeOnly(10, 0)), vet)));
        var sunday = await Assert.ThrowsAsync<DomainRuleException>(() => booking.BookAsync(Input(tutor.PetId, monday.AddDays(6).ToDateTime(new TimeOnly(10, 0)), vet)));

        Assert.Equal("Booking.Error.TimeNotOffered", soon.Message);
        Assert.Equal("Booking.Error.TimeNotOffered", sunday.Message);
        var id = await booking.BookAsync(Input(tutor.PetId, monday.ToDateTime(new TimeOnly(10, 15)), vet));
        Assert.Equal(monday.ToDateTime(new TimeOnly(10, 15)), (await desk.Agenda.GetAsync(id))!.Start);
    }

    [Fact]
    public async Task An_online_booking_goes_on_the_agenda_marked_booked_online_and_tells_open_screens()
    {
        await using var desk = await Desk.AsAsync(_app, fixture.Slug);
        var vet = await desk.NewVetAsync();
        var tutor = await PortalTutors.CreateAsync(_app, fixture.Slug);
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var start = desk.FutureSlot(weeksAhead: 2, hour: 11);
        var heard = new List<AppointmentChanged>();
        using var subscription = desk.Services.GetRequiredService<HospitalEvents>()
            .Subscribe<AppointmentChanged>(e => { lock (heard) { heard.Add(e); } return Task.CompletedTask; });

        var id = await Booking(scope).BookAsync(Input(tutor.PetId, start, vet, AppointmentType.Return));

        var item = (await desk.Agenda.ViewAsync(DateOnly.FromDateTime(start), 1)).Items.Single(i => i.Id == id);
        Assert.True(item.BookedOnline);
        Assert.Equal((start, start.AddMinutes(20), vet, tutor.PetId, tutor.TutorId, AppointmentType.Return, AppointmentStatus.Scheduled),
            (item.Start, item.End, item.VeterinarianId, item.PetId, item.TutorId, item.Type, item.Status));
        lock (heard)
        {
            var change = Assert.Single(heard, e => e.AppointmentId == id);
            Assert.Equal((AppointmentChange.Booked, tutor.TutorId), (change.Change, change.TutorId));
        }

        var mine = await Booking(scope).AppointmentsAsync();
        var listed = Assert.Single(mine!.Upcoming);
        Assert.Equal((id, start, AppointmentStatus.Scheduled, true, true, true), (listed.Id, listed.Start, listed.Status, listed.BookedOnline, listed.CanConfirm, listed.CanCancel));
        Assert.Equal(id, (await Booking(scope).NextAsync())!.Appointment!.Id);
    }

    [Fact]
    public async Task The_desk_and_a_tutor_booking_the_same_time_at_once_leave_exactly_one_appointment()
    {
        await using var setup = await Desk.AsAsync(_app, fixture.Slug);
        var vet = await setup.NewVetAsync();
        var deskPet = await setup.NewPetAsync();
        var tutor = await PortalTutors.CreateAsync(_app, fixture.Slug);
        var day = setup.FutureSlot(weeksAhead: 3, hour: 8);
        var outcomes = new List<string>();

        for (var i = 0; i < 12; i++)
        {
            var start = day.AddMinutes(45 * i);
            await using var desk = await Desk.AsAsync(_app, fixture.Slug);
            await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
            var portal = Booking(scope);
            using var gate = new ManualResetEventSlim();
            var deskTry = Task.Run(async () => { gate.Wait(); return await Refusals.CaptureAsync(desk.Agenda.BookAsync(Desk.Booking(deskPet, vet, start, 30))); });
            var portalTry = Task.Run(async () => { gate.Wait(); return await Refusals.CaptureAsync(portal.BookAsync(Input(tutor.PetId, start, vet))); });
            gate.Set();
            var (deskRefusal, portalRefusal) = (await deskTry, await portalTry);

            Assert.True(deskRefusal is null ^ portalRefusal is null, $"exactly one of the two must win at {start:HH:mm}");
            if (portalRefusal is not null)
            {
                Assert.Equal("Booking.Error.Taken", portalRefusal.Message);
                outcomes.Add("desk");
            }
            else
            {
                Assert.Contains(deskRefusal!.Message, DeskLost);
                outcomes.Add("portal");
            }

            var startUtc = setup.Time.ToUtc(start);
            Assert.Equal(1, await CountAsync(setup, a => a.VeterinarianId == vet && a.Start == startUtc));
        }

        Assert.Equal(12, outcomes.Count);
    }

    [Fact]
    public async Task Any_veterinarian_takes_the_free_one_and_a_full_time_is_refused_as_taken()
    {
        var slug = await fixture.NewHospitalAsync();
        await using var desk = await Desk.AsAsync(_app, slug);
        var (busy, free) = (await desk.NewVetAsync(), await desk.NewVetAsync());
        var start = desk.FutureSlot(weeksAhead: 2);
        await desk.Agenda.BookAsync(Desk.Booking(await desk.NewPetAsync(), busy, start, 30));
        var first = await PortalTutors.CreateAsync(_app, slug);
        var second = await PortalTutors.CreateAsync(_app, slug);
        await using var firstScope = await PortalTutors.ScopeAsync(_app, first);
        await using var secondScope = await PortalTutors.ScopeAsync(_app, second);

        var offered = (await Booking(firstScope).FreeTimesAsync(AppointmentType.Consultation, null, DateOnly.FromDateTime(start), 1)).Single();
        Assert.Equal([free], offered.Times.Single(t => t.Start == start).Veterinarians);
        Assert.Equal(new[] { busy, free }.Order(), offered.Times.Single(t => t.Start == start.AddMinutes(30)).Veterinarians.Order());

        var id = await Booking(firstScope).BookAsync(Input(first.PetId, start, null));
        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => Booking(secondScope).BookAsync(Input(second.PetId, start, null)));

        Assert.Equal(free, (await desk.Agenda.GetAsync(id))!.VeterinarianId);
        Assert.Equal("Booking.Error.Taken", refusal.Message);
        Assert.DoesNotContain((await Booking(secondScope).FreeTimesAsync(AppointmentType.Consultation, null, DateOnly.FromDateTime(start), 1)).Single().Times, t => t.Start == start);
    }

    [Fact]
    public async Task Confirming_and_cancelling_are_allowed_until_the_cutoff_and_refused_after_it()
    {
        await using var desk = await Desk.AsAsync(_app, fixture.Slug);
        var vet = await desk.NewVetAsync();
        var tutor = await PortalTutors.CreateAsync(_app, fixture.Slug);
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var start = desk.FutureSlot(weeksAhead: 3, hour: 10);
        var (a, b, c, d) = (await BookForAsync(desk, tutor, vet, start), await BookForAsync(desk, tutor, vet, start.AddHours(1)),
            await BookForAsync(desk, tutor, vet, start.AddHours(2)), await BookForAsync(desk, tutor, vet, start.AddHours(3)));
        DateTime CutoffOf(DateTime local) => desk.Time.ToUtc(local).AddHours(-12);

        // One minute before each one's cut-off: allowed.
        await BookingAt(scope, CutoffOf(start).AddMinutes(-1)).ConfirmAsync(a);
        await BookingAt(scope, CutoffOf(start.AddHours(1)).AddMinutes(-1)).CancelAsync(b, null);

        // One minute after: refused, and the appointments stay as they were.
        var late = BookingAt(scope, CutoffOf(start.AddHours(2)).AddMinutes(1));
        var confirm = await Assert.ThrowsAsync<DomainRuleException>(() => late.ConfirmAsync(c));
        var cancel = await Assert.ThrowsAsync<DomainRuleException>(() => late.CancelAsync(c, "late"));
        var lateList = await late.AppointmentsAsync();

        Assert.Equal(("Booking.Error.Cutoff", 12), (confirm.Message, (int)confirm.Arguments[0]!));
        Assert.Equal("Booking.Error.Cutoff", cancel.Message);
        Assert.Equal(AppointmentStatus.Confirmed, (await desk.Agenda.GetAsync(a))!.Status);
        Assert.Equal(AppointmentStatus.Cancelled, (await desk.Agenda.GetAsync(b))!.Status);
        Assert.Equal(AppointmentStatus.Scheduled, (await desk.Agenda.GetAsync(c))!.Status);
        var shown = lateList!.Upcoming.Single(x => x.Id == c);
        Assert.Equal((false, false, true), (shown.CanConfirm, shown.CanCancel, shown.PastCutoff));
        Assert.True(lateList.Upcoming.Single(x => x.Id == d).CanConfirm);
    }

    [Fact]
    public async Task Cancelling_in_the_portal_frees_the_slot_for_the_desk_and_says_who_cancelled()
    {
        await using var desk = await Desk.AsAsync(_app, fixture.Slug);
        var vet = await desk.NewVetAsync();
        var tutor = await PortalTutors.CreateAsync(_app, fixture.Slug);
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var start = desk.FutureSlot(weeksAhead: 2, hour: 15);
        var id = await Booking(scope).BookAsync(Input(tutor.PetId, start, vet));

        await Booking(scope).CancelAsync(id, "  ");
        var again = await desk.Agenda.BookAsync(Desk.Booking(await desk.NewPetAsync(), vet, start, 30));

        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var cancelled = await db.Appointments.Include(x => x.Slots).SingleAsync(x => x.Id == id);
        Assert.Equal((AppointmentStatus.Cancelled, AppointmentSource.Portal), (cancelled.Status, cancelled.CancelledVia));
        Assert.False(string.IsNullOrWhiteSpace(cancelled.CancellationReason));
        Assert.Empty(cancelled.Slots);
        Assert.Equal(AppointmentStatus.Scheduled, (await desk.Agenda.GetAsync(again))!.Status);
        var mine = await Booking(scope).AppointmentsAsync();
        Assert.Empty(mine!.Upcoming);
        Assert.Equal(AppointmentStatus.Cancelled, Assert.Single(mine.Past).Status);
    }

    [Fact]
    public async Task Another_tutors_pet_and_appointment_and_a_staff_member_all_get_not_found()
    {
        await using var desk = await Desk.AsAsync(_app, fixture.Slug);
        var vet = await desk.NewVetAsync();
        var owner = await PortalTutors.CreateAsync(_app, fixture.Slug);
        var other = await PortalTutors.CreateAsync(_app, fixture.Slug);
        await using var ownerScope = await PortalTutors.ScopeAsync(_app, owner);
        await using var otherScope = await PortalTutors.ScopeAsync(_app, other);
        var start = desk.FutureSlot(weeksAhead: 2, hour: 16);
        var id = await Booking(ownerScope).BookAsync(Input(owner.PetId, start, vet));
        await using var staff = await fixture.StaffScopeAsync(fixture.Slug, Roles.Admin);

        await Assert.ThrowsAsync<PortalNotFoundException>(() => Booking(otherScope).ConfirmAsync(id));
        await Assert.ThrowsAsync<PortalNotFoundException>(() => Booking(otherScope).CancelAsync(id, null));
        await Assert.ThrowsAsync<PortalNotFoundException>(() => Booking(otherScope).BookAsync(Input(owner.PetId, start.AddHours(1), vet)));
        Assert.Empty((await Booking(otherScope).AppointmentsAsync())!.Upcoming);
        await Assert.ThrowsAsync<PortalNotFoundException>(() => Booking(staff).ConfirmAsync(id));
        await Assert.ThrowsAsync<PortalNotFoundException>(() => Booking(staff).BookAsync(Input(owner.PetId, start.AddHours(1), vet)));
        await Assert.ThrowsAsync<PortalNotFoundException>(() => Booking(staff).FreeTimesAsync(AppointmentType.Consultation, vet, DateOnly.FromDateTime(start), 1));
        Assert.Null(await Booking(staff).AppointmentsAsync());
        Assert.Null(await Booking(staff).OptionsAsync());
        Assert.Null(await Booking(staff).NextAsync());

        Assert.Equal(AppointmentStatus.Scheduled, (await desk.Agenda.GetAsync(id))!.Status);
        Assert.Equal(1, await CountAsync(desk, a => a.VeterinarianId == vet));
    }

    [Fact]
    public async Task A_deceased_pet_is_not_offered_nor_bookable()
    {
        await using var desk = await Desk.AsAsync(_app, fixture.Slug, Roles.Veterinarian);
        var vet = await desk.NewVetAsync();
        var tutor = await PortalTutors.CreateAsync(_app, fixture.Slug);
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            await db.Pets.Where(p => p.Id == tutor.PetId).ExecuteUpdateAsync(p => p.SetProperty(x => x.Deceased, true));
        }

        Assert.Empty((await Booking(scope).OptionsAsync())!.Pets);
        await Assert.ThrowsAsync<PortalNotFoundException>(() => Booking(scope).BookAsync(Input(tutor.PetId, desk.FutureSlot(weeksAhead: 2), vet)));
    }

    [Fact]
    public async Task A_type_not_allowed_online_and_booking_switched_off_are_refused()
    {
        var slug = await fixture.NewHospitalAsync();
        await fixture.SetAsync(slug, types: [AppointmentType.Vaccination]);
        await using var desk = await Desk.AsAsync(_app, slug);
        var vet = await desk.NewVetAsync();
        var tutor = await PortalTutors.CreateAsync(_app, slug);
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var start = desk.FutureSlot(weeksAhead: 2);

        Assert.Equal([AppointmentType.Vaccination], (await Booking(scope).OptionsAsync())!.Types);
        var type = await Assert.ThrowsAsync<DomainRuleException>(() => Booking(scope).BookAsync(Input(tutor.PetId, start, vet, AppointmentType.Surgery)));
        var search = await Assert.ThrowsAsync<DomainRuleException>(() => Booking(scope).FreeTimesAsync(AppointmentType.Consultation, vet, DateOnly.FromDateTime(start), 1));
        Assert.Equal("Booking.Error.TypeNotAllowed", type.Message);
        Assert.Equal("Booking.Error.TypeNotAllowed", search.Message);

        await fixture.SetAsync(slug, enabled: false, types: [AppointmentType.Vaccination]);
        var off = await Assert.ThrowsAsync<DomainRuleException>(() => Booking(scope).BookAsync(Input(tutor.PetId, start, vet, AppointmentType.Vaccination)));
        Assert.Equal("Booking.Error.Off", off.Message);
        Assert.False((await Booking(scope).OptionsAsync())!.Enabled);
        Assert.False((await Booking(scope).NextAsync())!.BookingEnabled);
        Assert.Equal(0, await CountAsync(desk, a => a.VeterinarianId == vet));
    }

    [Fact]
    public async Task Only_the_admin_changes_the_settings_and_out_of_range_values_change_nothing()
    {
        var slug = await fixture.NewHospitalAsync();
        await using var admin = await Desk.AsAsync(_app, slug, Roles.Admin);
        await using var receptionist = await Desk.AsAsync(_app, slug, Roles.Receptionist);
        var settings = admin.Services.GetRequiredService<OnlineBookingSettingsService>();
        OnlineBookingSettingsInput Input(int horizon = 60, int cutoff = 24) =>
            new() { Enabled = true, Types = [AppointmentType.Consultation, AppointmentType.Exam], HorizonDays = horizon, CancelCutoffHours = cutoff };
        var heard = 0;
        using var subscription = admin.Services.GetRequiredService<HospitalEvents>()
            .Subscribe<PortalSettingsChanged>(_ => { Interlocked.Increment(ref heard); return Task.CompletedTask; });

        var notAllowed = await Assert.ThrowsAsync<DomainRuleException>(() => receptionist.Services.GetRequiredService<OnlineBookingSettingsService>().SaveAsync(Input()));
        var refusals = new List<DomainRuleException>();
        foreach (var (horizon, cutoff) in new[] { (0, 12), (181, 12), (30, -1), (30, 169) })
        {
            refusals.Add(await Assert.ThrowsAsync<DomainRuleException>(() => settings.SaveAsync(Input(horizon, cutoff))));
        }

        Assert.Equal("Common.Error.NotAllowed", notAllowed.Message);
        Assert.Equal(["OnlineBooking.Error.Horizon", "OnlineBooking.Error.Horizon", "OnlineBooking.Error.Cutoff", "OnlineBooking.Error.Cutoff"], refusals.Select(r => r.Message));
        var untouched = await settings.GetAsync();
        Assert.Equal((true, 30, 12), (untouched.OnlineBookingEnabled, untouched.BookingHorizonDays, untouched.CancelCutoffHours));
        Assert.Equal(0, heard);

        await settings.SaveAsync(Input(horizon: 180, cutoff: 168));
        await settings.SaveAsync(Input(horizon: 1, cutoff: 0));

        var saved = await settings.GetAsync();
        Assert.Equal((1, 0), (saved.BookingHorizonDays, saved.CancelCutoffHours));
        Assert.Equal([AppointmentType.Consultation, AppointmentType.Exam], OnlineBookingSettingsInput.From(saved).Types.Order());
        Assert.Equal(2, heard);
        await using var db = await admin.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        Assert.Equal(1, await db.PortalSettings.CountAsync());
    }

    private static DateOnly Monday(Desk desk, int weeksAhead)
    {
        var day = desk.Time.Today.AddDays(7 * weeksAhead);
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    private static OnlineBookingInput Input(Guid petId, DateTime start, Guid? vet, AppointmentType type = AppointmentType.Consultation) =>
        new() { PetId = petId, Start = start, VeterinarianId = vet, Type = type };

    private static async Task<Guid> BookForAsync(Desk desk, PortalTutor tutor, Guid vet, DateTime start) =>
        await desk.Agenda.BookAsync(Desk.Booking(tutor.PetId, vet, start, 30));

    private static async Task<int> CountAsync(Desk desk, System.Linq.Expressions.Expression<Func<Appointment, bool>> where)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.Appointments.CountAsync(where);
    }
}
