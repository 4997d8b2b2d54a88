using ClinicApp.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ClinicApp.Data.Interceptors;

/// <summary>Refuses a save in which a text is longer than its column allows (the model's HasMaxLength),
/// with a message a person can act on. SQLite would store a megabyte in a 200-character name and SQL
/// Server would fail with a truncation error; checking every save here covers every service — and
/// Identity's — from the single source of the limits, instead of one check per field that a new field
/// forgets. Runs before anything is sent, so nothing of the operation is written.</summary>
public sealed class TextLimitsInterceptor : SaveChangesInterceptor
{
    public static readonly TextLimitsInterceptor Instance = new();

    public const string TooLongKey = "Common.Error.TextTooLong";

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>Throws <see cref="DomainRuleException"/> (<see cref="TooLongKey"/>, with the maximum and
    /// the length found) for the first text over its column's maximum among added or changed rows.</summary>
    public static void Check(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        context.ChangeTracker.DetectChanges();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                if (property.Metadata.ClrType != typeof(string)
                    || property.Metadata.GetMaxLength() is not { } max
                    || (entry.State == EntityState.Modified && !property.IsModified)
                    || property.CurrentValue is not string text
                    || text.Length <= max)
                {
                    continue;
                }

                throw new DomainRuleException(TooLongKey, max, text.Length);
            }
        }
    }
}
