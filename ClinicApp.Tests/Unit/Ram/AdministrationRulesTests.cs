using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Tests.Support;
using static ClinicApp.Data.Clinical.AdministrationStatus;

namespace ClinicApp.Tests.Unit.Ram;

/// <summary>A dose's state machine: only a Scheduled dose is given, not given, cancelled or moved, and
/// a refused transition leaves the dose as it was.</summary>
public sealed class AdministrationRulesTests
{
    private static readonly DateTime Due = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Nurse = Guid.NewGuid();

    private static readonly Dictionary<string, Action<MedicationAdministration>> Transitions = new()
    {
        ["Give"] = d => d.Give(250m, Due.AddMinutes(5), Nurse, "Ana"),
        ["Hold"] = d => d.MarkNotGiven(Held, NotGivenReason.Vomiting, "vomitou", Due.AddMinutes(5), Nurse, "Ana"),
        ["Refuse"] = d => d.MarkNotGiven(Refused, NotGivenReason.PatientRefused, "cuspiu", Due.AddMinutes(5), Nurse, "Ana"),
        ["Miss"] = d => d.MarkNotGiven(Missed, NotGivenReason.PatientAway, "no raio-X", Due.AddMinutes(5), Nurse, "Ana"),
        ["Cancel"] = d => d.Cancel(),
        ["Reschedule"] = d => d.Reschedule(Due.AddHours(1), "jejum"),
    };

    /// <summary>Where each allowed transition leads; every other (status, transition) pair is refused.</summary>
    private static readonly Dictionary<(AdministrationStatus From, string Transition), AdministrationStatus> Allowed = new()
    {
        [(Scheduled, "Give")] = Given,
        [(Scheduled, "Hold")] = Held,
        [(Scheduled, "Refuse")] = Refused,
        [(Scheduled, "Miss")] = Missed,
        [(Scheduled, "Cancel")] = Cancelled,
        [(Scheduled, "Reschedule")] = Scheduled,
    };

    public static TheoryData<AdministrationStatus, string> EveryStatusAndTransition()
    {
        var data = new TheoryData<AdministrationStatus, string>();
        foreach (var from in Enum.GetValues<AdministrationStatus>())
        {
            foreach (var transition in Transitions.Keys)
            {
                data.Add(from, transition);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndTransition))]
    public void Only_an_open_dose_moves_and_a_refused_transition_changes_nothing(AdministrationStatus from, string transition)
    {
        var dose = DoseIn(from);

        if (Allowed.TryGetValue((from, transition), out var to))
        {
            Transitions[transition](dose);
            Assert.Equal(to, dose.Status);
            return;
        }

        var before = EntityState.Of(dose);
        var refusal = Assert.Throws<DomainRuleException>(() => Transitions[transition](dose));

        var expected = (from, transition) switch
        {
            (_, "Reschedule") => "Ram.Error.NotOpen",
            (Cancelled, not "Cancel") => "Ram.Error.Cancelled",
            _ => "Ram.Error.Transition",
        };
        Assert.Equal(expected, refusal.Message);
        Assert.Equal(before, EntityState.Of(dose));
    }

    [Fact]
    public void A_refused_transition_names_both_statuses()
    {
        var dose = DoseIn(Given);

        var refusal = Assert.Throws<DomainRuleException>(dose.Cancel);

        Assert.Equal(["AdministrationStatus.Given", "AdministrationStatus.Cancelled"], refusal.Arguments);
    }

    [Fact]
    public void Giving_records_who_when_and_how_much_and_no_reason()
    {
        var dose = DoseIn(Scheduled);

        dose.Give(250m, Due.AddMinutes(5), Nurse, "Ana");

        Assert.Equal((Given, Due.AddMinutes(5), (Guid?)Nurse, "Ana", (decimal?)250m), (dose.Status, dose.RecordedAt!.Value, dose.RecordedById, dose.RecordedByName, dose.DoseGivenMg));
        Assert.Null(dose.Reason);
        Assert.Null(dose.Note);
        Assert.False(dose.IsOpen);
    }

    [Fact]
    public void Not_giving_records_the_reason_and_the_note_and_no_dose()
    {
        var dose = DoseIn(Scheduled);

        dose.MarkNotGiven(Refused, NotGivenReason.PatientRefused, "cuspiu", Due, null, "Ana");

        Assert.Equal((Refused, (NotGivenReason?)NotGivenReason.PatientRefused, "cuspiu", (DateTime?)Due), (dose.Status, dose.Reason, dose.Note, dose.RecordedAt));
        Assert.Null(dose.DoseGivenMg);
    }

    [Theory]
    [InlineData(Scheduled)]
    [InlineData(Given)]
    [InlineData(Cancelled)]
    public void Not_given_is_held_refused_or_missed_and_nothing_else(AdministrationStatus outcome)
    {
        var dose = DoseIn(Scheduled);
        var before = EntityState.Of(dose);

        var refusal = Assert.Throws<DomainRuleException>(() => dose.MarkNotGiven(outcome, NotGivenReason.Other, "x", Due, Nurse, "Ana"));

        Assert.Equal("Ram.Error.NotGivenStatus", refusal.Message);
        Assert.Equal(before, EntityState.Of(dose));
    }

    [Fact]
    public void Moving_twice_keeps_the_first_due_time_and_the_latest_reason()
    {
        var dose = DoseIn(Scheduled);

        dose.Reschedule(Due.AddHours(1), "jejum");
        dose.Reschedule(Due.AddHours(2), "exame de imagem");

        Assert.Equal((Due.AddHours(2), (DateTime?)Due, "exame de imagem"), (dose.DueAt, dose.OriginalDueAt, dose.RescheduleReason));
        Assert.True(dose.IsOpen);
    }

    /// <summary>A dose brought to <paramref name="status"/> the way the RAM brings it there.</summary>
    private static MedicationAdministration DoseIn(AdministrationStatus status)
    {
        var dose = new MedicationAdministration(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Due);
        switch (status)
        {
            case Given:
                dose.Give(100m, Due, Nurse, "Bia");
                break;
            case Held or Refused or Missed:
                dose.MarkNotGiven(status, NotGivenReason.Other, "antes", Due, Nurse, "Bia");
                break;
            case Cancelled:
                dose.Cancel();
                break;
        }

        Assert.Equal(status, dose.Status);
        return dose;
    }
}
