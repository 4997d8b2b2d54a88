using System.Globalization;
using ClinicApp.Data;
using ClinicApp.Data.Analytics;
using ClinicApp.Data.Billing;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Reports;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Analytics;

/// <summary>The agenda and the veterinarians' production: appointments attended, the no-show rate (by day, by
/// weekday × hour, by what became of the reminder), new tutors and pets, production per veterinarian and
/// vaccinations due against given. A veterinarian's own view (<see cref="AnalyticsContext.VetId"/>) has only
/// their production: their attended appointments, the revenue of their visits and stays, and its average ticket;
/// never the hospital's revenue or another veterinarian's row.
/// <para>Definitions (shared with the README): the day of an appointment is the local day of its start;
/// attended = <see cref="AttendanceReport.IsAttended"/>; no-show rate = no-shows ÷ appointments whose time has
/// passed and that were not cancelled. Production revenue = invoices not cancelled issued in the period whose
/// visit is one of the vet's appointments or a stay the vet is responsible for; average ticket = that revenue ÷
/// those invoices. Production is three charts: revenue in <see cref="ProductionChart"/>, the average ticket in
/// <see cref="TicketChart"/> (beside revenue on one axis a ticket of R$ 200 next to R$ 40,000 is a flat line) and
/// the count of attended appointments in <see cref="ConsultationsChart"/>.</para>
/// <para>Every figure and its drill-down are computed from the same rows (<see cref="Facts"/>), so they agree.</para></summary>
public sealed class AgendaSection(ClinicDbFactory dbFactory, DailyFigures daily, IStringLocalizer<SharedResource> L)
    : IAnalyticsSection, IDayFigures<AgendaSection.AgendaDay>, IStoredDays
{
    public const string AttendedCard = "attended";
    public const string NoShowCard = "no-show-rate";
    public const string NewTutorsCard = "new-tutors";
    public const string NewPetsCard = "new-pets";
    public const string VetRevenueCard = "vet-revenue";
    public const string VetAverageTicketCard = "vet-average-ticket";

    public const string StatusChart = "appointments-by-status";
    public const string HeatmapChart = "no-show-heatmap";
    public const string ReminderChart = "no-show-by-reminder";
    public const string ProductionChart = "production-by-vet";
    public const string TicketChart = "ticket-by-vet";
    public const string ConsultationsChart = "consultations-by-vet";
    public const string VaccinationsChart = "vaccinations";

    /// <summary>Series of <see cref="StatusChart"/>, in stacking order.</summary>
    public const string AttendedSeries = "attended";
    public const string NoShowSeries = "no-show";
    public const string CancelledSeries = "cancelled";
    public const string OpenSeries = "open";

    /// <summary>The one series of <see cref="ReminderChart"/> and its categories.</summary>
    public const string NoShowRateSeries = "no-show-rate";
    public const string ConfirmedGroup = "confirmed";
    public const string NoAnswerGroup = "no-answer";
    public const string NotReachedGroup = "not-reached";

    public const string RevenueSeries = "revenue";
    public const string AverageTicketSeries = "average-ticket";
    public const string ConsultationsSeries = "consultations";

    public const string DueSeries = "due";
    public const string GivenSeries = "given";

    private static readonly string[] StatusGroups = [AttendedSeries, NoShowSeries, CancelledSeries, OpenSeries];
    private static readonly string[] ReminderGroups = [ConfirmedGroup, NoAnswerGroup, NotReachedGroup];
    private static readonly DayOfWeek[] Weekdays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public int Order => 20;

    public bool ForVets => true;

    public async Task<AnalyticsSectionResult> ComputeAsync(AnalyticsContext context, CancellationToken ct)
    {
        // The appointments and production by day, stored for closed days (DailyFigures): the hospital's, of which a
        // veterinarian's view keeps their own row.
        var totals = Totals.Of(context, await daily.ReadAsync(this, context, ct));
        if (context.VetId is { } me)
        {
            totals = totals.OfVet(me);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var ids = totals.Vets.Keys.ToList();
            totals.VetNames = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        }

        var production = ProductionChartData(totals);
        var ticket = TicketChartData(totals);
        var consultations = ConsultationsChartData(totals);
        var attendedCount = totals.Vets.Values.Sum(v => v.Attended);
        var attended = new FigureValue(AttendedCard, L["Analytics.Agenda.Attended"], ValueFormat.Count, attendedCount)
        {
            Hint = L["Analytics.Agenda.Attended.Hint"],
        };

        if (context.VetId is not null)
        {
            // A veterinarian's own view: their work only, never the hospital's revenue.
            return new AnalyticsSectionResult(
                [
                    attended,
                    new FigureValue(VetRevenueCard, L["Analytics.Agenda.VetRevenue"], ValueFormat.Money, totals.Vets.Values.Sum(v => v.Revenue))
                    {
                        Hint = L["Analytics.Agenda.Production.Hint"],
                    },
                    new FigureValue(VetAverageTicketCard, L["Analytics.Agenda.VetAverageTicket"], ValueFormat.Money, AverageTicket(totals.Vets.Values)),
                ],
                [production, ticket, consultations]);
        }

        var (newTutors, newPets) = await NewcomersAsync(context, ct);
        var cards = new List<FigureValue>
        {
            attended,
            new(NoShowCard, L["Analytics.Agenda.NoShowRate"], ValueFormat.Percent, totals.NoShows.Rate, HigherIsBetter: false)
            {
                Hint = L["Analytics.Agenda.NoShowRate.Hint"],
            },
            new(NewTutorsCard, L["Analytics.Agenda.NewTutors"], ValueFormat.Count, newTutors),
            new(NewPetsCard, L["Analytics.Agenda.NewPets"], ValueFormat.Count, newPets),
        };

        var charts = new List<ChartData> { StatusChartData(context, totals), HeatmapChartData(totals) };
        if (totals.Reminded)
        {
            charts.Add(ReminderChartData(totals));
        }

        charts.Add(production);
        charts.Add(ticket);
        charts.Add(consultations);
        charts.Add(VaccinationsChartData(context, totals));
        return new AnalyticsSectionResult(cards, charts);
    }

    /// <summary>New tutors and pets, counted by the database (a year of them is a few thousand rows; their
    /// drill-downs read the same conditions).</summary>
    private async Task<(int Tutors, int Pets)> NewcomersAsync(AnalyticsContext context, CancellationToken ct)
    {
        var (start, end) = (context.StartUtc, context.EndUtc);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.Tutors.CountAsync(t => t.CreatedAt >= start && t.CreatedAt < end, ct),
            await db.Pets.CountAsync(p => p.CreatedAt >= start && p.CreatedAt < end, ct));
    }

    public async Task<DrillList?> DrillAsync(AnalyticsContext context, DrillKey key, CancellationToken ct)
    {
        var vetView = context.VetId is not null;
        var mine = key.Figure is AttendedCard or VetRevenueCard or VetAverageTicketCard or ProductionChart or TicketChart or ConsultationsChart;
        var hospital = key.Figure is NoShowCard or NewTutorsCard or NewPetsCard or StatusChart or HeatmapChart or ReminderChart or VaccinationsChart;
        if (!(mine || (hospital && !vetView)) || (!vetView && key.Figure is VetRevenueCard or VetAverageTicketCard))
        {
            return null;
        }

        var facts = await Facts.LoadAsync(dbFactory, context, names: true, ct);
        return key.Figure switch
        {
            AttendedCard => Appointments(L["Analytics.Agenda.Attended"], DrillAggregate.Count, facts.Attended, _ => 1),
            NoShowCard => Appointments(L["Analytics.Agenda.NoShowRate"], DrillAggregate.Rate, facts.Due, NoShowValue),
            NewTutorsCard => new DrillList(L["Analytics.Agenda.NewTutors"], ValueFormat.Count, DrillAggregate.Count,
                facts.NewTutors.Select(t => new DrillRow(DrillRecord.Tutor, t.Id, t.CreatedAt, t.Name, null, 1, $"tutors/{t.Id}")).ToList()),
            NewPetsCard => new DrillList(L["Analytics.Agenda.NewPets"], ValueFormat.Count, DrillAggregate.Count,
                facts.NewPets.Select(p => new DrillRow(DrillRecord.Pet, p.Id, p.CreatedAt, p.Name, p.Tutor, 1, $"pets/{p.Id}")).ToList()),
            VetRevenueCard => Invoices(L["Analytics.Agenda.VetRevenue"], DrillAggregate.Sum, facts.Invoices),
            VetAverageTicketCard => Invoices(L["Analytics.Agenda.VetAverageTicket"], DrillAggregate.Average, facts.Invoices),
            StatusChart => DrillStatus(context, facts, key),
            HeatmapChart => DrillHeatmap(facts, key),
            ReminderChart => DrillReminder(facts, key),
            ProductionChart or TicketChart => DrillProduction(facts, key),
            ConsultationsChart => DrillConsultations(facts, key),
            VaccinationsChart => DrillVaccinations(context, facts, key),
            _ => null,
        };
    }

    // ---- The figures -------------------------------------------------------------------------------------

    private static decimal? NoShowRate(IReadOnlyCollection<Visit> due) => AnalyticsMath.Percent(due.Count(v => v.Status == AppointmentStatus.NoShow), due.Count);

    private static decimal NoShowValue(Visit visit) => visit.Status == AppointmentStatus.NoShow ? 1 : 0;

    private static decimal? AverageTicket(IEnumerable<VetDay> vets) =>
        AnalyticsMath.Average(vets.Sum(v => v.Revenue), vets.Sum(v => v.Invoices), ValueFormat.Money);

    /// <summary>The group of <see cref="StatusChart"/> an appointment is in.</summary>
    private static string StatusGroup(AppointmentStatus status) =>
        AttendanceReport.IsAttended(status) ? AttendedSeries
        : status == AppointmentStatus.NoShow ? NoShowSeries
        : status == AppointmentStatus.Cancelled ? CancelledSeries
        : OpenSeries;

    private string StatusLabel(string group) => group switch
    {
        AttendedSeries => L["Analytics.Agenda.Status.Attended"],
        NoShowSeries => L["Analytics.Agenda.Status.NoShow"],
        CancelledSeries => L["Analytics.Agenda.Status.Cancelled"],
        _ => L["Analytics.Agenda.Status.Open"],
    };

    private ChartData StatusChartData(AnalyticsContext context, Totals totals)
    {
        var buckets = context.Period.Buckets();
        var series = StatusGroups
            .Select(group => new ChartSeriesData(group, StatusLabel(group),
                buckets.Select(b => (decimal?)totals.Status.GetValueOrDefault((group, b.Key))).ToList()))
            .ToList();
        return new ChartData(StatusChart, L["Analytics.Agenda.ByStatus"], ChartShape.Time, ValueFormat.Count, TimeCategories(context), series)
        {
            Stacked = true,
            Headline = totals.Status.Values.Sum(),
        };
    }

    private static List<ChartCategory> TimeCategories(AnalyticsContext context) =>
        context.Period.Buckets().Select(b => new ChartCategory(b.Key, context.Period.Label(b))).ToList();

    private static string WeekdayKey(DayOfWeek day) => day.ToString().ToLowerInvariant();

    private static string HourKey(int hour) => hour.ToString("00", CultureInfo.InvariantCulture);

    private static string HourLabel(int hour) => $"{hour:00}:00";

    /// <summary>Monday to Saturday always; Sunday only when something was booked on a Sunday.</summary>
    private static IEnumerable<DayOfWeek> HeatmapRows(bool sunday) => Weekdays.Where(d => d != DayOfWeek.Sunday || sunday);

    private ChartData HeatmapChartData(Totals totals)
    {
        var hours = totals.Cells.Keys.Select(c => c.Hour).Distinct().Order().ToList();
        var series = HeatmapRows(totals.Cells.Keys.Any(c => c.Day == DayOfWeek.Sunday))
            .Select(day => new ChartSeriesData(WeekdayKey(day), CultureInfo.CurrentCulture.DateTimeFormat.GetAbbreviatedDayName(day),
                hours.Select(h => totals.Cells.TryGetValue((day, h), out var cell) ? cell.Rate : null).ToList()))
            .ToList();
        return new ChartData(HeatmapChart, L["Analytics.Agenda.Heatmap"], ChartShape.Heatmap, ValueFormat.Percent,
            hours.Select(h => new ChartCategory(HourKey(h), HourLabel(h))).ToList(), series)
        {
            Headline = totals.NoShows.Rate,
            Hint = L["Analytics.Agenda.Heatmap.Hint"],
        };
    }

    private string ReminderLabel(string group) => group switch
    {
        ConfirmedGroup => L["Analytics.Agenda.Reminder.Confirmed"],
        NoAnswerGroup => L["Analytics.Agenda.Reminder.NoAnswer"],
        _ => L["Analytics.Agenda.Reminder.NotReached"],
    };

    private ChartData ReminderChartData(Totals totals)
    {
        var series = new ChartSeriesData(NoShowRateSeries, L["Analytics.Agenda.NoShowRate"],
            ReminderGroups.Select(g => totals.Reminders.GetValueOrDefault(g, RateCount.None).Rate).ToList());
        return new ChartData(ReminderChart, L["Analytics.Agenda.ByReminder"], ChartShape.Category, ValueFormat.Percent,
            ReminderGroups.Select(g => new ChartCategory(g, ReminderLabel(g))).ToList(), [series])
        {
            Headline = totals.NoShows.Rate,
            Hint = L["Analytics.Agenda.ByReminder.Hint"],
        };
    }

    /// <summary>Each veterinarian's attended appointments and the revenue and count of the invoices of their
    /// visits and stays.</summary>
    private static Dictionary<Guid, VetDay> VetTotals(IEnumerable<Visit> attended, IEnumerable<InvoiceFact> invoices)
    {
        var vets = new Dictionary<Guid, VetDay>();
        foreach (var visit in attended)
        {
            var vet = vets.GetValueOrDefault(visit.VetId, VetDay.None);
            vets[visit.VetId] = vet with { Attended = vet.Attended + 1 };
        }

        foreach (var invoice in invoices)
        {
            var vet = vets.GetValueOrDefault(invoice.VetId, VetDay.None);
            vets[invoice.VetId] = vet with { Revenue = vet.Revenue + invoice.Total, Invoices = vet.Invoices + 1 };
        }

        return vets;
    }

    /// <summary>The veterinarians with attended appointments or revenue in the period, highest revenue first.</summary>
    private static List<Guid> ProducingVets(Dictionary<Guid, VetDay> vets, Func<Guid, string> name) =>
        vets.Where(v => v.Value.Attended > 0 || v.Value.Invoices > 0)
            .OrderByDescending(v => v.Value.Revenue)
            .ThenBy(v => name(v.Key), StringComparer.CurrentCulture)
            .Select(v => v.Key)
            .ToList();

    private ChartData ProductionChartData(Totals totals) =>
        PerVetChart(totals, ProductionChart, L["Analytics.Agenda.Production"], RevenueSeries, L["Analytics.Agenda.Revenue"], vets => vets.Sum(v => v.Revenue));

    private ChartData TicketChartData(Totals totals) =>
        PerVetChart(totals, TicketChart, L["Analytics.Agenda.TicketByVet"], AverageTicketSeries, L["Analytics.Agenda.AverageTicket"], AverageTicket);

    /// <summary>One money figure of each producing vet's invoices; the headline is the same figure of all of them.</summary>
    private ChartData PerVetChart(Totals totals, string id, string title, string series, string label, Func<IEnumerable<VetDay>, decimal?> value)
    {
        var vets = ProducingVets(totals.Vets, totals.VetName);
        var categories = vets.Select(v => new ChartCategory(v.ToString(), totals.VetName(v))).ToList();
        return new ChartData(id, title, ChartShape.Category, ValueFormat.Money, categories,
            [new ChartSeriesData(series, label, vets.Select(v => value([totals.Vets[v]])).ToList())])
        {
            Headline = value(totals.Vets.Values),
            Hint = L["Analytics.Agenda.Production.Hint"],
        };
    }

    private ChartData ConsultationsChartData(Totals totals)
    {
        var vets = ProducingVets(totals.Vets, totals.VetName);
        return new ChartData(ConsultationsChart, L["Analytics.Agenda.Consultations"], ChartShape.Category, ValueFormat.Count,
            vets.Select(v => new ChartCategory(v.ToString(), totals.VetName(v))).ToList(),
            [new ChartSeriesData(ConsultationsSeries, L["Analytics.Agenda.ConsultationsSeries"],
                vets.Select(v => (decimal?)totals.Vets[v].Attended).ToList())])
        {
            Headline = totals.Vets.Values.Sum(v => v.Attended),
        };
    }

    private ChartData VaccinationsChartData(AnalyticsContext context, Totals totals)
    {
        var buckets = context.Period.Buckets();
        ChartSeriesData Series(string key, string label) =>
            new(key, label, buckets.Select(b => (decimal?)totals.Vaccinations.GetValueOrDefault((key, b.Key))).ToList());

        return new ChartData(VaccinationsChart, L["Analytics.Agenda.Vaccinations"], ChartShape.Time, ValueFormat.Count, TimeCategories(context),
            [
                Series(DueSeries, L["Analytics.Agenda.Vaccinations.Due"]),
                Series(GivenSeries, L["Analytics.Agenda.Vaccinations.Given"]),
            ])
        {
            Headline = totals.Vaccinations.Where(c => c.Key.Series == GivenSeries).Sum(c => c.Value),
        };
    }

    // ---- Day figures (DailyFigures) ----------------------------------------------------------------------

    /// <summary>One local day of the agenda: its appointments by status group, the no-show rate's counts per hour and
    /// per reminder outcome, whether any had a reminder, and each vet's production of the day (appointments attended
    /// that day, invoices of their visits and stays issued that day), and vaccines given that day and due that day.</summary>
    public sealed record AgendaDay(Dictionary<string, int> Status, List<HourCount> Hours, Dictionary<string, RateCount> Reminders, bool Reminded, Dictionary<Guid, VetDay> Vets,
        int VaccinesGiven, int VaccinesDue);

    public sealed record HourCount(int Hour, int Due, int NoShows);

    /// <summary>A no-show rate's parts: appointments due and no-shows among them.</summary>
    public sealed record RateCount(int Due, int NoShows)
    {
        public static readonly RateCount None = new(0, 0);

        public decimal? Rate => AnalyticsMath.Percent(NoShows, Due);

        public RateCount Plus(int due, int noShows) => new(Due + due, NoShows + noShows);
    }

    public sealed record VetDay(int Attended, decimal Revenue, int Invoices)
    {
        public static readonly VetDay None = new(0, 0m, 0);
    }

    public Task<int> RefreshDaysAsync(AnalyticsContext context, CancellationToken ct) => daily.RefreshAsync(this, context, ct);

    string IDayFigures<AgendaDay>.Kind => AnalyticsDayKind.Agenda;

    /// <summary>Raise <c>v</c> when <see cref="AgendaDay"/> or the rules that fill it change.</summary>
    Task<string> IDayFigures<AgendaDay>.StampAsync(ClinicDbContext db, AnalyticsContext context, CancellationToken ct) =>
        Task.FromResult($"v2|{context.Zone.Id}");

    async Task<IReadOnlyDictionary<DateOnly, AgendaDay>> IDayFigures<AgendaDay>.ComputeAsync(AnalyticsContext context, CancellationToken ct)
    {
        var facts = await Facts.LoadAsync(dbFactory, context, names: false, ct, dayFigures: true);
        var visits = facts.InPeriod.ToLookup(v => v.Day);
        var due = facts.Due.ToLookup(v => v.Day);
        var attended = facts.Attended.ToLookup(v => v.Day);
        var invoices = facts.Invoices.ToLookup(i => context.LocalDay(i.IssuedAt));
        var (given, dueVaccines) = await VaccinationsByDayAsync(context, ct);
        return visits.Select(g => g.Key).Union(invoices.Select(g => g.Key)).Union(given.Keys).Union(dueVaccines.Keys).ToDictionary(day => day, day => new AgendaDay(
            visits[day].GroupBy(v => StatusGroup(v.Status)).ToDictionary(g => g.Key, g => g.Count()),
            due[day].GroupBy(v => v.Hour).Select(g => new HourCount(g.Key, g.Count(), g.Count(v => v.Status == AppointmentStatus.NoShow))).ToList(),
            due[day].GroupBy(facts.ReminderGroup).ToDictionary(g => g.Key, g => new RateCount(g.Count(), g.Count(v => v.Status == AppointmentStatus.NoShow))),
            visits[day].Any(v => facts.Reminders.TryGetValue(v.Id, out var trace) && trace.Reminded),
            VetTotals(attended[day], invoices[day]),
            given.GetValueOrDefault(day),
            dueVaccines.GetValueOrDefault(day)));
    }

    /// <summary>Vaccines given and next doses due per day of the period (removed records left out, as their
    /// drill-down does), counted by the database.</summary>
    private async Task<(Dictionary<DateOnly, int> Given, Dictionary<DateOnly, int> Due)> VaccinationsByDayAsync(AnalyticsContext context, CancellationToken ct)
    {
        var (from, to) = (context.Period.From, context.Period.To);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var given = await db.Vaccinations.Where(v => v.AppliedOn >= from && v.AppliedOn <= to)
            .GroupBy(v => v.AppliedOn).Select(g => new { Day = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Day, g => g.Count, ct);
        var due = await db.Vaccinations.Where(v => v.NextDueOn != null && v.NextDueOn >= from && v.NextDueOn <= to)
            .GroupBy(v => v.NextDueOn!.Value).Select(g => new { Day = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Day, g => g.Count, ct);
        return (given, due);
    }

    /// <summary>A period's day figures added up, in the shapes the charts read.</summary>
    private sealed class Totals
    {
        public Dictionary<(string Group, string Bucket), int> Status { get; } = [];

        public Dictionary<(DayOfWeek Day, int Hour), RateCount> Cells { get; } = [];

        public Dictionary<string, RateCount> Reminders { get; } = [];

        public bool Reminded { get; private set; }

        public Dictionary<Guid, VetDay> Vets { get; private set; } = [];

        public Dictionary<Guid, string> VetNames { get; set; } = [];

        /// <summary>Vaccines per (<see cref="GivenSeries"/> or <see cref="DueSeries"/>, bucket).</summary>
        public Dictionary<(string Series, string Bucket), int> Vaccinations { get; } = [];

        public RateCount NoShows => Cells.Values.Aggregate(RateCount.None, (all, cell) => all.Plus(cell.Due, cell.NoShows));

        public string VetName(Guid vet) => VetNames.GetValueOrDefault(vet) ?? "—";

        public static Totals Of(AnalyticsContext context, IReadOnlyDictionary<DateOnly, AgendaDay> days)
        {
            var totals = new Totals();
            foreach (var (day, figures) in days)
            {
                var bucket = context.Period.BucketKeyOf(day);
                foreach (var (group, count) in figures.Status)
                {
                    totals.Status[(group, bucket)] = totals.Status.GetValueOrDefault((group, bucket)) + count;
                }

                foreach (var hour in figures.Hours)
                {
                    var cell = (day.DayOfWeek, hour.Hour);
                    totals.Cells[cell] = totals.Cells.GetValueOrDefault(cell, RateCount.None).Plus(hour.Due, hour.NoShows);
                }

                foreach (var (group, count) in figures.Reminders)
                {
                    totals.Reminders[group] = totals.Reminders.GetValueOrDefault(group, RateCount.None).Plus(count.Due, count.NoShows);
                }

                totals.Reminded |= figures.Reminded;
                totals.Vaccinations[(GivenSeries, bucket)] = totals.Vaccinations.GetValueOrDefault((GivenSeries, bucket)) + figures.VaccinesGiven;
                totals.Vaccinations[(DueSeries, bucket)] = totals.Vaccinations.GetValueOrDefault((DueSeries, bucket)) + figures.VaccinesDue;
                foreach (var (vet, production) in figures.Vets)
                {
                    var sum = totals.Vets.GetValueOrDefault(vet, VetDay.None);
                    totals.Vets[vet] = new VetDay(sum.Attended + production.Attended, sum.Revenue + production.Revenue, sum.Invoices + production.Invoices);
                }
            }

            return totals;
        }

        /// <summary>A veterinarian's own figures: their production only.</summary>
        public Totals OfVet(Guid vet) => new() { Vets = Vets.Where(v => v.Key == vet).ToDictionary() };
    }

    // ---- The records behind them ---------------------------------------------------------------------------

    private static string Title(params string[] parts) => string.Join(" · ", parts);

    private DrillList Appointments(string title, DrillAggregate aggregate, IEnumerable<Visit> visits, Func<Visit, decimal> value) =>
        new(title, aggregate == DrillAggregate.Rate ? ValueFormat.Percent : ValueFormat.Count, aggregate,
            visits.OrderBy(v => v.Start).Select(v => new DrillRow(
                DrillRecord.Appointment, v.Id, v.Start, Title(v.Pet, v.Tutor), Title(L[$"Appointment.Status.{v.Status}"], v.Vet), value(v),
                $"agenda?date={v.Day:yyyy-MM-dd}")).ToList());

    private DrillList Invoices(string title, DrillAggregate aggregate, IEnumerable<InvoiceFact> invoices) =>
        new(title, ValueFormat.Money, aggregate,
            invoices.OrderBy(i => i.IssuedAt).Select(i => new DrillRow(
                DrillRecord.Invoice, i.Id, i.IssuedAt, L["Analytics.Agenda.Drill.Invoice", i.Number].Value, Title(i.Tutor, i.Vet), i.Total, $"invoices/{i.Id}")).ToList());

    private DrillList? DrillStatus(AnalyticsContext context, Facts facts, DrillKey key)
    {
        if (!StatusGroups.Contains(key.Series) || context.Period.BucketOf(key.Point) is not { } bucket)
        {
            return null;
        }

        return Appointments(Title(L["Analytics.Agenda.ByStatus"], StatusLabel(key.Series!), context.Period.Label(bucket)), DrillAggregate.Count,
            facts.InPeriod.Where(v => StatusGroup(v.Status) == key.Series && context.BucketKey(v.Start) == bucket.Key), _ => 1);
    }

    private DrillList? DrillHeatmap(Facts facts, DrillKey key)
    {
        var day = HeatmapRows(facts.Due.Any(v => v.Weekday == DayOfWeek.Sunday)).Cast<DayOfWeek?>().FirstOrDefault(d => WeekdayKey(d!.Value) == key.Series);
        var cell = day is null ? [] : facts.Due.Where(v => v.Weekday == day && HourKey(v.Hour) == key.Point).ToList();
        return cell.Count == 0
            ? null
            : Appointments(Title(L["Analytics.Agenda.Heatmap"], CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(day!.Value), HourLabel(cell[0].Hour)),
                DrillAggregate.Rate, cell, NoShowValue);
    }

    private DrillList? DrillReminder(Facts facts, DrillKey key)
    {
        if (!facts.HasReminders || key.Series != NoShowRateSeries || !ReminderGroups.Contains(key.Point))
        {
            return null;
        }

        return Appointments(Title(L["Analytics.Agenda.ByReminder"], ReminderLabel(key.Point!)), DrillAggregate.Rate,
            facts.Due.Where(v => facts.ReminderGroup(v) == key.Point), NoShowValue);
    }

    private static Guid? VetOf(Facts facts, DrillKey key) =>
        Guid.TryParse(key.Point, out var vet) && ProducingVets(VetTotals(facts.Attended, facts.Invoices), facts.VetName).Contains(vet) ? vet : null;

    private DrillList? DrillProduction(Facts facts, DrillKey key)
    {
        if (VetOf(facts, key) is not { } vet || (key.Figure, key.Series) is not ((ProductionChart, RevenueSeries) or (TicketChart, AverageTicketSeries)))
        {
            return null;
        }

        var revenue = key.Series == RevenueSeries;
        return Invoices(Title(revenue ? L["Analytics.Agenda.Production"] : L["Analytics.Agenda.TicketByVet"], facts.VetName(vet)),
            revenue ? DrillAggregate.Sum : DrillAggregate.Average, facts.Invoices.Where(i => i.VetId == vet));
    }

    private DrillList? DrillConsultations(Facts facts, DrillKey key) =>
        VetOf(facts, key) is { } vet && key.Series == ConsultationsSeries
            ? Appointments(Title(L["Analytics.Agenda.Consultations"], facts.VetName(vet)), DrillAggregate.Count, facts.Attended.Where(a => a.VetId == vet), _ => 1)
            : null;

    private DrillList? DrillVaccinations(AnalyticsContext context, Facts facts, DrillKey key)
    {
        if (context.Period.BucketOf(key.Point) is not { } bucket || key.Series is not (DueSeries or GivenSeries))
        {
            return null;
        }

        var due = key.Series == DueSeries;
        var rows = (due ? facts.DueVaccinations : facts.GivenVaccinations).Where(v => v.Bucket == bucket.Key).OrderBy(v => v.Day);
        return new DrillList(
            Title(L["Analytics.Agenda.Vaccinations"], due ? L["Analytics.Agenda.Vaccinations.Due"] : L["Analytics.Agenda.Vaccinations.Given"], context.Period.Label(bucket)),
            ValueFormat.Count, DrillAggregate.Count,
            rows.Select(v => new DrillRow(DrillRecord.Vaccination, v.Id, HospitalTime.ToUtc(v.Day.ToDateTime(TimeOnly.MinValue), context.Zone),
                Title(v.Pet, v.Vaccine), v.Tutor, 1, $"pets/{v.PetId}")).ToList());
    }

    // ---- The rows -----------------------------------------------------------------------------------------

    /// <summary>An appointment of the period, with its local day, weekday and hour.</summary>
    private sealed record Visit(Guid Id, DateTime Start, DateOnly Day, DayOfWeek Weekday, int Hour, Guid VetId, string Vet, AppointmentStatus Status, string Pet, string Tutor);

    /// <summary>What the queries read (names empty when only the figures are computed).</summary>
    private sealed record AppointmentRow(Guid Id, DateTime Start, Guid VeterinarianId, AppointmentStatus Status, string Pet, string Tutor);

    private sealed record InvoiceRow(Guid Id, int Number, DateTime IssuedAt, decimal Total, string VisitKey, string Tutor);

    private sealed record VaccinationRow(Guid Id, Guid PetId, DateOnly AppliedOn, DateOnly? NextDueOn, string Pet, string Tutor, string Vaccine);

    /// <summary>An invoice of a vet's production.</summary>
    private sealed record InvoiceFact(Guid Id, int Number, DateTime IssuedAt, decimal Total, Guid VetId, string Vet, string Tutor);

    private sealed record NewTutor(Guid Id, DateTime CreatedAt, string Name);

    private sealed record NewPet(Guid Id, DateTime CreatedAt, string Name, string Tutor);

    private sealed record VaccinationFact(Guid Id, Guid PetId, DateOnly Day, string Bucket, string Pet, string Tutor, string Vaccine);

    /// <summary>What became of an appointment's reminders: confirmed by reply, one reached the tutor, or none did.</summary>
    private sealed record ReminderTrace(bool Reminded, bool Reached, bool ConfirmedByReply);

    /// <summary>The rows of a period, read once; every figure and every drill-down of the section is computed from them.</summary>
    private sealed class Facts
    {
        public required List<Visit> InPeriod { get; init; }

        public required List<Visit> Attended { get; init; }

        /// <summary>The no-show rate's base: started before now and not cancelled.</summary>
        public required List<Visit> Due { get; init; }

        public required List<InvoiceFact> Invoices { get; init; }

        public required List<NewTutor> NewTutors { get; init; }

        public required List<NewPet> NewPets { get; init; }

        public required List<VaccinationFact> DueVaccinations { get; init; }

        public required List<VaccinationFact> GivenVaccinations { get; init; }

        public required Dictionary<Guid, ReminderTrace> Reminders { get; init; }

        public required Dictionary<Guid, string> Vets { get; init; }

        /// <summary>Whether any appointment of the period had a reminder queued: the reminder chart is shown only then.</summary>
        public bool HasReminders => Reminders.Values.Any(r => r.Reminded);

        public string VetName(Guid vet) => Vets.GetValueOrDefault(vet) ?? "—";

        /// <summary>Confirmed: the tutor confirmed by reply, or the appointment stands confirmed; no answer: a
        /// reminder reached the tutor (sent, not failed) and no confirmation came; not reached: none did.</summary>
        public string ReminderGroup(Visit visit)
        {
            var trace = Reminders.GetValueOrDefault(visit.Id);
            return trace is { ConfirmedByReply: true } || visit.Status == AppointmentStatus.Confirmed ? ConfirmedGroup
                : trace is { Reached: true } ? NoAnswerGroup
                : NotReachedGroup;
        }

        /// <param name="names">Read the pets', tutors' and vaccines' names too (a drill-down's rows); the figures
        /// need only the rows themselves, which are the same either way (the joins follow foreign keys).</param>
        /// <param name="dayFigures">Only what the day figures read (appointments, production, reminders): no new tutors,
        /// pets or vaccinations.</param>
        public static async Task<Facts> LoadAsync(ClinicDbFactory dbFactory, AnalyticsContext context, bool names, CancellationToken ct, bool dayFigures = false)
        {
            var (start, end) = (context.StartUtc, context.EndUtc);
            var vetOnly = context.VetId;
            var hospitalView = vetOnly is null;
            var counted = hospitalView && !dayFigures;
            await using var db = await dbFactory.CreateDbContextAsync(ct);

            // A tutor or pet removed since still belongs in the record of the period.
            var inPeriod = db.Appointments.AsNoTracking().Where(a => a.Start >= start && a.Start < end && (vetOnly == null || a.VeterinarianId == vetOnly));
            var appointments = names
                ? await (from a in inPeriod
                         join p in db.Pets.IgnoreQueryFilters() on a.PetId equals p.Id
                         join t in db.Tutors.IgnoreQueryFilters() on a.TutorId equals t.Id
                         select new AppointmentRow(a.Id, a.Start, a.VeterinarianId, a.Status, p.Name, t.Name))
                    .ToListAsync(ct)
                : await inPeriod.Select(a => new AppointmentRow(a.Id, a.Start, a.VeterinarianId, a.Status, "", "")).ToListAsync(ct);

            var invoices = await InvoicesAsync(db, start, end, vetOnly, names, appointments.ToDictionary(a => a.Id, a => a.VeterinarianId), ct);
            var vetIds = appointments.Select(a => a.VeterinarianId).Concat(invoices.Select(i => i.VetId)).Distinct().ToList();
            var vets = await db.Users.AsNoTracking().Where(u => vetIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

            var visits = appointments.Select(a =>
            {
                var local = HospitalTime.ToLocal(a.Start, context.Zone);
                return new Visit(a.Id, a.Start, DateOnly.FromDateTime(local), local.DayOfWeek, local.Hour, a.VeterinarianId,
                    vets.GetValueOrDefault(a.VeterinarianId) ?? "—", a.Status, a.Pet, a.Tutor);
            }).ToList();

            var facts = new Facts
            {
                InPeriod = visits,
                Attended = visits.Where(v => AttendanceReport.IsAttended(v.Status)).ToList(),
                Due = visits.Where(v => v.Status != AppointmentStatus.Cancelled && v.Start < context.NowUtc).ToList(),
                Invoices = invoices.Select(i => i with { Vet = vets.GetValueOrDefault(i.VetId) ?? "—" }).ToList(),
                Vets = vets,
                NewTutors = counted
                    ? await db.Tutors.AsNoTracking().Where(t => t.CreatedAt >= start && t.CreatedAt < end)
                        .OrderBy(t => t.CreatedAt).Select(t => new NewTutor(t.Id, t.CreatedAt, t.Name)).ToListAsync(ct)
                    : [],
                NewPets = !counted ? []
                    : names
                    // IgnoreQueryFilters (for a removed tutor's name) lifts every filter of the query: removed pets are excluded by hand.
                    ? await db.Pets.AsNoTracking().Where(p => !p.IsDeleted && p.CreatedAt >= start && p.CreatedAt < end)
                        .Join(db.Tutors.IgnoreQueryFilters(), p => p.TutorId, t => t.Id, (p, t) => new { p.Id, p.CreatedAt, p.Name, Tutor = t.Name })
                        .OrderBy(p => p.CreatedAt).Select(p => new NewPet(p.Id, p.CreatedAt, p.Name, p.Tutor)).ToListAsync(ct)
                    : await db.Pets.AsNoTracking().Where(p => p.CreatedAt >= start && p.CreatedAt < end)
                        .OrderBy(p => p.CreatedAt).Select(p => new NewPet(p.Id, p.CreatedAt, "", "")).ToListAsync(ct),
                DueVaccinations = counted ? await VaccinationsAsync(db, context, due: true, names, ct) : [],
                GivenVaccinations = counted ? await VaccinationsAsync(db, context, due: false, names, ct) : [],
                Reminders = hospitalView ? await RemindersAsync(db, start, end, ct) : new Dictionary<Guid, ReminderTrace>(),
            };
            return facts;
        }

        /// <summary>The period's invoices (not cancelled) of a visit or a stay, each with the veterinarian it is
        /// production of: the appointment's vet, or the stay's responsible vet.</summary>
        /// <param name="vetOfAppointment">The vets of the appointments already read (the period's): most invoices are of
        /// those, so only the others are looked up.</param>
        private static async Task<List<InvoiceFact>> InvoicesAsync(ClinicDbContext db, DateTime start, DateTime end, Guid? vetOnly, bool names, Dictionary<Guid, Guid> vetOfAppointment, CancellationToken ct)
        {
            var issued = db.Invoices.AsNoTracking()
                .Where(i => i.IssuedAt >= start && i.IssuedAt < end && i.Status != InvoiceStatus.Cancelled && i.VisitKey != null);
            var rows = names
                ? await (from i in issued
                         join t in db.Tutors.IgnoreQueryFilters() on i.TutorId equals t.Id
                         select new InvoiceRow(i.Id, i.Number, i.IssuedAt, i.Total, i.VisitKey!, t.Name))
                    .ToListAsync(ct)
                : await issued.Select(i => new InvoiceRow(i.Id, i.Number, i.IssuedAt, i.Total, i.VisitKey!, "")).ToListAsync(ct);

            // The visit's id is the key's last part; the key is re-built to tell an appointment from a stay.
            var keyed = rows.Select(r => (Row: r, Visit: Guid.TryParse(r.VisitKey[(r.VisitKey.LastIndexOf(':') + 1)..], out var id) ? id : Guid.Empty)).ToList();
            var appointmentIds = keyed.Where(k => k.Row.VisitKey == CareCharges.AppointmentKey(k.Visit)).Select(k => k.Visit).ToList();
            var stayIds = keyed.Where(k => k.Row.VisitKey == CareCharges.StayVisitKey(k.Visit)).Select(k => k.Visit).ToList();
            // In chunks: a year's invoices name more visits than one SQLite statement may carry.
            var vetOf = new Dictionary<Guid, Guid>();
            foreach (var id in appointmentIds.Where(vetOfAppointment.ContainsKey))
            {
                vetOf[id] = vetOfAppointment[id];
            }

            // A vet's own view read only their appointments: another vet's visit must still be looked up (and left out).
            foreach (var chunk in appointmentIds.Where(id => !vetOf.ContainsKey(id)).Chunk(500))
            {
                foreach (var appointment in await db.Appointments.AsNoTracking().Where(a => chunk.Contains(a.Id))
                             .Select(a => new { a.Id, Vet = a.VeterinarianId }).ToListAsync(ct))
                {
                    vetOf[appointment.Id] = appointment.Vet;
                }
            }

            foreach (var chunk in stayIds.Chunk(500))
            {
                foreach (var stay in await db.Hospitalizations.AsNoTracking().Where(h => chunk.Contains(h.Id))
                             .Select(h => new { h.Id, Vet = h.ResponsibleVetId }).ToListAsync(ct))
                {
                    vetOf[stay.Id] = stay.Vet;
                }
            }

            return keyed
                .Where(k => vetOf.ContainsKey(k.Visit) && (vetOnly is null || vetOf[k.Visit] == vetOnly))
                .Select(k => new InvoiceFact(k.Row.Id, k.Row.Number, k.Row.IssuedAt, k.Row.Total, vetOf[k.Visit], "", k.Row.Tutor))
                .ToList();
        }

        /// <summary>Doses due (next due date) or given (applied) on the period's days; removed records excluded.</summary>
        private static async Task<List<VaccinationFact>> VaccinationsAsync(ClinicDbContext db, AnalyticsContext context, bool due, bool names, CancellationToken ct)
        {
            var (from, to) = (context.Period.From, context.Period.To);
            // IgnoreQueryFilters (for a removed pet's name) lifts every filter of the query: removed records are excluded by hand.
            var query = db.Vaccinations.AsNoTracking().Where(v => !v.IsDeleted);
            query = due
                ? query.Where(v => v.NextDueOn != null && v.NextDueOn >= from && v.NextDueOn <= to)
                : query.Where(v => v.AppliedOn >= from && v.AppliedOn <= to);
            var rows = names
                ? await (from v in query
                         join p in db.Pets.IgnoreQueryFilters() on v.PetId equals p.Id
                         join t in db.Tutors.IgnoreQueryFilters() on p.TutorId equals t.Id
                         select new VaccinationRow(v.Id, v.PetId, v.AppliedOn, v.NextDueOn, p.Name, t.Name, v.Vaccine))
                    .ToListAsync(ct)
                : await query.Select(v => new VaccinationRow(v.Id, v.PetId, v.AppliedOn, v.NextDueOn, "", "", "")).ToListAsync(ct);
            return rows.Select(r =>
            {
                var day = due ? r.NextDueOn!.Value : r.AppliedOn;
                return new VaccinationFact(r.Id, r.PetId, day, context.Period.BucketKeyOf(day), r.Pet, r.Tutor, r.Vaccine);
            }).ToList();
        }

        /// <summary>The reminders and confirming replies of the period's appointments.</summary>
        private static async Task<Dictionary<Guid, ReminderTrace>> RemindersAsync(ClinicDbContext db, DateTime start, DateTime end, CancellationToken ct)
        {
            var kind = nameof(MessageKind.AppointmentReminder);
            var sent = await (from o in db.OutboxMessages.AsNoTracking()
                              where o.Kind == kind && o.AppointmentId != null
                              join a in db.Appointments on o.AppointmentId equals a.Id
                              where a.Start >= start && a.Start < end
                              select new { Appointment = a.Id, o.Status, o.Delivery })
                .ToListAsync(ct);
            var confirmed = await (from m in db.InboundMessages.AsNoTracking()
                                   where m.Outcome == InboundOutcome.Confirmed && m.AppointmentId != null
                                   join a in db.Appointments on m.AppointmentId equals a.Id
                                   where a.Start >= start && a.Start < end
                                   select a.Id)
                .Distinct().ToListAsync(ct);

            var traces = sent.GroupBy(s => s.Appointment).ToDictionary(
                g => g.Key,
                g => new ReminderTrace(true, g.Any(s => s.Status == OutboxStatus.Sent && s.Delivery is not (DeliveryStatus.Failed or DeliveryStatus.Undelivered)), false));
            foreach (var id in confirmed)
            {
                traces[id] = (traces.GetValueOrDefault(id) ?? new ReminderTrace(false, false, false)) with { ConfirmedByReply = true };
            }

            return traces;
        }
    }
}
