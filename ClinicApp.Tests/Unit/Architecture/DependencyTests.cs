using Xunit.Abstractions;

namespace ClinicApp.Tests.Unit.Architecture;

public sealed class DependencyTests(ITestOutputHelper output)
{
    [Fact]
    public void Print_graph()
    {
        var edges = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var type in typeof(Program).Assembly.GetTypes())
        {
            var from = Area(TypeReferences.Owner(type));
            if (from is null)
            {
                continue;
            }

            foreach (var target in TypeReferences.Of(type))
            {
                if (target.Assembly != typeof(Program).Assembly)
                {
                    continue;
                }

                var to = Area(TypeReferences.Owner(target));
                if (to is null || to == from)
                {
                    continue;
                }

                var key = $"{from} -> {to}";
                if (!edges.TryGetValue(key, out var examples))
                {
                    edges[key] = examples = new SortedSet<string>(StringComparer.Ordinal);
                }

                examples.Add($"{TypeReferences.Owner(type).Name}->{TypeReferences.Owner(target).Name}");
            }
        }

        foreach (var (edge, examples) in edges)
        {
            output.WriteLine($"{edge}: {string.Join(", ", examples.Take(12))}{(examples.Count > 12 ? $" (+{examples.Count - 12})" : "")}");
        }
    }

    private static string? Area(Type type)
    {
        var ns = type.Namespace ?? "";
        if (!ns.StartsWith("ClinicApp", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = ns.Split('.');
        return parts.Length switch
        {
            1 => "ClinicApp",
            _ when parts[1] == "Features" && parts.Length > 2 => parts[2],
            _ => parts[1],
        };
    }
}
