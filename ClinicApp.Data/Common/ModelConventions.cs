using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ClinicApp.Data.Common;

/// <summary>Model rules shared by every entity of the hospital database.</summary>
public static class ModelConventions
{
    private static readonly ValueConverter<DateTime, DateTime> Utc = new(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private static readonly ValueConverter<DateTime?, DateTime?> NullableUtc = new(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));

    /// <summary>Times are stored in UTC and read back as UTC (SQLite forgets the kind).</summary>
    public static void StoreDateTimesAsUtc(this ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.ClrType == typeof(DateTime))
                {
                    property.SetValueConverter(Utc);
                }
                else if (property.ClrType == typeof(DateTime?))
                {
                    property.SetValueConverter(NullableUtc);
                }
            }
        }
    }

    /// <summary>Every <see cref="Entity"/> carries a concurrency token; every soft-deletable entity
    /// is hidden from queries once deleted.</summary>
    public static void ApplyEntityConventions(this ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => e.BaseType == null))
        {
            var clr = entity.ClrType;
            if (typeof(Entity).IsAssignableFrom(clr))
            {
                modelBuilder.Entity(clr).Property(nameof(Entity.Version)).IsConcurrencyToken();

                // Ids are made by the entity itself (Guid v7): a new child added to a loaded parent's
                // collection must be inserted, not taken for an existing row to update.
                modelBuilder.Entity(clr).Property(nameof(Entity.Id)).ValueGeneratedNever();
            }

            if (typeof(ISoftDeletable).IsAssignableFrom(clr))
            {
                var parameter = Expression.Parameter(clr, "e");
                var body = Expression.Not(Expression.Property(parameter, nameof(ISoftDeletable.IsDeleted)));
                modelBuilder.Entity(clr).HasQueryFilter(Expression.Lambda(body, parameter));
                modelBuilder.Entity(clr).HasIndex(nameof(ISoftDeletable.IsDeleted));
            }
        }
    }

    /// <summary>Every decimal property becomes an integer of its scale's smallest unit (SQLite only).</summary>
    public static void StoreDecimalsAsScaledIntegers(this ModelBuilder modelBuilder)
    {
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            if (property.ClrType != typeof(decimal) && property.ClrType != typeof(decimal?))
            {
                continue;
            }

            var scale = property.GetScale() ?? throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} needs HasPrecision.");
            var factor = (decimal)Math.Pow(10, scale);
            property.SetValueConverter(property.ClrType == typeof(decimal)
                ? new ValueConverter<decimal, long>(v => (long)(v * factor), v => v / factor)
                : new ValueConverter<decimal?, long?>(v => v == null ? null : (long)(v.Value * factor), v => v == null ? null : v.Value / factor));
        }
    }
}
