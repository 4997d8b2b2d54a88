using System.Reflection;

namespace ClinicApp.Tests.Support;

/// <summary>Every public property of an entity read at once, so a test can tell that a refused
/// transition changed nothing (whatever properties the entity grows later).</summary>
internal static class EntityState
{
    public static IReadOnlyList<(string Name, object? Value)> Of(object entity) =>
        entity.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p.Name, p.GetValue(entity)))
            .ToList();
}
