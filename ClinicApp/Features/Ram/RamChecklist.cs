using ClinicApp.Data;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Care;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Ram;

/// <summary>A patient in hospital as the RAM shows it.</summary>
public sealed record RamStay(Guid Id, Guid PetId, string PetName, Species Species, string? BedName, Guid? WardId, string? WardName, int WardOrder);

/// <summary>A prescription item's medicine and dose.</summary>
public sealed record RamItem(Guid Id, string MedicationName, decimal DoseMg, decimal? DoseVolume, bool IsLiquid, DoseRoute Route);

/// <summary>One dose row (times UTC).</summary>
public sealed record RamEntry(
    Guid Id,
    Guid StayId,
    Guid ItemId,
    DateTime DueAt,
    DateTime? OriginalDueAt,
    AdministrationStatus Status,
    DateTime? RecordedAt,
    string? RecordedByName,
    decimal? DoseGivenMg,
    NotGivenReason? Reason,
    string? Note);

/// <summary>What the RAM panel loads: the patients in hospital, their items and the doses from the day
/// before up to <see cref="WindowEndUtc"/>. Plain data, so a prerendered panel hands it to its
/// interactive render instead of querying again.</summary>
public sealed record RamSnapshot(
    DateTime LoadedAtUtc,
    DateTime WindowEndUtc,
    int ToleranceMinutes,
    IReadOnlyList<RamStay> Stays,
    IReadOnlyList<RamItem> Items,
    IReadOnlyList<RamEntry> Entries) : ISharedCareView<RamSnapshot>
{
    public RamSnapshot SharingWith(RamSnapshot? earlier) => this;

    /// <summary>The doses joined with their patient and medicine.</summary>
    public IReadOnlyList<RamDose> Doses()
    {
        var stays = Stays.ToDictionary(s => s.Id);
        var items = Items.ToDictionary(i => i.Id);
        var doses = new List<RamDose>(Entries.Count);
        foreach (var e in Entries)
        {
            if (!stays.TryGetValue(e.StayId, out var s) || !items.TryGetValue(e.ItemId, out var i))
            {
                continue;
            }

            doses.Add(new RamDose(
                e.Id, s.Id, s.PetId, s.PetName, s.Species, s.BedName, s.WardId, s.WardName,
                i.Id, i.MedicationName, i.DoseMg, i.DoseVolume, i.IsLiquid, i.Route,
                e.DueAt, e.OriginalDueAt, e.Status, e.RecordedAt, e.RecordedByName, e.DoseGivenMg, e.Reason, e.Note));
        }

        return doses;
    }
}

/// <summary>The patient's day by hour: each prescription item with its doses of the day.</summary>
public sealed record DayGrid(Guid StayId, string PetName, DateOnly Day, int ToleranceMinutes, IReadOnlyList<RamItem> Items, IReadOnlyList<RamEntry> Doses);

/// <summary>Reads the RAM: the nursing panel of every patient in hospital and one patient's day.
/// A handful of set-based queries bounded by due time, whatever the number of patients.</summary>
public sealed class RamChecklist(ClinicDbFactory dbFactory, HospitalTime hospitalTime, CareSnapshots<RamSnapshot> snapshots, TenantContext tenant)
{
    /// <summary>Doses are loaded this far beyond the panel's 4 hours, so the clock can run a while before a reload.</summary>
    public static readonly TimeSpan WindowMargin = TimeSpan.FromHours(1);

    private static readonly Presentation[] Liquids = [Presentation.Injectable, Presentation.OralSolution, Presentation.OralSuspension];

    /// <summary>The panel as every open RAM screen of the hospital shares it (see <see cref="CareSnapshots{TView}"/>).</summary>
    public Task<RamSnapshot> SharedAsync() =>
        snapshots.GetAsync(tenant.Tenant.Id, null, hospitalTime.UtcNow, () => LoadAsync(CancellationToken.None));

    /// <summary>The hospital's shared panel as it stands, without a query; null when a change dropped it.</summary>
    public RamSnapshot? Current() => snapshots.Current(tenant.Tenant.Id, null);

