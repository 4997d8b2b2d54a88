using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;

namespace ClinicApp.Features.Analytics;

/// <summary>The one way to the dashboard's figures: checks who asks (admins see the hospital; veterinarians only
/// their own production), computes every section for the period and for the previous one, and opens the records
/// behind a figure.</summary>
public sealed class AnalyticsService(IEnumerable<IAnalyticsSection> sections, CurrentActor actor, TenantContext tenant, TimeProvider time)
{
    /// <summary>Who may open analytics.</summary>
    public const string Readers = Roles.Admin + "," + Roles.Veterinarian;

    private readonly IReadOnlyList<IAnalyticsSection> _sections = sections.OrderBy(s => s.Order).ToList();

    public async Task<AnalyticsDashboard> BuildAsync(AnalyticsPeriod period, CancellationToken ct = default) =>
        await ComputeAsync(ContextFor(period), ct);

    /// <summary>The hospital's whole dashboard for work run as the system (the monthly report) in the
    /// hospital's scope; no screen or endpoint calls it.</summary>
    internal async Task<AnalyticsDashboard> ForScheduledJobAsync(AnalyticsPeriod period, CancellationToken ct) =>
        await ComputeAsync(new AnalyticsContext(Check(period), tenant.Tenant.TimeZone, time.GetUtcNow().UtcDateTime, VetId: null), ct);

    /// <summary>The records behind a card or a chart's point; "not found" when nothing of the period is named.</summary>
    public async Task<DrillList> DrillAsync(AnalyticsPeriod period, DrillKey key, CancellationToken ct = default)
    {
        var context = ContextFor(period);
        foreach (var section in Visible(context))
        {
            if (await section.DrillAsync(context, key, ct) is { } list)
            {
                return list;
            }
        }

        throw new DomainRuleException("Common.Error.NotFound");
    }

    /// <summary>The actor's view: the hospital for an admin, their own for a veterinarian; anyone else is refused.</summary>
    private AnalyticsContext ContextFor(AnalyticsPeriod period)
    {
        actor.Require(Readers);
        Guid? vet = actor.IsInAnyRole(Roles.Admin) ? null : actor.UserId ?? throw new DomainRuleException("Common.Error.NotAllowed");
        return new AnalyticsContext(Check(period), tenant.Tenant.TimeZone, time.GetUtcNow().UtcDateTime, vet);
    }

    private static AnalyticsPeriod Check(AnalyticsPeriod period) =>
        period.Days > AnalyticsPeriod.MaxDays ? throw new DomainRuleException("Analytics.Error.Period", AnalyticsPeriod.MaxDays) : period;

    private IEnumerable<IAnalyticsSection> Visible(AnalyticsContext context) =>
        _sections.Where(s => context.VetId is null || s.ForVets);

    private async Task<AnalyticsDashboard> ComputeAsync(AnalyticsContext context, CancellationToken ct)
    {
        // Every section, for the period and the one compared with, at once: each computation reads through its own
        // contexts and shares nothing, so the dashboard takes as long as its slowest part rather than the sum of all.
        var previousContext = context.ForPrevious();
        var parts = await Task.WhenAll(Visible(context).Select(async section =>
        {
            var now = Task.Run(() => section.ComputeAsync(context, ct), ct);
            var before = Task.Run(() => section.ComputeAsync(previousContext, ct), ct);
            return (Now: await now, Before: await before);
        }));

        var cards = new List<Figure>();
        var charts = new List<ChartFigure>();
        foreach (var (now, before) in parts)
        {
            cards.AddRange(now.Cards.Select(c => new Figure(c, before.Cards.FirstOrDefault(b => b.Id == c.Id)?.Value)));
            charts.AddRange(now.Charts.Select(c => new ChartFigure(c, before.Charts.FirstOrDefault(b => b.Id == c.Id)?.Headline)));
        }

        return new AnalyticsDashboard(context.Period, tenant.Tenant.Name, context.NowUtc, context.VetId is not null, cards, charts);
    }
}
