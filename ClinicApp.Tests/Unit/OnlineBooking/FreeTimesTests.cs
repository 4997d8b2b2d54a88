using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.OnlineBooking;
using ClinicApp.Tenancy;

namespace ClinicApp.Tests.Unit.OnlineBooking;

/// <summary>The portal's free times as a pure computation: the agenda's grid from the opening, the whole
/// appointment inside the hours of a working day, nothing before the earliest instant, nothing touching
/// a slot row of the vet; and the confirm/cancel cut-off.</summary>
public sealed class FreeTimesTests
{
    private static readonly TimeZoneInfo SaoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly Guid VetA = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid VetB = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    // Monday 2027-03-15.
    private static readonly DateOnly Monday = new(2027, 3, 15);

    private static AgendaSettings Hours(int opens = 8, int closes = 12, int slot = 15) =>
        new() { OpensAt = new TimeOnly(opens, 0), ClosesAt = new TimeOnly(closes, 0), SlotMinutes = slot };

    private static DateTime At(DateOnly day, int hour, int minute = 0) => day.ToDateTime(new TimeOnly(hour, minute));

    [Fact]
    public void Starts_are_the_grid_lines_from_the_opening_whose_appointment_ends_by_closing()
    {
        var times = FreeTimes.Candidates(Hours(8, 10, slot: 20), 30, Monday, SaoPaulo).Select(c => c.Local).ToList();

        Assert.Equal([At(Monday, 8), At(Monday, 8, 20), At(Monday, 8, 40), At(Monday, 9), At(Monday, 9, 20)], times);
    }

    [Fact]
    public void A_closed_day_has_no_times_and_an_appointment_longer_than_the_day_none_either()
    {
        Assert.Empty(FreeTimes.Candidates(Hours(), 30, Monday.AddDays(6), SaoPaulo));
        Assert.Empty(FreeTimes.Candidates(Hours(8, 10), 150, Monday, SaoPaulo));
    }

    [Fact]
    public void A_held_piece_anywhere_inside_the_appointment_takes_the_start_away()
    {
        // VetA holds 09:00–09:30 (six 5-minute rows).
        var held = Held(VetA, At(Monday, 9), 30);

        var day = FreeTimes.Compute(Hours(), 30, Monday, Monday, DateTime.MinValue, SaoPaulo, [VetA], held).Single();
        var starts = day.Times.Select(t => TimeOnly.FromDateTime(t.Start)).ToList();

        Assert.Contains(new TimeOnly(8, 30), starts);
        Assert.DoesNotContain(new TimeOnly(8, 45), starts);
        Assert.DoesNotContain(new TimeOnly(9, 0), starts);
        Assert.DoesNotContain(new TimeOnly(9, 15), starts);
        Assert.Contains(new TimeOnly(9, 30), starts);
    }

    [Fact]
    public void Each_time_lists_the_vets_free_then_and_a_time_nobody_has_is_left_out()
    {
        var held = Held(VetA, At(Monday, 8), 60);
        held.UnionWith(Held(VetB, At(Monday, 8), 30));

        var day = FreeTimes.Compute(Hours(8, 10), 30, Monday, Monday, DateTime.MinValue, SaoPaulo, [VetA, VetB], held).Single();

        Assert.DoesNotContain(day.Times, t => t.Start == At(Monday, 8));
        Assert.Equal([VetB], day.Times.Single(t => t.Start == At(Monday, 8, 30)).Veterinarians);
        Assert.Equal([VetA, VetB], day.Times.Single(t => t.Start == At(Monday, 9)).Veterinarians);
    }

    [Fact]
    public void Nothing_starts_before_the_earliest_instant_and_days_without_times_are_left_out()
    {
        var earliest = HospitalTime.ToUtc(At(Monday, 11, 50), SaoPaulo);

        var days = FreeTimes.Compute(Hours(), 15, Monday, Monday.AddDays(1), earliest, SaoPaulo, [VetA], new HashSet<(Guid, DateTime)>());

        // Monday has nothing left after 11:50 that ends by 12:00 on the 15-minute grid; Tuesday is whole.
        var day = Assert.Single(days);
        Assert.Equal(Monday.AddDays(1), day.Day);
        Assert.Equal(16, day.Times.Count);
    }

    [Fact]
    public void No_veterinarian_means_no_times()
    {
        Assert.Empty(FreeTimes.Compute(Hours(), 30, Monday, Monday.AddDays(6), DateTime.MinValue, SaoPaulo, [], new HashSet<(Guid, DateTime)>()));
    }

    [Fact]
    public void A_wall_clock_time_skipped_by_daylight_saving_is_not_offered()
    {
        // New York springs forward at 02:00 on 2027-03-14 (a Sunday, here a working day open from 01:00).
        var settings = new AgendaSettings { OpensAt = new TimeOnly(1, 0), ClosesAt = new TimeOnly(5, 0), SlotMinutes = 30, WorkingDays = 0b111_1111 };
        var sunday = new DateOnly(2027, 3, 14);

        var times = FreeTimes.Candidates(settings, 30, sunday, NewYork).Select(c => TimeOnly.FromDateTime(c.Local)).ToList();

        Assert.DoesNotContain(new TimeOnly(2, 0), times);
        Assert.DoesNotContain(new TimeOnly(2, 30), times);
        Assert.Contains(new TimeOnly(3, 0), times);
    }

    [Fact]
    public void Is_offered_checks_grid_hours_earliest_and_the_last_day()
    {
        var settings = Hours();
        var earliest = HospitalTime.ToUtc(At(Monday, 9), SaoPaulo);

        Assert.True(FreeTimes.IsOffered(settings, 30, At(Monday, 9), SaoPaulo, earliest, Monday));
        Assert.False(FreeTimes.IsOffered(settings, 30, At(Monday, 8, 45), SaoPaulo, earliest, Monday));
        Assert.False(FreeTimes.IsOffered(settings, 30, At(Monday, 9, 5), SaoPaulo, earliest, Monday));
        Assert.False(FreeTimes.IsOffered(settings, 30, At(Monday, 11, 45), SaoPaulo, earliest, Monday));
        Assert.False(FreeTimes.IsOffered(settings, 30, At(Monday.AddDays(1), 9), SaoPaulo, earliest, Monday));
    }

    [Fact]
    public void The_cutoff_allows_until_the_hour_and_refuses_a_minute_later()
    {
        var start = new DateTime(2027, 3, 15, 13, 0, 0, DateTimeKind.Utc);

        Assert.True(OnlineBookingService.BeforeCutoff(start, start.AddHours(-12).AddMinutes(-1), 12));
        Assert.True(OnlineBookingService.BeforeCutoff(start, start.AddHours(-12), 12));
        Assert.False(OnlineBookingService.BeforeCutoff(start, start.AddHours(-12).AddMinutes(1), 12));
        Assert.True(OnlineBookingService.BeforeCutoff(start, start, 0));
        Assert.False(OnlineBookingService.BeforeCutoff(start, start.AddMinutes(1), 0));
    }

    private static HashSet<(Guid ResourceId, DateTime Start)> Held(Guid vet, DateTime localStart, int minutes)
    {
        var startUtc = HospitalTime.ToUtc(localStart, SaoPaulo);
        return Enumerable.Range(0, minutes / Appointment.SlotMinutes).Select(i => (vet, startUtc.AddMinutes(i * Appointment.SlotMinutes))).ToHashSet();
    }
}
