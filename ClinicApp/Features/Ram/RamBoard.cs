using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;

namespace ClinicApp.Features.Ram;

public enum RamGroup
{
    Late,
    DueNow,
    Next4Hours,
    DoneToday,
}

/// <summary>A dose as the RAM panel shows it: the patient and bed, the medicine and what became of it.
/// Times UTC.</summary>
public sealed record RamDose(
    Guid Id,
    Guid HospitalizationId,
    Guid PetId,
    string PetName,
    Species Species,
    string? BedName,
    Guid? WardId,
    string? WardName,
    Guid PrescriptionItemId,
    string MedicationName,
    decimal DoseMg,
    decimal? DoseVolume,
    bool IsLiquid,
    DoseRoute Route,
    DateTime DueAt,
    DateTime? OriginalDueAt,
    AdministrationStatus Status,
    DateTime? RecordedAt,
    string? RecordedByName,
    decimal? DoseGivenMg,
    NotGivenReason? Reason,
    string? Note)
{
    public bool IsOpen => Status == AdministrationStatus.Scheduled;

    /// <summary>Scheduled and its due time plus the tolerance has passed.</summary>
    public bool IsLate(DateTime nowUtc, int toleranceMinutes) => IsOpen && DueAt.AddMinutes(toleranceMinutes) < nowUtc;

    /// <summary>Whole minutes past the due time (0 when not yet due).</summary>
    public int MinutesLate(DateTime nowUtc) => Math.Max(0, (int)(nowUtc - DueAt).TotalMinutes);
}

/// <summary>The RAM checklist's four groups, derived from the doses and the clock alone, so the
/// screen re-groups on every tick without asking the database again. Pure.</summary>
public sealed record RamBoard(
    IReadOnlyList<RamDose> Late,
    IReadOnlyList<RamDose> DueNow,
    IReadOnlyList<RamDose> Next4Hours,
    IReadOnlyList<RamDose> DoneToday)
{
    public static readonly TimeSpan DueNowWindow = TimeSpan.FromMinutes(30);

    public static readonly TimeSpan NextWindow = TimeSpan.FromHours(4);

    public IReadOnlyList<RamDose> this[RamGroup group] => group switch
    {
        RamGroup.Late => Late,
        RamGroup.DueNow => DueNow,
        RamGroup.Next4Hours => Next4Hours,
        _ => DoneToday,
    };

    /// <summary>The group of one dose, or null when it belongs to none (later than 4 hours, recorded
    /// before today, cancelled).</summary>
    public static RamGroup? GroupOf(RamDose dose, DateTime nowUtc, int toleranceMinutes, DateTime startOfDayUtc)
    {
        if (dose.Status == AdministrationStatus.Cancelled)
        {
            return null;
        }

        if (!dose.IsOpen)
        {
            return dose.RecordedAt >= startOfDayUtc ? RamGroup.DoneToday : null;
        }

        if (dose.IsLate(nowUtc, toleranceMinutes))
        {
            return RamGroup.Late;
        }

        if (dose.DueAt <= nowUtc + DueNowWindow)
        {
            return RamGroup.DueNow;
        }

        return dose.DueAt <= nowUtc + NextWindow ? RamGroup.Next4Hours : null;
    }

    public static RamBoard Group(IEnumerable<RamDose> doses, DateTime nowUtc, int toleranceMinutes, DateTime startOfDayUtc)
    {
        var late = new List<RamDose>();
        var due = new List<RamDose>();
        var next = new List<RamDose>();
        var done = new List<RamDose>();
        foreach (var dose in doses)
        {
            var list = GroupOf(dose, nowUtc, toleranceMinutes, startOfDayUtc) switch
            {
                RamGroup.Late => late,
                RamGroup.DueNow => due,
                RamGroup.Next4Hours => next,
                RamGroup.DoneToday => done,
                _ => null,
            };
            list?.Add(dose);
        }

        static int ByDue(RamDose a, RamDose b) => a.DueAt != b.DueAt ? a.DueAt.CompareTo(b.DueAt) : string.CompareOrdinal(a.PetName, b.PetName);
        late.Sort(ByDue);
        due.Sort(ByDue);
        next.Sort(ByDue);
        done.Sort((a, b) => Nullable.Compare(b.RecordedAt, a.RecordedAt));
        return new RamBoard(late, due, next, done);
    }
}
