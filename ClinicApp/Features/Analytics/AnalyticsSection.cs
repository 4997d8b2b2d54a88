using ClinicApp.Tenancy;

namespace ClinicApp.Features.Analytics;

/// <summary>What a section computes for: one period of one hospital, as of <see cref="NowUtc"/>.</summary>
/// <param name="VetId">A veterinarian's own view: every figure only about their work; null for the hospital's.</param>
public sealed record AnalyticsContext(AnalyticsPeriod Period, TimeZoneInfo Zone, DateTime NowUtc, Guid? VetId)
{
    public DateTime StartUtc => Period.UtcRange(Zone).StartUtc;

    /// <summary>The instant after the period (excluded).</summary>
    public DateTime EndUtc => Period.UtcRange(Zone).EndUtc;

    /// <summary>The moment a "now" figure (patients in hospital, open receivables) is taken at: the period's
    /// end, or now when the period has not ended.</summary>
    public DateTime AsOfUtc => EndUtc < NowUtc ? EndUtc : NowUtc;

    public DateOnly LocalDay(DateTime utc) => DateOnly.FromDateTime(HospitalTime.ToLocal(utc, Zone));

    /// <summary>The time chart's bucket key of an instant.</summary>
    public string BucketKey(DateTime utc) => Period.BucketKeyOf(LocalDay(utc));

    /// <summary>The same context for the previous period (the comparison).</summary>
    public AnalyticsContext ForPrevious() => this with { Period = Period.Previous };
}

/// <summary>One area of the dashboard (revenue, agenda, hospital care). Sections compute their own cards and
/// charts from the hospital's database (a new context per operation) and open the records behind any of them;
/// <see cref="AnalyticsService"/> checks who asks and assembles the sections. Figures and drill-downs of a
/// section come from the same rows, so they agree by construction.</summary>
public interface IAnalyticsSection
{
    /// <summary>Order on the page and in the report.</summary>
    int Order { get; }

    /// <summary>Whether the section has a veterinarian's own view (<see cref="AnalyticsContext.VetId"/> set,
    /// about their work only); the others are not computed for a veterinarian.</summary>
    bool ForVets { get; }

    Task<AnalyticsSectionResult> ComputeAsync(AnalyticsContext context, CancellationToken ct);

    /// <summary>The records behind one of this section's cards or chart points; null when the key is not one of
    /// its figures (another section's) or names no point of the period.</summary>
    Task<DrillList?> DrillAsync(AnalyticsContext context, DrillKey key, CancellationToken ct);
}
