using System.Globalization;
using ClinicApp.Components.Shared;
using ClinicApp.Data.Analytics;
using ClinicApp.Data.Billing;
using ClinicApp.Features.Invoices;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Analytics;

/// <summary>The hospital's money: invoiced and received, average ticket, open receivables and their age, care not yet
/// charged, revenue by category per day, received by method and the top services and medicines. Hospital figures
/// only (no veterinarian's view). Every figure and its drill-down are built from the same in-memory rows, read with
/// slim projections; sums of money happen here and not in SQL (SQLite keeps decimals as text).</summary>
public sealed class RevenueSection(ClinicDbFactory dbFactory, CareCharges charges, DailyFigures daily, IStringLocalizer<SharedResource> localizer)
    : IAnalyticsSection, IDayFigures<RevenueSection.RevenueDay>, IStoredDays
{
    public const string Revenue = "revenue";
    public const string Received = "received";
    public const string AverageTicket = "average-ticket";
    public const string OpenReceivables = "open-receivables";
    public const string RevenueAtRisk = "revenue-at-risk";
    public const string RevenueByDay = "revenue-by-day";
    public const string ReceivedByMethod = "received-by-method";
    public const string ReceivablesAging = "receivables-aging";
    public const string TopServices = "top-services";
    public const string TopServicesByCount = "top-services-count";
    public const string TopMedicines = "top-medicines";
    public const string TopMedicinesByCount = "top-medicines-count";

    /// <summary>The series of <see cref="RevenueByDay"/>, in stacking order.</summary>
    public static readonly IReadOnlyList<string> Categories = ["consultations", "exams", "medicines", "hospitalization", "other"];

    /// <summary>The slices of <see cref="ReceivedByMethod"/>, one per payment method.</summary>
    public static readonly IReadOnlyList<string> Methods = ["cash", "card", "pix", "online"];

    /// <summary>The columns of <see cref="ReceivablesAging"/>: whole days since the invoice was issued.</summary>
    public static readonly IReadOnlyList<string> AgeBuckets = ["0-30", "31-60", "61-90", "90+"];

    /// <summary>How many services or medicines a top list shows.</summary>
    public const int TopCount = 10;

    private const string RevenueSeries = "revenue";
    private const string CountSeries = "count";
    private const string ReceivedSeries = "received";
    private const string OpenSeries = "open";

    public int Order => 10;

    /// <summary>Hospital revenue is the admins' alone; a veterinarian's production is another section's.</summary>
    public bool ForVets => false;

    public static string CategoryOf(ChargeKind kind) => kind switch
    {
        ChargeKind.Consultation => "consultations",
        ChargeKind.Exam => "exams",
        ChargeKind.Medication => "medicines",
        ChargeKind.HospitalizationDay => "hospitalization",
        _ => "other",
    };

    public static string MethodKey(PaymentMethod method) => method switch
    {
        PaymentMethod.Cash => "cash",
        PaymentMethod.Card => "card",
        PaymentMethod.Pix => "pix",
        _ => "online",
    };

    /// <summary>The aging column of an invoice open for <paramref name="days"/> whole days.</summary>
    public static string AgeBucketOf(int days) => days <= 30 ? "0-30" : days <= 60 ? "31-60" : days <= 90 ? "61-90" : "90+";

    /// <summary>Each item's part of its invoice's total: the discount spread in proportion to the items' totals,
    /// rounded to the centavo, the remainder on the last item, so the parts add up to the invoice's total exactly.
    /// Items in the order they were added.</summary>
    public static IReadOnlyList<decimal> SplitTotal(decimal invoiceTotal, IReadOnlyList<decimal> itemTotals)
    {
        var subtotal = itemTotals.Sum();
        var parts = new decimal[itemTotals.Count];
        var given = 0m;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            parts[i] = subtotal == 0 ? 0 : Money.Round(invoiceTotal * itemTotals[i] / subtotal);
            given += parts[i];
        }

        if (parts.Length > 0)
        {
            parts[^1] = invoiceTotal - given;
        }

        return parts;
    }

    public async Task<AnalyticsSectionResult> ComputeAsync(AnalyticsContext context, CancellationToken ct)
    {
        if (context.VetId is not null)
        {
            return AnalyticsSectionResult.Empty;
        }

        // Sales, payments and care not yet charged by day, stored for closed days (DailyFigures); what is owed is an
        // "as of" figure, read from the rows each time.
        var days = await daily.ReadAsync(this, context, ct);
        var risk = await daily.ReadAsync(new RiskDays(charges), context, ct);
        var open = await ReceivablesAsync(context, names: false, ct);

        var invoiced = days.Values.Sum(d => d.Invoiced);
        var invoiceCount = days.Values.Sum(d => d.Invoices);
        var received = days.Values.Sum(d => d.Received.Values.Sum());
        var products = MergeProducts(days.OrderBy(d => d.Key).SelectMany(d => d.Value.Products));
        var cards = new List<FigureValue>
        {
            new(Revenue, localizer["Analytics.Revenue.Invoiced"], ValueFormat.Money, invoiced)
            {
                Detail = string.Format(CultureInfo.CurrentCulture, localizer["Analytics.Revenue.Invoiced.Detail"], received.Brl()),
                Hint = localizer["Analytics.Revenue.Invoiced.Hint"],
            },
            new(Received, localizer["Analytics.Revenue.Received"], ValueFormat.Money, received) { Hint = localizer["Analytics.Revenue.Received.Hint"] },
            new(AverageTicket, localizer["Analytics.Revenue.AverageTicket"], ValueFormat.Money, AnalyticsMath.Average(invoiced, invoiceCount, ValueFormat.Money))
            {
                Hint = localizer["Analytics.Revenue.AverageTicket.Hint"],
            },
            new(OpenReceivables, localizer["Analytics.Revenue.OpenReceivables"], ValueFormat.Money, open.Sum(o => o.Balance), HigherIsBetter: false)
            {
                Hint = localizer["Analytics.Revenue.OpenReceivables.Hint"],
            },
            new(RevenueAtRisk, localizer["Analytics.Revenue.AtRisk"], ValueFormat.Money, risk.Values.Sum(d => d.Amount), HigherIsBetter: false)
            {
                Hint = localizer["Analytics.Revenue.AtRisk.Hint"],
            },
        };

        var buckets = context.Period.Buckets();
        var perBucket = days
            .SelectMany(d => d.Value.Categories.Select(c => (Bucket: context.Period.BucketKeyOf(d.Key), Category: c.Key, Amount: c.Value)))
            .GroupBy(c => (c.Bucket, c.Category))
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Amount));
        var byDay = new ChartData(
            RevenueByDay,
            localizer["Analytics.Revenue.ByDay"],
            ChartShape.Time,
            ValueFormat.Money,
            buckets.Select(b => new ChartCategory(b.Key, context.Period.Label(b))).ToList(),
            Categories.Select(category => new ChartSeriesData(category, CategoryLabel(category),
                buckets.Select(b => (decimal?)perBucket.GetValueOrDefault((b.Key, category))).ToList())).ToList())
        {
            Stacked = true,
            Headline = invoiced,
            Hint = localizer["Analytics.Revenue.ByDay.Hint"],
        };
        var byMethod = new ChartData(
            ReceivedByMethod,
            localizer["Analytics.Revenue.ByMethod"],
            ChartShape.Pie,
            ValueFormat.Money,
            Methods.Select(m => new ChartCategory(m, MethodLabel(m))).ToList(),
            [new ChartSeriesData(ReceivedSeries, localizer["Analytics.Revenue.Received"], Methods.Select(m => (decimal?)days.Values.Sum(d => d.Received.GetValueOrDefault(m))).ToList())])
        {
            Headline = received,
        };
        var aging = new ChartData(
            ReceivablesAging,
            localizer["Analytics.Revenue.Aging"],
            ChartShape.Category,
            ValueFormat.Money,
            AgeBuckets.Select(a => new ChartCategory(a, AgeLabel(a))).ToList(),
            [new ChartSeriesData(OpenSeries, localizer["Analytics.Revenue.OpenReceivables"], AgeBuckets.Select(a => (decimal?)open.Where(o => AgeBucketOf(o.Days) == a).Sum(o => o.Balance)).ToList())])
        {
            Headline = open.Sum(o => o.Balance),
            Hint = localizer["Analytics.Revenue.Aging.Hint"],
        };

        return new AnalyticsSectionResult(cards,
        [
            byDay, byMethod, aging,
            TopChart(TopServices, products, medicines: false, byCount: false),
            TopChart(TopServicesByCount, products, medicines: false, byCount: true),
            TopChart(TopMedicines, products, medicines: true, byCount: false),
            TopChart(TopMedicinesByCount, products, medicines: true, byCount: true),
        ]);
    }

    public async Task<DrillList?> DrillAsync(AnalyticsContext context, DrillKey key, CancellationToken ct)
    {
        if (context.VetId is not null)
        {
            return null;
        }

        switch (key.Figure)
        {
            case Revenue:
            {
                var sales = await SalesAsync(context, names: true, ct);
                return new DrillList(localizer["Analytics.Revenue.Invoiced"], ValueFormat.Money, DrillAggregate.Sum, sales.Invoices.Select(i => InvoiceRow(i, i.Total)).ToList());
            }

            case AverageTicket:
            {
                var sales = await SalesAsync(context, names: true, ct);
                return new DrillList(localizer["Analytics.Revenue.AverageTicket"], ValueFormat.Money, DrillAggregate.Average, sales.Invoices.Select(i => InvoiceRow(i, i.Total)).ToList());
            }

            case Received:
                return PaymentList(localizer["Analytics.Revenue.Received"], await PaymentsAsync(context, names: true, ct));

            case ReceivedByMethod:
                return key.Point is { } method && Methods.Contains(method) && key.Series is null or ReceivedSeries
                    ? PaymentList($"{localizer["Analytics.Revenue.ByMethod"]} · {MethodLabel(method)}", (await PaymentsAsync(context, names: true, ct)).Where(p => MethodKey(p.Method) == method))
                    : null;

            case OpenReceivables:
                return OpenList(localizer["Analytics.Revenue.OpenReceivables"], await ReceivablesAsync(context, names: true, ct));

            case ReceivablesAging:
                return key.Point is { } age && AgeBuckets.Contains(age) && key.Series is null or OpenSeries
                    ? OpenList($"{localizer["Analytics.Revenue.Aging"]} · {AgeLabel(age)}", (await ReceivablesAsync(context, names: true, ct)).Where(o => AgeBucketOf(o.Days) == age))
                    : null;

            case RevenueAtRisk:
                return new DrillList(localizer["Analytics.Revenue.AtRisk"], ValueFormat.Money, DrillAggregate.Sum, (await AtRiskAsync(context, ct)).Select(VisitRow).ToList());

            case RevenueByDay:
            {
                // A point is a category of a bucket; no series is the whole bucket (its invoices' totals).
                if (context.Period.BucketOf(key.Point) is not { } bucket || key.Series is { } series && !Categories.Contains(series))
                {
                    return null;
                }

                var sales = await SalesAsync(context, names: true, ct);
                var title = $"{CategoryLabel(key.Series)} · {context.Period.Label(bucket)}";
                return ShareList(title, ValueFormat.Money, sales.Shares.Where(s => s.Bucket == bucket.Key && (key.Series is null || s.Category == key.Series)), byCount: false);
            }

            case TopServices or TopServicesByCount or TopMedicines or TopMedicinesByCount:
            {
                var sales = await SalesAsync(context, names: true, ct);
                var (medicines, byCount) = (key.Figure is TopMedicines or TopMedicinesByCount, key.Figure is TopServicesByCount or TopMedicinesByCount);
                var chart = TopChart(key.Figure, ProductTotals(sales.Shares), medicines, byCount);
                if ((key.Series is not null && key.Series != chart.Series[0].Key) || chart.Categories.FirstOrDefault(c => c.Key == key.Point) is not { } product)
                {
                    return null;
                }

                return ShareList($"{chart.Title} · {product.Label}", chart.Format, sales.Shares.Where(s => s.Medicine == medicines && s.ProductKey == product.Key), byCount);
            }

            default:
                return null;
        }
    }

    /// <summary>Top ten by revenue (after discount) or by how many times charged (invoice lines), ties by the other
    /// figure and then by name.</summary>
    private ChartData TopChart(string id, IReadOnlyList<ProductTotal> products, bool medicines, bool byCount)
    {
        var ranked = products.Where(p => p.Medicine == medicines)
            .Select(p => (p.Key, p.Label, Revenue: p.Amount, Count: (decimal)p.Count))
            .OrderByDescending(p => byCount ? p.Count : p.Revenue)
            .ThenByDescending(p => byCount ? p.Revenue : p.Count)
            .ThenBy(p => p.Label, StringComparer.CurrentCulture)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(TopCount)
            .ToList();
        var title = (medicines, byCount) switch
        {
            (false, false) => localizer["Analytics.Revenue.TopServices"],
            (false, true) => localizer["Analytics.Revenue.TopServicesByCount"],
            (true, false) => localizer["Analytics.Revenue.TopMedicines"],
            _ => localizer["Analytics.Revenue.TopMedicinesByCount"],
        };
        return new ChartData(
            id,
            title,
            ChartShape.Category,
            byCount ? ValueFormat.Count : ValueFormat.Money,
            ranked.Select(p => new ChartCategory(p.Key, p.Label)).ToList(),
            [new ChartSeriesData(byCount ? CountSeries : RevenueSeries, byCount ? localizer["Analytics.Revenue.Series.Count"] : localizer["Analytics.Revenue.Series.Revenue"],
                ranked.Select(p => (decimal?)(byCount ? p.Count : p.Revenue)).ToList())])
        {
            Horizontal = true,
            Hint = byCount ? localizer["Analytics.Revenue.TopByCount.Hint"] : localizer["Analytics.Revenue.TopByRevenue.Hint"],
        };
    }

    // ---- Day figures (DailyFigures) ----------------------------------------------------------------------

    /// <summary>One local day's sales (invoices issued that day, not cancelled) and payments taken.</summary>
    /// <param name="Categories">Revenue per category of <see cref="Categories"/>.</param>
    /// <param name="Products">Revenue and lines per product, in the order first charged.</param>
    /// <param name="Received">Amount per payment method of <see cref="Methods"/>.</param>
    public sealed record RevenueDay(int Invoices, decimal Invoiced, Dictionary<string, decimal> Categories, List<ProductTotal> Products, Dictionary<string, decimal> Received);

    /// <summary>Care of the day (a visit's start, a dose given, a stay's end, an exam's completion) with no charge, at
    /// the price list's prices.</summary>
    public sealed record RiskDay(decimal Amount);

    /// <summary>A product's revenue (its items' parts of their invoices) and how many lines charged it.</summary>
    public sealed record ProductTotal(string Key, string Label, bool Medicine, decimal Amount, int Count);

    public async Task<int> RefreshDaysAsync(AnalyticsContext context, CancellationToken ct) =>
        await daily.RefreshAsync(this, context, ct) + await daily.RefreshAsync(new RiskDays(charges), context, ct);

    string IDayFigures<RevenueDay>.Kind => AnalyticsDayKind.Revenue;

    /// <summary>Raise <c>v</c> when <see cref="RevenueDay"/> or the rules that fill it change.</summary>
    Task<string> IDayFigures<RevenueDay>.StampAsync(ClinicApp.Data.ClinicDbContext db, AnalyticsContext context, CancellationToken ct) =>
        Task.FromResult($"v2|{context.Zone.Id}");

    async Task<IReadOnlyDictionary<DateOnly, RevenueDay>> IDayFigures<RevenueDay>.ComputeAsync(AnalyticsContext context, CancellationToken ct)
    {
        var sales = await SalesAsync(context, names: false, ct);
        var payments = await PaymentsAsync(context, names: false, ct);
        // The local day of each invoice worked out once: a year holds hundreds of thousands of shares.
        var dayOf = sales.Invoices.ToDictionary(i => i.Id, i => context.LocalDay(i.IssuedAt));
        var invoices = sales.Invoices.ToLookup(i => dayOf[i.Id]);
        var shares = sales.Shares.ToLookup(s => dayOf[s.Invoice.Id]);
        var paid = payments.ToLookup(p => context.LocalDay(p.PaidAt));
        return invoices.Select(g => g.Key).Union(paid.Select(g => g.Key))
            .ToDictionary(day => day, day => new RevenueDay(
                invoices[day].Count(),
                invoices[day].Sum(i => i.Total),
                shares[day].GroupBy(s => s.Category).ToDictionary(g => g.Key, g => g.Sum(s => s.Amount)),
                ProductTotals(shares[day]),
                paid[day].GroupBy(p => MethodKey(p.Method)).ToDictionary(g => g.Key, g => g.Sum(p => p.Amount))));
    }

    /// <summary>Revenue at risk per day: kept apart from sales because it is priced with today's price list, so a
    /// price change recounts only these days (the care not charged), not a year of sales.</summary>
    private sealed class RiskDays(CareCharges charges) : IDayFigures<RiskDay>
    {
        public string Kind => AnalyticsDayKind.Risk;

        /// <summary>A change to a price or a medicine's price per dose counts the days again. Raise <c>v</c> when
        /// <see cref="RiskDay"/> or its rules change.</summary>
        public async Task<string> StampAsync(ClinicApp.Data.ClinicDbContext db, AnalyticsContext context, CancellationToken ct)
        {
            var prices = await db.PriceItems.IgnoreQueryFilters().GroupBy(_ => 1).Select(g => new { Count = g.Count(), Last = g.Max(p => p.UpdatedAt) }).FirstOrDefaultAsync(ct);
            var doses = await db.Medications.IgnoreQueryFilters().GroupBy(_ => 1).Select(g => new { Count = g.Count(), Last = g.Max(m => m.UpdatedAt) }).FirstOrDefaultAsync(ct);
            return string.Create(CultureInfo.InvariantCulture, $"v1|{context.Zone.Id}|{prices?.Count}:{prices?.Last.Ticks}|{doses?.Count}:{doses?.Last.Ticks}");
        }

        public async Task<IReadOnlyDictionary<DateOnly, RiskDay>> ComputeAsync(AnalyticsContext context, CancellationToken ct) =>
            (await charges.UnbilledAsync(context.StartUtc, context.EndUtc, ct))
                .GroupBy(c => context.LocalDay(c.At))
                .ToDictionary(g => g.Key, g => new RiskDay(g.Sum(c => c.Amount ?? 0)));
    }

    /// <summary>Shares summed per product, in the order first charged (its label is the first one's).</summary>
    private static List<ProductTotal> ProductTotals(IEnumerable<Share> shares) =>
        shares.GroupBy(s => (s.Medicine, s.ProductKey))
            .Select(g => new ProductTotal(g.Key.ProductKey, g.First().ProductLabel, g.Key.Medicine, g.Sum(s => s.Amount), g.Count()))
            .ToList();

    /// <summary>Days' product totals as one, read in day order: the same totals and labels as the days' shares together.</summary>
    private static List<ProductTotal> MergeProducts(IEnumerable<ProductTotal> products) =>
        products.GroupBy(p => (p.Medicine, p.Key))
            .Select(g => new ProductTotal(g.Key.Key, g.First().Label, g.Key.Medicine, g.Sum(p => p.Amount), g.Sum(p => p.Count)))
            .ToList();

    // Loading: one slim query per kind of row; every figure and drill-down is computed from these lists.
    private sealed record InvoiceLine(Guid Id, int Number, DateTime IssuedAt, decimal Total, string TutorName, string? PetName);

    private sealed record ItemLine(Guid Id, Guid InvoiceId, ChargeKind Kind, Guid? PriceItemId, string Description, DateTime CreatedAt, decimal Total);

    /// <summary>An item's part of its invoice's total (see <see cref="SplitTotal"/>).</summary>
    /// <param name="Bucket">The key of the time chart's bucket the invoice's local day falls in.</param>
    private sealed record Share(InvoiceLine Invoice, string Bucket, string Category, bool Medicine, string ProductKey, string ProductLabel, decimal Amount);

    private sealed record Sales(IReadOnlyList<InvoiceLine> Invoices, IReadOnlyList<Share> Shares);

    private sealed record PaymentLine(Guid Id, Guid InvoiceId, int Number, PaymentMethod Method, decimal Amount, DateTime PaidAt, string TutorName);

    private sealed record OpenLine(InvoiceLine Invoice, decimal Balance, int Days);

    /// <summary>Invoices issued in the period (local days of the hospital), cancelled ones left out, with their items split.</summary>
    private async Task<Sales> SalesAsync(AnalyticsContext context, bool names, CancellationToken ct)
    {
        var (start, end) = (context.StartUtc, context.EndUtc);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var issued = db.Invoices.AsNoTracking().Where(i => i.IssuedAt >= start && i.IssuedAt < end && i.Status != InvoiceStatus.Cancelled);
        var invoices = (await InvoiceLines(db, issued, names).ToListAsync(ct)).OrderBy(i => i.IssuedAt).ThenBy(i => i.Number).ToList();
        var items = await (from it in db.InvoiceItems.AsNoTracking()
                           join i in issued on it.InvoiceId equals i.Id
                           select new ItemLine(it.Id, it.InvoiceId, it.Kind, it.PriceItemId, it.Description, it.CreatedAt, it.Total))
            .ToListAsync(ct);
        var itemsOf = items.ToLookup(i => i.InvoiceId);
        var shares = new List<Share>();
        foreach (var invoice in invoices)
        {
            var bucket = context.BucketKey(invoice.IssuedAt);
            var lines = itemsOf[invoice.Id].OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).ToList();
            if (lines.Count == 0)
            {
                // No items (cannot have a total, but the day's stack must still add up to it).
                shares.Add(new Share(invoice, bucket, "other", false, $"invoice:{invoice.Id}", $"#{invoice.Number}", invoice.Total));
                continue;
            }

            var parts = SplitTotal(invoice.Total, lines.Select(l => l.Total).ToList());
            shares.AddRange(lines.Select((line, index) =>
            {
                var (key, label) = Product(line);
                return new Share(invoice, bucket, CategoryOf(line.Kind), line.Kind == ChargeKind.Medication, key, label, parts[index]);
            }));
        }

        return new Sales(invoices, shares);
    }

    /// <summary>What a top list groups an item by: its price-list line, else its description; a dose given in hospital
    /// ("Dipirona — 500 mg (07/12 08:00)", see <see cref="CareCharges.DoseDescription"/>) by its medicine's name.</summary>
    private static (string Key, string Label) Product(ItemLine line)
    {
        if (line.PriceItemId is { } price)
        {
            return ($"price:{price}", line.Description);
        }

        var name = line.Description;
        var dash = name.IndexOf(" — ", StringComparison.Ordinal);
        if (line.Kind == ChargeKind.Medication && dash > 0)
        {
            name = name[..dash];
        }

        name = name.Trim();
        return ($"item:{name.ToUpperInvariant()}", name);
    }

    /// <param name="names">The tutor's and pet's names (a drill-down's rows); empty without.</param>
    private static IQueryable<InvoiceLine> InvoiceLines(ClinicApp.Data.ClinicDbContext db, IQueryable<Invoice> invoices, bool names) =>
        names
            ? from i in invoices
              join t in db.Tutors.IgnoreQueryFilters() on i.TutorId equals t.Id
              select new InvoiceLine(i.Id, i.Number, i.IssuedAt, i.Total, t.Name, db.Pets.IgnoreQueryFilters().Where(p => p.Id == i.PetId).Select(p => p.Name).FirstOrDefault())
            : invoices.Select(i => new InvoiceLine(i.Id, i.Number, i.IssuedAt, i.Total, "", null));

    /// <summary>Payments taken in the period (a cancelled invoice has none).</summary>
    private async Task<List<PaymentLine>> PaymentsAsync(AnalyticsContext context, bool names, CancellationToken ct)
    {
        var (start, end) = (context.StartUtc, context.EndUtc);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var paid = db.Payments.AsNoTracking().Where(p => p.PaidAt >= start && p.PaidAt < end);
        return names
            ? await (from p in paid
                     join i in db.Invoices on p.InvoiceId equals i.Id
                     join t in db.Tutors.IgnoreQueryFilters() on i.TutorId equals t.Id
                     orderby p.PaidAt
                     select new PaymentLine(p.Id, p.InvoiceId, i.Number, p.Method, p.Amount, p.PaidAt, t.Name))
                .ToListAsync(ct)
            : await paid.OrderBy(p => p.PaidAt).Select(p => new PaymentLine(p.Id, p.InvoiceId, 0, p.Method, p.Amount, p.PaidAt, "")).ToListAsync(ct);
    }

    /// <summary>What was owed at <see cref="AnalyticsContext.AsOfUtc"/>: invoices issued before it and not cancelled by then,
    /// their totals less the payments taken before it (a payment made later still counts as owed then). A past
    /// period's receivables are thus those at its end, not today's. The invoice's current total stands for its total then.</summary>
    private async Task<List<OpenLine>> ReceivablesAsync(AnalyticsContext context, bool names, CancellationToken ct)
    {
        var asOf = context.AsOfUtc;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The candidates come from three index ranges (open now, paid since, cancelled since) rather than a test of
        // every invoice ever issued: with a payment looked up per paid invoice, two years of a busy hospital took
        // a third of a second per query. A cancelled invoice takes no payment, so "paid since" adds no cancelled one
        // that the last condition would not.
        // UNION ALL, not UNION: "IN" removes the repeats anyway, and a UNION made SQLite (3.53) merge the three in
        // invoice order, scanning every payment ever taken by invoice instead of the range since asOf (80 ms → 15 ms).
        var candidates = db.Invoices.Where(i => i.Status == InvoiceStatus.Open || i.Status == InvoiceStatus.PartiallyPaid).Select(i => i.Id)
            .Concat(db.Payments.Where(p => p.PaidAt >= asOf).Select(p => p.InvoiceId))
            .Concat(db.Invoices.Where(i => i.Status == InvoiceStatus.Cancelled && i.CancelledAt >= asOf).Select(i => i.Id));
        var owed = db.Invoices.AsNoTracking().Where(i => i.IssuedAt < asOf
            && (i.Status != InvoiceStatus.Cancelled || i.CancelledAt >= asOf)
            && candidates.Contains(i.Id));
        var invoices = await InvoiceLines(db, owed, names).ToListAsync(ct);
        var paid = (await (from p in db.Payments.AsNoTracking()
                           where p.PaidAt < asOf
                           join i in owed on p.InvoiceId equals i.Id
                           select new { p.InvoiceId, p.Amount }).ToListAsync(ct))
            .GroupBy(p => p.InvoiceId)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Amount));
        return invoices
            .Select(i => new OpenLine(i, i.Total - paid.GetValueOrDefault(i.Id), (int)Math.Floor((asOf - i.IssuedAt).TotalDays)))
            .Where(o => o.Balance > 0)
            .OrderByDescending(o => o.Days)
            .ThenBy(o => o.Invoice.Number)
            .ToList();
    }

    /// <summary>Revenue at risk: the invoices page's "charges to review" (<see cref="CareCharges"/>), for care given in the
    /// period (up to now when it has not ended) that has no charge now, one line per visit. The figure is the sum of the
    /// priced amounts; a visit whose care has no price is listed at zero. Unlike the invoices page's last 30 days, the
    /// window is the period's, so the previous period has its own figure to compare with.</summary>
    private async Task<IReadOnlyList<UnbilledVisit>> AtRiskAsync(AnalyticsContext context, CancellationToken ct) =>
        CareCharges.ByVisit(await charges.UnbilledAsync(context.StartUtc, context.EndUtc, ct));

    private DrillRow InvoiceRow(InvoiceLine invoice, decimal value) =>
        new(DrillRecord.Invoice, invoice.Id, invoice.IssuedAt, InvoiceTitle(invoice.Number), invoice.PetName is null ? invoice.TutorName : $"{invoice.TutorName} · {invoice.PetName}",
            value, InvoiceHref(invoice.Id));

    private string InvoiceTitle(int number) => string.Format(CultureInfo.CurrentCulture, localizer["Analytics.Revenue.Invoice"], number);

    private static string InvoiceHref(Guid id) => $"invoices/{id}";

    private DrillList PaymentList(string title, IEnumerable<PaymentLine> payments) =>
        new(title, ValueFormat.Money, DrillAggregate.Sum, payments
            .Select(p => new DrillRow(DrillRecord.Payment, p.Id, p.PaidAt, InvoiceTitle(p.Number), $"{MethodLabel(MethodKey(p.Method))} · {p.TutorName}", p.Amount, InvoiceHref(p.InvoiceId)))
            .ToList());

    private DrillList OpenList(string title, IEnumerable<OpenLine> open) =>
        new(title, ValueFormat.Money, DrillAggregate.Sum, open
            .Select(o => InvoiceRow(o.Invoice, o.Balance) with
            {
                Detail = $"{o.Invoice.TutorName} · {string.Format(CultureInfo.CurrentCulture, localizer["Analytics.Revenue.DaysOpen"], o.Days)}",
            })
            .ToList());

    /// <summary>One row per invoice: its parts (or its number of lines when counting) among <paramref name="shares"/>.</summary>
    private DrillList ShareList(string title, ValueFormat format, IEnumerable<Share> shares, bool byCount) =>
        new(title, format, DrillAggregate.Sum, shares
            .GroupBy(s => s.Invoice)
            .Select(g => InvoiceRow(g.Key, byCount ? g.Count() : g.Sum(s => s.Amount)))
            .ToList());

    /// <summary>A visit to review links where the invoices page's list does: the stay, else the patient.</summary>
    private DrillRow VisitRow(UnbilledVisit visit)
    {
        var what = string.Format(CultureInfo.CurrentCulture, localizer[visit.What], visit.Detail);
        var id = visit.StayId ?? (Guid.TryParse(visit.VisitKey[(visit.VisitKey.LastIndexOf(':') + 1)..], out var parsed) ? parsed : visit.PetId);
        return new DrillRow(DrillRecord.Charge, id, visit.At, what,
            $"{visit.PetName} · {visit.TutorName} · {string.Format(CultureInfo.CurrentCulture, localizer["Analytics.Revenue.AtRisk.Items"], visit.Items)}",
            visit.Total ?? 0, visit.StayId is { } stay ? $"hospitalizations/{stay}" : $"pets/{visit.PetId}");
    }

    private string CategoryLabel(string? category) => category switch
    {
        "consultations" => localizer["Analytics.Revenue.Category.Consultations"],
        "exams" => localizer["Analytics.Revenue.Category.Exams"],
        "medicines" => localizer["Analytics.Revenue.Category.Medicines"],
        "hospitalization" => localizer["Analytics.Revenue.Category.Hospitalization"],
        "other" => localizer["Analytics.Revenue.Category.Other"],
        _ => localizer["Analytics.Revenue.Invoiced"],
    };

    private string MethodLabel(string method) => method switch
    {
        "cash" => localizer["Payment.Method.Cash"],
        "card" => localizer["Payment.Method.Card"],
        "pix" => localizer["Payment.Method.Pix"],
        _ => localizer["Payment.Method.Online"],
    };

    private string AgeLabel(string bucket) => bucket switch
    {
        "0-30" => localizer["Analytics.Revenue.Age.Upto30"],
        "31-60" => localizer["Analytics.Revenue.Age.Upto60"],
        "61-90" => localizer["Analytics.Revenue.Age.Upto90"],
        _ => localizer["Analytics.Revenue.Age.Over90"],
    };
}
