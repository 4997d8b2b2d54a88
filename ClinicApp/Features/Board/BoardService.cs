using ClinicApp.Data;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Care;
using ClinicApp.Features.Hospitalizations;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Stay = ClinicApp.Data.Clinical.Hospitalization;

namespace ClinicApp.Features.Board;

/// <summary>One value of the last vitals, with where it stands against the species' range.</summary>
public sealed record BoardVital(Vital Vital, decimal Value, VitalLevel Level);

/// <summary>A dose still to be recorded: due time (UTC) and medication.</summary>
public sealed record BoardDose(DateTime DueAt, string Medication);

/// <summary>A patient's card. Late doses are <see cref="LateAtLoad"/> plus the doses of <see cref="Upcoming"/>
/// whose tolerance has passed since, so a clock tick re-derives them without a query.</summary>
public sealed record BoardStay(
    Guid Id,
    Guid PetId,
    string PetName,
    Species Species,
    string TutorName,
    string VetName,
    Guid? BedId,
    HospitalizationPriority Priority,
    HospitalizationStatus Status,
    bool Biohazard,
    string Reason,
    DateTime AdmittedAt,
    DateTime? VitalsAt,
    IReadOnlyList<BoardVital> Vitals,
    Vital? TrendVital,
    IReadOnlyList<decimal> Trend,
    int LateAtLoad,
    IReadOnlyList<BoardDose> Upcoming)
{
    public int LateDoses(DateTime nowUtc, int toleranceMinutes) =>
        LateAtLoad + Upcoming.Count(d => d.DueAt.AddMinutes(toleranceMinutes) <= nowUtc);

    public BoardDose? NextDose(DateTime nowUtc, int toleranceMinutes) =>
        Upcoming.FirstOrDefault(d => d.DueAt.AddMinutes(toleranceMinutes) > nowUtc);

    /// <summary>Whether a card of <paramref name="other"/> shows what a card of this one shows: the board
    /// reloads whole on any change, and only the cards that changed are rendered and sent again.</summary>
    public bool LooksLike(BoardStay other) =>
        ReferenceEquals(this, other)
        || ((this with { Vitals = other.Vitals, Trend = other.Trend, Upcoming = other.Upcoming }).Equals(other)
            && Vitals.SequenceEqual(other.Vitals) && Trend.SequenceEqual(other.Trend) && Upcoming.SequenceEqual(other.Upcoming));
}

public sealed record BoardBed(Guid Id, string Name, Guid? StayId);

public sealed record BoardWard(Guid Id, string Name, bool IsIsolation, IReadOnlyList<BoardBed> Beds)
{
    public bool LooksLike(BoardWard other) =>
        ReferenceEquals(this, other) || ((this with { Beds = other.Beds }).Equals(other) && Beds.SequenceEqual(other.Beds));
}

/// <summary>Everything the internment board shows, as of <see cref="LoadedAt"/> (UTC).</summary>
public sealed record BoardView(
    DateTime LoadedAt,
    int ToleranceMinutes,
    IReadOnlyList<BoardWard> Wards,
    IReadOnlyList<BoardStay> Stays) : ISharedCareView<BoardView>
{
    DateTime ISharedCareView<BoardView>.LoadedAtUtc => LoadedAt;

    public BoardStay? StayOf(Guid id) => Stays.FirstOrDefault(s => s.Id == id);

    /// <summary>Half the dose horizon has passed: the doses kept no longer tell "late" and "next" for long.</summary>
    public bool IsStale(DateTime nowUtc) => nowUtc - LoadedAt >= BoardService.DoseHorizon / 2;

    /// <summary>This view with the cards (and wards) that did not change taken from <paramref name="earlier"/>:
    /// the boards that still hold an earlier view share its unchanged stays in memory, and a card that keeps
    /// its stay instance is not rendered again.</summary>
    public BoardView SharingWith(BoardView? earlier)
    {
        if (earlier is null)
        {
            return this;
        }

        var stays = earlier.Stays.ToDictionary(s => s.Id);
        var wards = earlier.Wards.ToDictionary(w => w.Id);
        return this with
        {
            Stays = Stays.Select(s => stays.TryGetValue(s.Id, out var before) && before.LooksLike(s) ? before : s).ToList(),
            Wards = Wards.Select(w => wards.TryGetValue(w.Id, out var before) && before.LooksLike(w) ? before : w).ToList(),
        };
    }

    /// <summary>Live stays without a bed.</summary>
    public IEnumerable<BoardStay> Waiting() => Stays.Where(s => s.BedId is null).OrderByDescending(s => s.Priority).ThenBy(s => s.AdmittedAt);
}

