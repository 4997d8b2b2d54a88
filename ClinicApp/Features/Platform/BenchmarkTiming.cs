using System.Diagnostics;
using System.Globalization;

namespace ClinicApp.Features.Platform;

/// <summary>What the <c>bench</c> verbs (and the care benchmarks in the tests) share: reading
/// <c>--name value</c> options and timing a case into p50/p95/max.</summary>
public static class BenchmarkTiming
{
    public const int WarmUp = 20;

    public static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    /// <summary>The <paramref name="p"/> (0–1) percentile of values sorted ascending (nearest rank).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Runs <paramref name="run"/> <see cref="WarmUp"/> times, then times it <paramref name="iterations"/> times.</summary>
    public static async Task<(double P50, double P95, double Max)> TimeAsync(Func<Task> run, int iterations)
    {
        for (var i = 0; i < WarmUp; i++)
        {
            await run();
        }

        var timings = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            timings[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(timings);
        return (Percentile(timings, 0.50), Percentile(timings, 0.95), timings[^1]);
    }
}
