using System.Diagnostics;
using System.Globalization;

namespace ClinicApp.Tests.Benchmarks;

/// <summary>What the benchmarks share: reading their <c>--name value</c> options from the <c>BENCH_ARGS</c>
/// environment variable (scripts/bench-*.sh pass their command line through it) and timing a case into
/// p50/p95/max.</summary>
public static class BenchmarkTiming
{
    public const int WarmUp = 20;

    public const string ArgumentsVariable = "BENCH_ARGS";

    /// <summary>The options in <c>BENCH_ARGS</c> (none when unset: every option takes its default). Only
    /// <c>--name N</c> pairs with a name in <paramref name="known"/> are accepted: a typo would otherwise run
    /// the full-size default for many minutes.</summary>
    public static string[] Arguments(params string[] known)
    {
        var args = (Environment.GetEnvironmentVariable(ArgumentsVariable) ?? "")
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!known.Contains(args[i]) || i + 1 >= args.Length || !int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out _))
            {
                throw new ArgumentException(
                    $"{ArgumentsVariable}=\"{string.Join(' ', args)}\": expected {string.Join(' ', known.Select(k => $"[{k} N]"))}");
            }
        }

        return args;
    }

    public static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    /// <summary>The <paramref name="p"/> (0–1) percentile of values sorted ascending (nearest rank).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Runs <paramref name="run"/> <paramref name="warmUp"/> (<see cref="WarmUp"/>) times, then times it <paramref name="iterations"/> times.</summary>
    public static async Task<(double P50, double P95, double Max)> TimeAsync(Func<Task> run, int iterations, int warmUp = WarmUp)
    {
        for (var i = 0; i < warmUp; i++)
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