/// <summary>The internment board's data in a fixed handful of set-based queries, whatever the number of
/// beds (each query is tagged "Board." so tests can count them).</summary>
public sealed class BoardService(ClinicDbFactory dbFactory, HospitalTime hospitalTime, CareSnapshots<BoardView> snapshots, Tenancy.TenantContext tenant)
{
    /// <summary>Readings shown in a card's trend line.</summary>
    public const int TrendReadings = 12;

    /// <summary>How far ahead the view keeps each stay's doses (the tick re-derives "late" from them; the
    /// screen reloads before the horizon runs out, see <see cref="BoardView.IsStale"/>).</summary>
    public static readonly TimeSpan DoseHorizon = TimeSpan.FromHours(4);

    public const string StaysTag = "Board.Stays";

    private static readonly Vital[] Shown = [Vital.TemperatureC, Vital.HeartRate, Vital.RespiratoryRate, Vital.SpO2, Vital.MeanArterial, Vital.Glucose, Vital.PainScore];

    /// <summary>The board as every open screen of the hospital shares it (see <see cref="CareSnapshots{TView}"/>).</summary>
    public Task<BoardView> SharedAsync(Guid? wardId = null) =>
        snapshots.GetAsync(tenant.Tenant.Id, wardId, hospitalTime.UtcNow, () => LoadAsync(wardId, CancellationToken.None));

    /// <summary>The shared board a copy restored from prerendering came from, when still current (see
    /// <see cref="CareSnapshots{TView}.Adopt"/>).</summary>
    public BoardView Adopt(BoardView restored, Guid? wardId = null) => snapshots.Adopt(tenant.Tenant.Id, wardId, restored);

