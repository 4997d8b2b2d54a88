using ClinicApp.Features.Analytics;

namespace ClinicApp.Tests.Support;

/// <summary>A section of the dashboard for tests of the page, its dialog and the cache: it answers what the test
/// says (per period), counts its computations and can hold them until the test lets them finish. The real
/// sections have their own tests; these tests are about what shows and shares their results.</summary>
public sealed class AnalyticsTestSection : IAnalyticsSection
{
    private int _computations;

    public int Order { get; init; }

    public bool ForVets { get; init; } = true;

    /// <summary>The cards and charts of a period (the current one or the previous).</summary>
    public Func<AnalyticsContext, AnalyticsSectionResult> Result { get; set; } = _ => AnalyticsSectionResult.Empty;

    /// <summary>The records behind a figure, or null when the key is not this section's; may throw.</summary>
    public Func<AnalyticsContext, DrillKey, DrillList?> Drill { get; set; } = (_, _) => null;

    /// <summary>Awaited inside each computation: a test holds it to make callers overlap.</summary>
    public Func<Task>? Gate { get; set; }

    /// <summary>Computations of one period each (a dashboard computes two: the period and the previous one).</summary>
    public int Computations => Volatile.Read(ref _computations);

    public AnalyticsContext? LastContext { get; private set; }

    public async Task<AnalyticsSectionResult> ComputeAsync(AnalyticsContext context, CancellationToken ct)
    {
        Interlocked.Increment(ref _computations);
        LastContext = context;
        if (Gate is { } gate)
        {
            await gate();
        }

        return Result(context);
    }

    public Task<DrillList?> DrillAsync(AnalyticsContext context, DrillKey key, CancellationToken ct) =>
        Task.FromResult(Drill(context, key));
}