    public async Task<RamSnapshot> LoadAsync(CancellationToken ct = default)
    {
        var now = hospitalTime.UtcNow;
        var fromUtc = hospitalTime.StartOfDayUtc(hospitalTime.Today.AddDays(-1));
        var startOfDay = hospitalTime.StartOfDayUtc(hospitalTime.Today);
        var toUtc = now + RamBoard.NextWindow + WindowMargin;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await CareSettingsService.SettingsAsync(db, ct);
        var stays = await (from h in ActiveStays(db)
                           join p in db.Pets.IgnoreQueryFilters() on h.PetId equals p.Id
                           select new RamStay(h.Id, p.Id, p.Name, p.Species, h.Bed!.Name, (Guid?)h.Bed.WardId, h.Bed.Ward!.Name, (int?)h.Bed.Ward.Order ?? int.MaxValue))
            .ToListAsync(ct);

        // Two index ranges instead of every dose of the window: the open ones by (Status, DueAt), the ones
        // recorded today by RecordedAt. Doses of stays no longer active drop out when joined with the stays.
        var open = await Rows(db.MedicationAdministrations.AsNoTracking()
            .Where(a => a.Status == AdministrationStatus.Scheduled && a.DueAt >= fromUtc && a.DueAt <= toUtc), db)
            .ToListAsync(ct);
        var recorded = await Rows(db.MedicationAdministrations.AsNoTracking()
            .Where(a => a.RecordedAt >= startOfDay && a.Status != AdministrationStatus.Scheduled && a.Status != AdministrationStatus.Cancelled && a.DueAt >= fromUtc), db)
            .ToListAsync(ct);
        var active = stays.Select(s => s.Id).ToHashSet();
        var rows = open.Concat(recorded).Where(r => active.Contains(r.Entry.StayId)).ToList();

        var items = rows.DistinctBy(r => r.Entry.ItemId)
            .Select(r => new RamItem(r.Entry.ItemId, r.MedicationName, r.DoseMg, r.DoseVolume, IsLiquid(r.Presentation), r.Route))
            .ToList();
        return new RamSnapshot(now, toUtc, settings.DoseToleranceMinutes, stays, items, rows.Select(r => r.Entry).ToList());
    }

    /// <summary>One patient's doses of a day (the hospital's calendar day), with their items.</summary>
    public async Task<DayGrid?> DayAsync(Guid hospitalizationId, DateOnly day, CancellationToken ct = default)
    {
        var fromUtc = hospitalTime.StartOfDayUtc(day);
        var toUtc = hospitalTime.StartOfDayUtc(day.AddDays(1));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await CareSettingsService.SettingsAsync(db, ct);
        var pet = await (from h in db.Hospitalizations.AsNoTracking()
                         join p in db.Pets.IgnoreQueryFilters() on h.PetId equals p.Id
                         where h.Id == hospitalizationId
                         select p.Name).FirstOrDefaultAsync(ct);
        if (pet is null)
        {
            return null;
        }

        var rows = await Rows(db.MedicationAdministrations.AsNoTracking()
            .Where(a => a.HospitalizationId == hospitalizationId && a.DueAt >= fromUtc && a.DueAt < toUtc), db)
            .ToListAsync(ct);
        rows = rows.OrderBy(r => r.Entry.DueAt).ToList();
        var items = rows.DistinctBy(r => r.Entry.ItemId)
            .Select(r => new RamItem(r.Entry.ItemId, r.MedicationName, r.DoseMg, r.DoseVolume, IsLiquid(r.Presentation), r.Route))
            .OrderBy(i => i.MedicationName, StringComparer.CurrentCulture)
            .ToList();
        return new DayGrid(hospitalizationId, pet, day, settings.DoseToleranceMinutes, items, rows.Select(r => r.Entry).ToList());
    }

    private static IQueryable<DoseRow> Rows(IQueryable<MedicationAdministration> doses, ClinicDbContext db) =>
        from a in doses
        join i in db.PrescriptionItems on a.PrescriptionItemId equals i.Id
        join m in db.Medications on i.MedicationId equals m.Id into meds
        from m in meds.DefaultIfEmpty()
        select new DoseRow(
            new RamEntry(a.Id, a.HospitalizationId, a.PrescriptionItemId, a.DueAt, a.OriginalDueAt, a.Status, a.RecordedAt, a.RecordedByName, a.DoseGivenMg, a.Reason, a.Note),
            i.MedicationName, i.DoseMg, i.DoseVolume, (Presentation?)m.Presentation, i.Route);

    internal static IQueryable<Hospitalization> ActiveStays(ClinicDbContext db) =>
        db.Hospitalizations.AsNoTracking().Where(h => h.Status == HospitalizationStatus.Waiting || h.Status == HospitalizationStatus.InCare);

    internal static bool IsLiquid(Presentation? presentation) => presentation is { } p && Liquids.Contains(p);

    private sealed record DoseRow(RamEntry Entry, string MedicationName, decimal DoseMg, decimal? DoseVolume, Presentation? Presentation, DoseRoute Route);
}