    /// <param name="wardId">Only this ward's beds (the waiting patients are always shown).</param>
    public async Task<BoardView> LoadAsync(Guid? wardId = null, CancellationToken ct = default)
    {
        var now = hospitalTime.UtcNow;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tolerance = await db.CareSettings.AsNoTracking().TagWith("Board.Settings")
            .Select(s => (int?)s.DoseToleranceMinutes).FirstOrDefaultAsync(ct) ?? new CareSettings().DoseToleranceMinutes;
        var ranges = VitalRangeBook.From(await db.VitalRanges.AsNoTracking().TagWith("Board.Ranges").ToListAsync(ct));

        var beds = await (from b in db.Beds.AsNoTracking().TagWith("Board.Beds")
                          join w in db.Wards on b.WardId equals w.Id
                          where b.IsActive && w.IsActive && (wardId == null || w.Id == wardId)
                          orderby w.Order, w.Name, b.Order, b.Name
                          select new { WardId = w.Id, WardName = w.Name, w.IsIsolation, BedId = b.Id, BedName = b.Name }).ToListAsync(ct);

        var stays = await (from h in db.Hospitalizations.AsNoTracking().TagWith(StaysTag)
                           where h.ActivePetId != null
                           join p in db.Pets.IgnoreQueryFilters() on h.PetId equals p.Id
                           join t in db.Tutors.IgnoreQueryFilters() on h.TutorId equals t.Id
                           join u in db.Users on h.ResponsibleVetId equals u.Id into vets
                           from u in vets.DefaultIfEmpty()
                           select new
                           {
                               h.Id, h.PetId, PetName = p.Name, p.Species, TutorName = t.Name, VetName = u == null ? null : u.DisplayName,
                               h.BedId, h.Priority, h.Status, h.Biohazard, h.Reason, h.AdmittedAt,
                           }).ToListAsync(ct);

        var ids = stays.Select(s => s.Id).ToList();

        // The last readings of each live stay in one query: per stay, the time of its 12th latest reading
        // (an index seek on HospitalizationId, TakenAt) bounds its rows — no window over every reading.
        var readings = await (from h in db.Hospitalizations.TagWith("Board.Vitals")
                              where h.ActivePetId != null
                              join v in db.VitalSigns on (Guid?)h.Id equals v.HospitalizationId
                              where v.TakenAt >= (db.VitalSigns.Where(x => x.HospitalizationId == h.Id)
                                  .OrderByDescending(x => x.TakenAt).Select(x => (DateTime?)x.TakenAt).Skip(TrendReadings - 1).FirstOrDefault() ?? DateTime.MinValue)
                              select new VitalSigns
                              {
                                  HospitalizationId = v.HospitalizationId, TakenAt = v.TakenAt, TakenByName = "",
                                  TemperatureC = v.TemperatureC, HeartRate = v.HeartRate, RespiratoryRate = v.RespiratoryRate, SpO2 = v.SpO2,
                                  MeanArterial = v.MeanArterial, Glucose = v.Glucose, PainScore = v.PainScore,
                              }).ToListAsync(ct);
        var readingsOf = readings.ToLookup(v => v.HospitalizationId!.Value);

        var lateBefore = now.AddMinutes(-tolerance);
        var late = await db.MedicationAdministrations.TagWith("Board.Late")
            .Where(a => ids.Contains(a.HospitalizationId) && a.Status == AdministrationStatus.Scheduled && a.DueAt <= lateBefore)
            .GroupBy(a => a.HospitalizationId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);

        var horizon = now.Add(DoseHorizon);
        var upcoming = await (from a in db.MedicationAdministrations.AsNoTracking().TagWith("Board.Doses")
                              where ids.Contains(a.HospitalizationId) && a.Status == AdministrationStatus.Scheduled && a.DueAt > lateBefore && a.DueAt <= horizon
                              join i in db.PrescriptionItems on a.PrescriptionItemId equals i.Id
                              select new { a.HospitalizationId, a.DueAt, i.MedicationName }).ToListAsync(ct);
        var dosesOf = upcoming.OrderBy(d => d.DueAt).ToLookup(d => d.HospitalizationId, d => new BoardDose(d.DueAt, d.MedicationName));

        var cards = stays.Select(s =>
        {
            var taken = readingsOf[s.Id].OrderBy(v => v.TakenAt).ToList();
            var lastAt = taken.Count > 0 ? taken[^1].TakenAt : (DateTime?)null;
            var (trendVital, trend) = Trend(taken);
            return new BoardStay(
                s.Id, s.PetId, s.PetName, s.Species, s.TutorName, s.VetName ?? "—", s.BedId, s.Priority, s.Status, s.Biohazard, s.Reason, s.AdmittedAt,
                lastAt, LastVitals(taken, s.Species, ranges), trendVital, trend, late.GetValueOrDefault(s.Id), dosesOf[s.Id].ToList());
        }).ToList();

        var occupied = cards.Where(c => c.BedId is not null).ToDictionary(c => c.BedId!.Value, c => c.Id);
        var wards = beds.GroupBy(b => (b.WardId, b.WardName, b.IsIsolation))
            .Select(g => new BoardWard(g.Key.WardId, g.Key.WardName, g.Key.IsIsolation,
                g.Select(b => new BoardBed(b.BedId, b.BedName, occupied.TryGetValue(b.BedId, out var stay) ? stay : null)).ToList()))
            .ToList();
        return new BoardView(now, tolerance, wards, cards);
    }

    /// <summary>The latest value of each vital shown (a reading may carry only some of them).</summary>
    private static List<BoardVital> LastVitals(List<VitalSigns> readings, Species species, VitalRangeBook ranges)
    {
        var result = new List<BoardVital>();
        foreach (var vital in Shown)
        {
            for (var i = readings.Count - 1; i >= 0; i--)
            {
                if (readings[i].Value(vital) is { } value)
                {
                    result.Add(new BoardVital(vital, value, ranges.Level(species, vital, value)));
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>Temperature when it was taken at least twice, else heart rate.</summary>
    private static (Vital?, IReadOnlyList<decimal>) Trend(List<VitalSigns> readings)
    {
        foreach (var vital in new[] { Vital.TemperatureC, Vital.HeartRate })
        {
            var values = readings.Select(r => r.Value(vital)).OfType<decimal>().ToList();
            if (values.Count >= 2)
            {
                return (vital, values);
            }
        }

        return (null, []);
    }
}
