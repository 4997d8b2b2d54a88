using System.Globalization;
using ClinicApp.Data;
using ClinicApp.Data.Analytics;
using ClinicApp.Data.Clinical;
using ClinicApp.Features.Ram;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Analytics;

/// <summary>The hospital care section: patients in hospital, bed occupancy, RAM adherence and length of stay,
/// with occupancy and adherence per ward over time, adherence per nursing shift and the average stay per ward.
/// Definitions (the README repeats them):
/// <list type="bullet">
/// <item>In hospital: stays admitted before the period's end (or now, when the period has not ended) and not
/// ended by then, waiting for a bed or in care.</item>
/// <item>A bed-day is 24 hours of a bed held by a stay. A stay holds its bed (its last one: moves are not kept)
/// from admission to its end, or to now while open, and counts only for its hours inside the period or bucket;
/// a stay waiting without a bed holds none. Occupancy = occupied bed-days ÷ (beds × days) %, the days ending
/// now when the period has not ended. The beds are the active beds of active wards, and any other bed a stay
/// held in the period (it was there to hold it), so a ward is never above 100 %.</item>
/// <item>RAM adherence: <see cref="AdherenceCalculator"/>'s rules with the hospital's tolerance (doses given on
/// time ÷ doses due), by the local day and shift of the dose's due time; a dose counts in its stay's ward.</item>
/// <item>Length of stay: days (hours ÷ 24) per stay from admission to end of the stays that ENDED
/// in the period; the chart gives the mean per ward, which tells an owner where patients stay long (the card
/// already gives the hospital's mean).</item>
/// </list>
/// Every figure and its drill-down come from the same rows (<see cref="Load"/>), rounded alike.</summary>
public sealed class CareSection(ClinicDbFactory dbFactory, DailyFigures daily, IStringLocalizer<SharedResource> L)
    : IAnalyticsSection, IDayFigures<CareSection.CareDay>, IStoredDays
{
    public const string InHospitalId = "in-hospital";
    public const string OccupancyId = "bed-occupancy";
    public const string AdherenceId = "ram-adherence";
    public const string AverageStayId = "average-stay";
    public const string OccupancyByWardId = "occupancy-by-ward";
    public const string LengthOfStayId = "length-of-stay";
    public const string AdherenceByWardId = "adherence-by-ward";
    public const string AdherenceByShiftId = "adherence-by-shift";

    /// <summary>The series and category key of stays and doses without a bed (a ward's key is its id).</summary>
    public const string NoWardKey = "none";

    /// <summary>The one series of the length-of-stay chart.</summary>
    public const string AverageSeriesKey = "average";

    /// <summary>Bed-days and stay lengths are kept to this many decimals per row, so the sum of a drill-down's
    /// rows is exactly the figure's numerator.</summary>
    private const int BedDayDecimals = 4;

    public int Order => 30;

    public bool ForVets => false;

    public async Task<AnalyticsSectionResult> ComputeAsync(AnalyticsContext context, CancellationToken ct)
    {
        if (context.VetId is not null)
        {
            return AnalyticsSectionResult.Empty;
        }

        // Stays are read each time (a few thousand a year); doses by day, stored for closed days (DailyFigures).
        var data = await LoadAsync(context, details: false, doseRange: null, ct);
        var doses = (await daily.ReadAsync(this, context, ct))
            .SelectMany(d => d.Value.Doses.Select(c => (Day: d.Key, Count: c)))
            .Select(d => (Bucket: context.Period.BucketKeyOf(d.Day), Ward: data.WardKeyOf(d.Count.Bed), d.Count.Shift, d.Count.Due, d.Count.OnTime))
            .ToList();
        var buckets = context.Period.Buckets();
        var wards = data.OccupancyWards();
        var (windowStart, windowEnd) = Window(context);

        var occupancy = AnalyticsMath.Percent(Occupied(data, windowStart, windowEnd, null).Sum(o => o.BedDays), Capacity(data.CapacityBeds(null), windowStart, windowEnd));
        var adherence = AnalyticsMath.Percent(doses.Sum(d => d.OnTime), doses.Sum(d => d.Due));
        var ended = data.Ended().ToList();
        var averageStay = AnalyticsMath.Average(ended.Sum(e => e.Days), ended.Count, ValueFormat.Days);

        var cards = new List<FigureValue>
        {
            new(InHospitalId, L["Analytics.Care.InHospital"], ValueFormat.Count, data.InHospital().Count()) { Hint = L["Analytics.Care.InHospital.Hint"] },
            new(OccupancyId, L["Analytics.Care.Occupancy"], ValueFormat.Percent, occupancy) { Hint = L["Analytics.Care.Occupancy.Hint"] },
            new(AdherenceId, L["Analytics.Care.Adherence"], ValueFormat.Percent, adherence) { Hint = L["Analytics.Care.Adherence.Hint"] },
            new(AverageStayId, L["Analytics.Care.AverageStay"], ValueFormat.Days, averageStay, HigherIsBetter: false) { Hint = L["Analytics.Care.AverageStay.Hint"] },
        };

        var categories = buckets.Select(b => new ChartCategory(b.Key, context.Period.Label(b))).ToList();
        var occupancySeries = wards.Select(w => new ChartSeriesData(w.Key, w.Name, buckets.Select(b =>
        {
            var (from, to) = BucketWindow(context, b);
            return AnalyticsMath.Percent(Occupied(data, from, to, w.Key).Sum(o => o.BedDays), Capacity(data.CapacityBeds(w.Key), from, to));
        }).ToList())).ToList();

        var endedWards = data.Wards(ended.Select(e => data.WardKeyOf(e.Stay.BedId)));
        var lengthSeries = new ChartSeriesData(AverageSeriesKey, L["Analytics.Care.Average"], endedWards
            .Select(w => ended.Where(e => data.WardKeyOf(e.Stay.BedId) == w.Key).ToList())
            .Select(list => AnalyticsMath.Average(list.Sum(e => e.Days), list.Count, ValueFormat.Days))
            .ToList());

        // One pass over the doses per chart: (series, bucket) → (on time, due).
        IReadOnlyList<decimal?> Rates(Dictionary<(string Series, string Bucket), (int OnTime, int Due)> counts, string series) =>
            buckets.Select(b => counts.TryGetValue((series, b.Key), out var c) ? AnalyticsMath.Percent(c.OnTime, c.Due) : null).ToList();

        static Dictionary<(string, string), (int OnTime, int Due)> Count(IEnumerable<(string Series, string Bucket, int OnTime, int Due)> doses) =>
            doses.GroupBy(d => (d.Series, d.Bucket)).ToDictionary(g => g.Key, g => (g.Sum(d => d.OnTime), g.Sum(d => d.Due)));

        var byWard = Count(doses.Select(d => (d.Ward, d.Bucket, d.OnTime, d.Due)));
        var byShift = Count(doses.Select(d => (ShiftKey(d.Shift), d.Bucket, d.OnTime, d.Due)));
        var adherenceWards = data.Wards(doses.Select(d => d.Ward));
        var shifts = data.Shifts;
        var shiftIndexes = doses.Select(d => d.Shift).Distinct().Order().ToList();
        var charts = new List<ChartData>
        {
            new(OccupancyByWardId, L["Analytics.Care.OccupancyByWard"], ChartShape.Time, ValueFormat.Percent, categories, occupancySeries)
            {
                Headline = occupancy,
                Hint = L["Analytics.Care.Occupancy.Hint"],
            },
            new(LengthOfStayId, L["Analytics.Care.LengthOfStay"], ChartShape.Category, ValueFormat.Days,
                endedWards.Select(w => new ChartCategory(w.Key, w.Name)).ToList(), endedWards.Count == 0 ? [] : [lengthSeries])
            {
                Headline = averageStay,
                Hint = L["Analytics.Care.AverageStay.Hint"],
            },
            new(AdherenceByWardId, L["Analytics.Care.AdherenceByWard"], ChartShape.Time, ValueFormat.Percent, categories,
                adherenceWards.Select(w => new ChartSeriesData(w.Key, w.Name, Rates(byWard, w.Key))).ToList())
            {
                Headline = adherence,
                Hint = L["Analytics.Care.Adherence.Hint"],
            },
            new(AdherenceByShiftId, L["Analytics.Care.AdherenceByShift"], ChartShape.Time, ValueFormat.Percent, categories,
                shiftIndexes.Select(i => new ChartSeriesData(ShiftKey(i), ShiftClock.Label(i, shifts), Rates(byShift, ShiftKey(i)))).ToList())
            {
                Headline = adherence,
                Hint = L["Analytics.Care.AdherenceByShift.Hint"],
            },
        };
        return new AnalyticsSectionResult(cards, charts);
    }

    public async Task<DrillList?> DrillAsync(AnalyticsContext context, DrillKey key, CancellationToken ct)
    {
        if (context.VetId is not null
            || key.Figure is not (InHospitalId or OccupancyId or AdherenceId or AverageStayId or OccupancyByWardId or LengthOfStayId or AdherenceByWardId or AdherenceByShiftId))
        {
            return null;
        }

        var bucket = context.Period.BucketOf(key.Point);
        if (bucket is null && key.Figure is OccupancyByWardId or AdherenceByWardId or AdherenceByShiftId)
        {
            return null;
        }

        // A drill-down of stays reads no doses; one of a chart's point reads only the doses around its bucket.
        (DateTime From, DateTime To)? doses = key.Figure switch
        {
            AdherenceId => DoseRange(context, null),
            AdherenceByWardId or AdherenceByShiftId => DoseRange(context, bucket),
            _ => null,
        };
        var data = await LoadAsync(context, details: true, doses, ct);
        var (windowStart, windowEnd) = Window(context);
        switch (key.Figure)
        {
            case InHospitalId:
                return new DrillList(L["Analytics.Care.InHospital"], ValueFormat.Count, DrillAggregate.Count,
                    data.InHospital().OrderBy(s => s.AdmittedAt).Select(s => StayRow(data, s, s.AdmittedAt, 1)).ToList());

            case OccupancyId:
                return OccupancyList(data, L["Analytics.Care.Occupancy"], windowStart, windowEnd, null);

            case OccupancyByWardId:
            {
                if (!data.OccupancyWards().Any(w => w.Key == key.Series))
                {
                    return null;
                }

                var (from, to) = BucketWindow(context, bucket!);
                return OccupancyList(data, Title(L["Analytics.Care.OccupancyByWard"], data.WardName(key.Series!), context.Period.Label(bucket!)), from, to, key.Series);
            }

            case AverageStayId:
            case LengthOfStayId:
            {
                var ended = data.Ended().ToList();
                var title = L["Analytics.Care.AverageStay"].Value;
                if (key.Figure == LengthOfStayId)
                {
                    if (key.Series != AverageSeriesKey || !ended.Any(e => data.WardKeyOf(e.Stay.BedId) == key.Point))
                    {
                        return null;
                    }

                    ended = ended.Where(e => data.WardKeyOf(e.Stay.BedId) == key.Point).ToList();
                    title = Title(L["Analytics.Care.LengthOfStay"], data.WardName(key.Point!));
                }

                return new DrillList(title, ValueFormat.Days, DrillAggregate.Average,
                    ended.OrderBy(e => e.Stay.EndedAt).Select(e => StayRow(data, e.Stay, e.Stay.EndedAt, e.Days)).ToList());
            }

            default:
            {
                IEnumerable<DueDose> due = data.Due;
                var title = L["Analytics.Care.Adherence"].Value;
                if (key.Figure == AdherenceByWardId)
                {
                    due = due.Where(d => d.Ward == key.Series && d.Bucket == bucket!.Key);
                    title = Title(L["Analytics.Care.AdherenceByWard"], data.WardName(key.Series!), context.Period.Label(bucket!));
                }
                else if (key.Figure == AdherenceByShiftId)
                {
                    if (!int.TryParse(key.Series, NumberStyles.None, CultureInfo.InvariantCulture, out var shift) || shift >= data.Shifts.Count)
                    {
                        return null;
                    }

                    due = due.Where(d => d.Shift == shift && d.Bucket == bucket!.Key);
                    title = Title(L["Analytics.Care.AdherenceByShift"], ShiftClock.Label(shift, data.Shifts), context.Period.Label(bucket!));
                }

                return new DrillList(title, ValueFormat.Percent, DrillAggregate.Rate,
                    due.OrderBy(d => d.Dose.DueAt).Select(d => DoseRow(data, d)).ToList());
            }
        }
    }

    private static string ShiftKey(int index) => index.ToString(CultureInfo.InvariantCulture);

    private static string Title(params string[] parts) => string.Join(" · ", parts);

    /// <summary>The period's instants up to now: occupancy of a period not ended is about the hours gone.</summary>
    private static (DateTime From, DateTime To) Window(AnalyticsContext context) =>
        (context.StartUtc, context.AsOfUtc);

    private static (DateTime From, DateTime To) BucketWindow(AnalyticsContext context, AnalyticsBucket bucket)
    {
        var from = HospitalTime.ToUtc(bucket.From.ToDateTime(TimeOnly.MinValue), context.Zone);
        var to = HospitalTime.ToUtc(bucket.To.AddDays(1).ToDateTime(TimeOnly.MinValue), context.Zone);
        return (from, to < context.NowUtc ? to : context.NowUtc);
    }

    /// <summary>The doses a chart point's drill-down reads: its bucket's instants and a day either side (the rows
    /// are then picked by their local day, exactly as the chart grouped them), within the period; the whole period
    /// without a bucket.</summary>
    private static (DateTime From, DateTime To) DoseRange(AnalyticsContext context, AnalyticsBucket? bucket)
    {
        if (bucket is null)
        {
            return (context.StartUtc, context.EndUtc);
        }

        var from = HospitalTime.ToUtc(bucket.From.AddDays(-1).ToDateTime(TimeOnly.MinValue), context.Zone);
        var to = HospitalTime.ToUtc(bucket.To.AddDays(2).ToDateTime(TimeOnly.MinValue), context.Zone);
        return (from > context.StartUtc ? from : context.StartUtc, to < context.EndUtc ? to : context.EndUtc);
    }

    private static decimal BedDays(TimeSpan span) => decimal.Round((decimal)span.Ticks / TimeSpan.TicksPerDay, BedDayDecimals, MidpointRounding.AwayFromZero);

    /// <summary>Available bed-days of <paramref name="beds"/> between two instants; zero when the window is empty.</summary>
    private static decimal Capacity(int beds, DateTime from, DateTime to) => to > from ? beds * BedDays(to - from) : 0;

    /// <summary>The stays holding a bed (of <paramref name="wardKey"/>, or any) between two instants, each with its
    /// bed-days inside them.</summary>
    private static IEnumerable<(StayFact Stay, decimal BedDays)> Occupied(CareData data, DateTime from, DateTime to, string? wardKey) =>
        data.Stays
            .Where(s => s.BedId is not null && (wardKey is null || data.WardKeyOf(s.BedId) == wardKey))
            .Select(s =>
            {
                var start = s.AdmittedAt > from ? s.AdmittedAt : from;
                var endedAt = s.EndedAt ?? data.NowUtc;
                var end = endedAt < to ? endedAt : to;
                return (Stay: s, BedDays: end > start ? BedDays(end - start) : 0m);
            })
            .Where(o => o.BedDays > 0);

    private DrillList OccupancyList(CareData data, string title, DateTime from, DateTime to, string? wardKey) =>
        new(title, ValueFormat.Days, DrillAggregate.Share,
            Occupied(data, from, to, wardKey).OrderBy(o => o.Stay.AdmittedAt).Select(o => StayRow(data, o.Stay, o.Stay.AdmittedAt, o.BedDays)).ToList(),
            Capacity(data.CapacityBeds(wardKey), from, to));

    private DrillRow StayRow(CareData data, StayFact stay, DateTime? at, decimal value) =>
        new(DrillRecord.Stay, stay.Id, at, stay.PetName ?? "", data.PlaceOf(stay) ?? L[$"Hospitalization.Status.{stay.Status}"], value, StayHref(stay.Id));

    private DrillRow DoseRow(CareData data, DueDose due)
    {
        var dose = due.Dose;
        var outcome = due.OnTime ? L["Analytics.Care.Dose.OnTime"]
            : dose.Status == AdministrationStatus.Given ? L["Analytics.Care.Dose.Late"]
            : dose.Status == AdministrationStatus.Scheduled ? L["Analytics.Care.Dose.NotRecorded"]
            : L[$"AdministrationStatus.{dose.Status}"];
        return new DrillRow(DrillRecord.Dose, dose.Id, dose.DueAt, dose.PetName ?? "", Title(dose.Medication ?? "", data.WardName(due.Ward), outcome),
            due.OnTime ? 1 : 0, StayHref(dose.StayId));
    }

    /// <summary>The stay page (Features/Hospitalizations/StayPage.razor), relative to the hospital's base; a dose opens its stay.</summary>
    private static string StayHref(Guid stayId) => $"hospitalizations/{stayId}";

    // ---- Day figures (DailyFigures) ----------------------------------------------------------------------

    /// <summary>One local day's doses due, counted per bed of their stay (its ward is looked up when read, so a bed
    /// moved to another ward moves its doses with it) and nursing shift.</summary>
    public sealed record CareDay(List<DoseCount> Doses);

    /// <param name="Bed">The stay's bed; null for a stay without one.</param>
    public sealed record DoseCount(Guid? Bed, int Shift, int Due, int OnTime);

    public Task<int> RefreshDaysAsync(AnalyticsContext context, CancellationToken ct) => daily.RefreshAsync(this, context, ct);

    string IDayFigures<CareDay>.Kind => AnalyticsDayKind.Care;

    /// <summary>A day's adherence depends on the tolerance and the shifts it was counted with: changing them
    /// counts the days again. Raise <c>v</c> when <see cref="CareDay"/> or its rules change.</summary>
    async Task<string> IDayFigures<CareDay>.StampAsync(ClinicDbContext db, AnalyticsContext context, CancellationToken ct)
    {
        var settings = await CareSettingsService.SettingsAsync(db, ct);
        var shifts = string.Join(',', settings.Shifts().Select(t => t.ToString("HH:mm", CultureInfo.InvariantCulture)));
        return $"v1|{context.Zone.Id}|{settings.DoseToleranceMinutes}|{shifts}";
    }

    async Task<IReadOnlyDictionary<DateOnly, CareDay>> IDayFigures<CareDay>.ComputeAsync(AnalyticsContext context, CancellationToken ct)
    {
        var data = await LoadAsync(context, details: false, DoseRange(context, null), ct);
        return data.Due
            .GroupBy(d => context.LocalDay(d.Dose.DueAt))
            .ToDictionary(day => day.Key, day => new CareDay(day
                .GroupBy(d => (Bed: data.BedOf(d.Dose.StayId), d.Shift))
                .Select(g => new DoseCount(g.Key.Bed, g.Key.Shift, g.Count(), g.Count(d => d.OnTime)))
                .ToList()));
    }

    /// <summary>Everything the section's figures are made of, for one period: wards and beds, the stays that
    /// touch the period (or are open at its "as of" moment) and the doses due in it, in slim projections
    /// (names only for a drill-down).</summary>
    /// <param name="doseRange">The due times of the doses to read; none when null.</param>
    private async Task<CareData> LoadAsync(AnalyticsContext context, bool details, (DateTime From, DateTime To)? doseRange, CancellationToken ct)
    {
        var start = context.StartUtc;
        var end = context.EndUtc;
        var (doseFrom, doseTo) = doseRange ?? default;
        var asOf = context.AsOfUtc;
        var lower = asOf < start ? asOf : start;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await CareSettingsService.SettingsAsync(db, ct);
        var wards = await db.Wards.AsNoTracking().Select(w => new WardFact(w.Id, w.Name, w.Order, w.IsActive)).ToListAsync(ct);
        var beds = await db.Beds.AsNoTracking().Select(b => new BedFact(b.Id, b.WardId, b.Name, b.IsActive)).ToListAsync(ct);

        var stays = db.Hospitalizations.AsNoTracking().Where(h => h.AdmittedAt < end && (h.EndedAt == null || h.EndedAt >= lower));
        var stayFacts = details
            ? await (from h in stays
                     join p in db.Pets.IgnoreQueryFilters() on h.PetId equals p.Id
                     select new StayFact(h.Id, h.BedId, h.AdmittedAt, h.EndedAt, h.Status, p.Name)).ToListAsync(ct)
            : await stays.Select(h => new StayFact(h.Id, h.BedId, h.AdmittedAt, h.EndedAt, h.Status, null)).ToListAsync(ct);

        // Only doses already due (due + tolerance passed) can count; the rest is not read at all.
        var dueBy = context.NowUtc.AddMinutes(-settings.DoseToleranceMinutes);
        // The statuses spelled out (not a list parameter) so the (Status, DueAt) index serves the range.
        var doses = db.MedicationAdministrations.AsNoTracking()
            .Where(a => (a.Status == AdministrationStatus.Scheduled || a.Status == AdministrationStatus.Given || a.Status == AdministrationStatus.Held
                         || a.Status == AdministrationStatus.Refused || a.Status == AdministrationStatus.Missed)
                        && a.DueAt >= doseFrom && a.DueAt < doseTo && a.DueAt <= dueBy);
        var doseFacts = doseRange is null ? []
            : details
            ? await (from a in doses
                     join i in db.PrescriptionItems on a.PrescriptionItemId equals i.Id
                     join p in db.Pets.IgnoreQueryFilters() on a.PetId equals p.Id
                     select new DoseFact(a.Id, a.HospitalizationId, a.DueAt, a.Status, a.RecordedAt, p.Name, i.MedicationName)).ToListAsync(ct)
            : await doses.Select(a => new DoseFact(Guid.Empty, a.HospitalizationId, a.DueAt, a.Status, a.RecordedAt, null, null)).ToListAsync(ct);

        // A dose's ward is its stay's; the stays of the period hold nearly all of them, the odd one (a dose
        // left scheduled after its stay) is looked up in one query.
        var bedOf = stayFacts.ToDictionary(s => s.Id, s => s.BedId);
        var missing = doseFacts.Select(d => d.StayId).Where(id => !bedOf.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
        {
            foreach (var stay in await db.Hospitalizations.AsNoTracking().Where(h => missing.Contains(h.Id)).Select(h => new { h.Id, h.BedId }).ToListAsync(ct))
            {
                bedOf[stay.Id] = stay.BedId;
            }
        }

        return new CareData(context, wards, beds, stayFacts, doseFacts, bedOf, settings.DoseToleranceMinutes, settings.Shifts(), L["Analytics.Care.NoWard"]);
    }

    private sealed record WardFact(Guid Id, string Name, int Order, bool Active);

    private sealed record BedFact(Guid Id, Guid WardId, string Name, bool Active);

    private sealed record StayFact(Guid Id, Guid? BedId, DateTime AdmittedAt, DateTime? EndedAt, HospitalizationStatus Status, string? PetName);

    private sealed record DoseFact(Guid Id, Guid StayId, DateTime DueAt, AdministrationStatus Status, DateTime? RecordedAt, string? PetName, string? Medication);

    /// <summary>A dose due in the period, with what the charts group it by: its ward's key, its bucket and its shift.</summary>
    private sealed record DueDose(DoseFact Dose, bool OnTime, string Ward, string Bucket, int Shift);

    private sealed record EndedStay(StayFact Stay, decimal Days);

    private sealed record WardLine(string Key, string Name);

    /// <summary>The rows of one period and the rules that select from them, shared by figures and drill-downs.</summary>
    private sealed class CareData
    {
        private readonly AnalyticsContext _context;
        private readonly Dictionary<Guid, WardFact> _wards;
        private readonly Dictionary<Guid, BedFact> _beds;
        private readonly IReadOnlyList<DoseFact> _doses;
        private readonly int _tolerance;
        private readonly string _noWard;
        private readonly HashSet<Guid> _capacity;
        private readonly Dictionary<Guid, string> _wardKeyOfBed;
        private readonly Dictionary<Guid, Guid?> _bedOfStay;
        private List<DueDose>? _due;

        public CareData(AnalyticsContext context, IReadOnlyList<WardFact> wards, IReadOnlyList<BedFact> beds, IReadOnlyList<StayFact> stays, IReadOnlyList<DoseFact> doses, Dictionary<Guid, Guid?> bedOfStay, int tolerance, IReadOnlyList<TimeOnly> shifts, string noWard)
        {
            _context = context;
            _wards = wards.ToDictionary(w => w.Id);
            _beds = beds.ToDictionary(b => b.Id);
            _wardKeyOfBed = beds.ToDictionary(b => b.Id, b => b.WardId.ToString());
            _bedOfStay = bedOfStay;
            Stays = stays;
            _doses = doses;
            _tolerance = tolerance;
            Shifts = shifts;
            _noWard = noWard;

            // The beds a period is measured against: the active ones of active wards, and any other a stay
            // held inside the period (a bed closed since was there to hold it).
            var (from, to) = Window(context);
            _capacity = beds.Where(b => b.Active && _wards.TryGetValue(b.WardId, out var w) && w.Active).Select(b => b.Id)
                .Concat(stays.Where(s => s.BedId is not null && s.AdmittedAt < to && (s.EndedAt ?? context.NowUtc) > from && _beds.ContainsKey(s.BedId.Value)).Select(s => s.BedId!.Value))
                .ToHashSet();
        }

        public IReadOnlyList<StayFact> Stays { get; }

        public IReadOnlyList<TimeOnly> Shifts { get; }

        public DateTime NowUtc => _context.NowUtc;

        /// <summary>The bed a dose counts in: its stay's.</summary>
        public Guid? BedOf(Guid stayId) => _bedOfStay.GetValueOrDefault(stayId);

        public string WardKeyOf(Guid? bedId) =>
            bedId is { } id && _wardKeyOfBed.TryGetValue(id, out var key) ? key : NoWardKey;

        public string WardName(string key) =>
            Guid.TryParse(key, out var id) && _wards.TryGetValue(id, out var ward) ? ward.Name : _noWard;

        /// <summary>"Ward · bed" of a stay, or null when it never had a bed.</summary>
        public string? PlaceOf(StayFact stay) =>
            stay.BedId is { } id && _beds.TryGetValue(id, out var bed) ? $"{WardName(bed.WardId.ToString())} · {bed.Name}" : null;

        public int CapacityBeds(string? wardKey) => _capacity.Count(b => wardKey is null || _wardKeyOfBed[b] == wardKey);

        /// <summary>The wards with beds to measure, in the hospital's order.</summary>
        public List<WardLine> OccupancyWards() => Wards(_capacity.Select(b => _wardKeyOfBed[b]));

        /// <summary>The wards named by <paramref name="keys"/>, in the hospital's order, "no bed" last.</summary>
        public List<WardLine> Wards(IEnumerable<string> keys) =>
            keys.Distinct()
                .Select(k => (Key: k, Ward: Guid.TryParse(k, out var id) ? _wards.GetValueOrDefault(id) : null))
                .OrderBy(w => w.Ward is null)
                .ThenBy(w => w.Ward?.Order ?? 0)
                .ThenBy(w => w.Ward?.Name, StringComparer.CurrentCulture)
                .Select(w => new WardLine(w.Key, w.Ward?.Name ?? _noWard))
                .ToList();

        /// <summary>Stays admitted before the "as of" moment and not ended by it.</summary>
        public IEnumerable<StayFact> InHospital()
        {
            var asOf = _context.AsOfUtc;
            return Stays.Where(s => s.AdmittedAt < asOf && (s.EndedAt is null || s.EndedAt > asOf));
        }

        /// <summary>Stays ended (discharge or death) in the period, with their length in days.</summary>
        public IEnumerable<EndedStay> Ended() =>
            Stays.Where(s => s.EndedAt is { } ended && ended >= _context.StartUtc && ended < _context.EndUtc)
                .Select(s => new EndedStay(s, BedDays(s.EndedAt!.Value - s.AdmittedAt)));

        /// <summary>The doses due in the period by <see cref="AdherenceCalculator"/>'s rules, each on time or not,
        /// with its ward, local day's bucket and shift worked out once (a year holds hundreds of thousands).</summary>
        public IReadOnlyList<DueDose> Due => _due ??= Classify();

        private List<DueDose> Classify()
        {
            var buckets = new Dictionary<DateOnly, string>();
            var result = new List<DueDose>(_doses.Count);
            foreach (var fact in _doses)
            {
                var dose = new AdherenceDose(fact.StayId, "", null, null, fact.DueAt, fact.Status, fact.RecordedAt, null, null);
                if (!AdherenceCalculator.IsDue(dose, _context.NowUtc, _tolerance))
                {
                    continue;
                }

                var local = HospitalTime.ToLocal(fact.DueAt, _context.Zone);
                var day = DateOnly.FromDateTime(local);
                if (!buckets.TryGetValue(day, out var bucket))
                {
                    bucket = _context.Period.BucketKeyOf(day);
                    buckets[day] = bucket;
                }

                result.Add(new DueDose(fact, AdherenceCalculator.IsOnTime(dose, _tolerance), WardKeyOf(_bedOfStay.GetValueOrDefault(fact.StayId)), bucket,
                    ShiftClock.IndexOf(TimeOnly.FromDateTime(local), Shifts)));
            }

            return result;
        }
    }
}
