using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Tests.Support;
using static ClinicApp.Data.Clinical.PrescriptionItemStatus;

namespace ClinicApp.Tests.Unit.Prescriptions;

/// <summary>An item's state machine: only an active item is suspended or replaced, and a refused
/// transition leaves the item (and the would-be replacement) as they were.</summary>
public sealed class PrescriptionItemRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    private static readonly Dictionary<string, Action<PrescriptionItem>> Transitions = new()
    {
        ["Suspend"] = i => i.Suspend("melhora clínica", Now),
        ["ReplaceWith"] = i => i.ReplaceWith(Item(), "dose ajustada", Now),
    };

    private static readonly Dictionary<(PrescriptionItemStatus From, string Transition), PrescriptionItemStatus> Allowed = new()
    {
        [(Active, "Suspend")] = Suspended,
        [(Active, "ReplaceWith")] = Replaced,
    };

    public static TheoryData<PrescriptionItemStatus, string> EveryStatusAndTransition()
    {
        var data = new TheoryData<PrescriptionItemStatus, string>();
        foreach (var from in Enum.GetValues<PrescriptionItemStatus>())
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
    public void Only_an_active_item_stops_and_a_refused_transition_changes_nothing(PrescriptionItemStatus from, string transition)
    {
        var item = ItemIn(from);

        if (Allowed.TryGetValue((from, transition), out var to))
        {
            Transitions[transition](item);
            Assert.Equal(to, item.Status);
            return;
        }

        var before = EntityState.Of(item);
        var refusal = Assert.Throws<DomainRuleException>(() => Transitions[transition](item));

        Assert.Equal("Prescription.Error.ItemNotActive", refusal.Message);
        Assert.Equal(["Dipirona", $"PrescriptionItemStatus.{from}"], refusal.Arguments);
        Assert.Equal(before, EntityState.Of(item));
    }

    [Fact]
    public void Suspending_records_when_and_why()
    {
        var item = Item();

        item.Suspend("melhora clínica", Now);

        Assert.Equal((Suspended, (DateTime?)Now, "melhora clínica"), (item.Status, item.StoppedAt, item.StopReason));
        Assert.Null(item.ReplacedById);
    }

    [Fact]
    public void Suspending_at_the_end_of_a_stay_needs_no_reason()
    {
        var item = Item();

        item.Suspend(null, Now);

        Assert.Equal((Suspended, (DateTime?)Now, (string?)null), (item.Status, item.StoppedAt, item.StopReason));
    }

    [Fact]
    public void Replacing_links_the_old_and_the_new_item_and_keeps_the_new_one_active()
    {
        var old = Item();
        var replacement = Item();

        old.ReplaceWith(replacement, "dose ajustada", Now);

        Assert.Equal((Replaced, (Guid?)replacement.Id, (DateTime?)Now, "dose ajustada"), (old.Status, old.ReplacedById, old.StoppedAt, old.StopReason));
        Assert.Equal((Active, (Guid?)old.Id), (replacement.Status, replacement.ReplacesId));
    }

    [Fact]
    public void A_refused_replacement_leaves_the_new_item_untouched()
    {
        var old = ItemIn(Suspended);
        var replacement = Item();
        var before = EntityState.Of(replacement);

        Assert.Throws<DomainRuleException>(() => old.ReplaceWith(replacement, "dose ajustada", Now));

        Assert.Equal(before, EntityState.Of(replacement));
    }

    private static PrescriptionItem Item() => new()
    {
        PrescriptionId = Guid.NewGuid(),
        MedicationName = "Dipirona",
        DoseMode = DoseMode.Fixed,
        DoseMg = 250m,
        Route = DoseRoute.IV,
        EveryHours = 8,
        DurationDays = 3,
        FirstDoseAt = Now.AddHours(-10),
    };

    private static PrescriptionItem ItemIn(PrescriptionItemStatus status)
    {
        var item = Item();
        switch (status)
        {
            case Suspended:
                item.Suspend("antes", Now.AddHours(-1));
                break;
            case Replaced:
                item.ReplaceWith(Item(), "antes", Now.AddHours(-1));
                break;
        }

        Assert.Equal(status, item.Status);
        return item;
    }
}
