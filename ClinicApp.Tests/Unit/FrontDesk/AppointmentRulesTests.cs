using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;

namespace ClinicApp.Tests.Unit.FrontDesk;

public sealed class AppointmentRulesTests
{
    private static readonly DateTime Ten = new(2026, 12, 1, 13, 0, 0, DateTimeKind.Utc);

    public static TheoryData<AppointmentStatus, AppointmentStatus> Allowed => new()
    {
        { AppointmentStatus.Scheduled, AppointmentStatus.Confirmed },
        { AppointmentStatus.Scheduled, AppointmentStatus.CheckedIn },
        { AppointmentStatus.Scheduled, AppointmentStatus.Cancelled },
        { AppointmentStatus.Scheduled, AppointmentStatus.NoShow },
        { AppointmentStatus.Confirmed, AppointmentStatus.CheckedIn },
        { AppointmentStatus.Confirmed, AppointmentStatus.Cancelled },
        { AppointmentStatus.Confirmed, AppointmentStatus.NoShow },
        { AppointmentStatus.CheckedIn, AppointmentStatus.InProgress },
        { AppointmentStatus.CheckedIn, AppointmentStatus.Cancelled },
        { AppointmentStatus.InProgress, AppointmentStatus.Completed },
    };

    [Fact]
    public void Exactly_the_listed_transitions_are_allowed()
    {
        var allowed = Allowed.Select(row => ((AppointmentStatus)row[0], (AppointmentStatus)row[1])).ToHashSet();
        foreach (var from in Enum.GetValues<AppointmentStatus>())
        {
            foreach (var to in Enum.GetValues<AppointmentStatus>())
            {
                Assert.Equal(allowed.Contains((from, to)), AppointmentWorkflow.CanChange(from, to));
            }
        }

        Assert.All([AppointmentStatus.Completed, AppointmentStatus.Cancelled, AppointmentStatus.NoShow], s => Assert.True(AppointmentWorkflow.IsFinal(s)));
    }

    [Theory]
    [InlineData(AppointmentStatus.Completed)]
    [InlineData(AppointmentStatus.InProgress)]
    [InlineData(AppointmentStatus.Scheduled)]
    public void A_transition_not_allowed_throws_naming_both_statuses_and_changes_nothing(AppointmentStatus to)
    {
        var appointment = Booked();
        appointment.ChangeStatus(AppointmentStatus.Confirmed, Ten.AddDays(-1));

        var refusal = Assert.Throws<DomainRuleException>(() => appointment.ChangeStatus(to, Ten));

        Assert.Equal("Agenda.Error.Transition", refusal.Message);
        Assert.Equal(["Appointment.Status.Confirmed", $"Appointment.Status.{to}"], refusal.Arguments);
        Assert.Equal(AppointmentStatus.Confirmed, appointment.Status);
    }

    [Fact]
    public void Cancelling_needs_a_reason_and_releases_every_slot()
    {
        var appointment = Booked(roomId: Guid.NewGuid());
        Assert.Equal(12, appointment.Slots.Count); // 30 minutes of the vet and of the room, in 5-minute slots

        Assert.Equal("Agenda.Error.CancelReason", Assert.Throws<DomainRuleException>(() => appointment.ChangeStatus(AppointmentStatus.Cancelled, Ten, "  ")).Message);
        appointment.ChangeStatus(AppointmentStatus.Cancelled, Ten, " Tutor viajou ");
        appointment.SyncSlots();

        Assert.Equal("Tutor viajou", appointment.CancellationReason);
        Assert.Empty(appointment.Slots);
    }

    [Fact]
    public void Moving_keeps_the_slots_that_stay_and_adds_only_the_new_ones()
    {
        var appointment = Booked();
        var kept = appointment.Slots.Where(s => s.Start >= Ten.AddMinutes(15)).ToList();

        appointment.SetTime(Ten.AddMinutes(15), 30);
        appointment.SyncSlots();

        Assert.Equal(6, appointment.Slots.Count);
        Assert.All(kept, s => Assert.Contains(s, appointment.Slots));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => Ten.AddMinutes(15 + (5 * i))), appointment.Slots.Select(s => s.Start).Order());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(485)]
    public void A_duration_off_the_grid_or_too_long_is_refused(int minutes) =>
        Assert.Equal("Agenda.Error.Duration", Assert.Throws<DomainRuleException>(() => new Appointment().SetTime(Ten, minutes)).Message);

    [Fact]
    public void A_start_off_the_grid_is_refused_and_a_local_time_is_a_programming_error()
    {
        Assert.Equal("Agenda.Error.StartAlignment", Assert.Throws<DomainRuleException>(() => new Appointment().SetTime(Ten.AddMinutes(2), 30)).Message);
        Assert.Throws<ArgumentException>(() => new Appointment().SetTime(DateTime.SpecifyKind(Ten, DateTimeKind.Local), 30));
    }

    [Fact]
    public void Once_the_patient_arrived_the_time_cannot_change()
    {
        var appointment = Booked();
        appointment.ChangeStatus(AppointmentStatus.CheckedIn, Ten);

        Assert.Equal("Agenda.Error.CannotMove", Assert.Throws<DomainRuleException>(() => appointment.SetTime(Ten.AddHours(1), 30)).Message);
        Assert.Equal(Ten, appointment.CheckedInAt);
    }

    private static Appointment Booked(Guid? roomId = null)
    {
        var appointment = new Appointment { VeterinarianId = Guid.NewGuid(), RoomId = roomId };
        appointment.SetTime(Ten, 30);
        appointment.Open(Ten.AddDays(-2));
        appointment.SyncSlots();
        return appointment;
    }
}
