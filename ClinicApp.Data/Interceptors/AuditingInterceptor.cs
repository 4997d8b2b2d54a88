using ClinicApp.Data.Audit;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ClinicApp.Data.Interceptors;

/// <summary>The cross-cutting part of every save to a hospital database, in the same transaction
/// as the change itself: timestamps, a fresh concurrency version, soft delete instead of delete,
/// and an audit entry (who, when, entity, action, changed fields) per changed row.</summary>
public sealed class AuditingInterceptor(ICurrentActor actor, TimeProvider time) : SaveChangesInterceptor
{
    /// <summary>Bookkeeping columns that change on every save and say nothing to an auditor.</summary>
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal)
    {
        nameof(Entity.UpdatedAt), nameof(Entity.Version), nameof(ApplicationUser.ConcurrencyStamp),
    };

    /// <summary>What signing in writes on the user's row: a sign-in, not a change of the user by anyone.</summary>
    private static readonly HashSet<string> SignInFields = new(StringComparer.Ordinal)
    {
        nameof(ApplicationUser.LastSignInAt), nameof(ApplicationUser.AccessFailedCount), nameof(ApplicationUser.LockoutEnd),
    };

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Apply(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Apply(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Apply(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        context.ChangeTracker.DetectChanges();
        var now = time.GetUtcNow().UtcDateTime;
        var audits = new List<AuditEntry>();

        foreach (var entry in context.ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is AuditEntry or INotAudited || entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            var action = entry.State switch
            {
                EntityState.Added => AuditAction.Created,
                EntityState.Deleted => AuditAction.Deleted,
                _ => AuditAction.Updated,
            };

            if (entry is { State: EntityState.Deleted, Entity: ISoftDeletable deletable })
            {
                entry.State = EntityState.Modified;
                deletable.IsDeleted = true;
                deletable.DeletedAt = now;
                deletable.DeletedBy = actor.UserId;
            }

            var changed = ChangedFields(entry, action);
            if (action == AuditAction.Updated && changed.Count == 0)
            {
                continue;
            }

            if (action == AuditAction.Updated && entry.Entity is ApplicationUser && changed.TrueForAll(SignInFields.Contains))
            {
                if (SignInOutcome(entry, changed) is not { } signIn)
                {
                    continue;
                }

                action = signIn;
            }

            Stamp(entry, now);
            audits.Add(new AuditEntry
            {
                At = now,
                UserId = actor.UserId,
                UserName = actor.Name,
                EntityType = EntityName(entry.Metadata.ClrType),
                EntityId = KeyOf(entry),
                Action = action,
                ChangedFields = string.Join(',', changed),
            });
        }

        if (audits.Count > 0 && context.Model.FindEntityType(typeof(AuditEntry)) is not null)
        {
            context.Set<AuditEntry>().AddRange(audits);
        }
    }

    private static void Stamp(EntityEntry entry, DateTime now)
    {
        switch (entry.Entity)
        {
            case Entity entity:
                if (entry.State == EntityState.Added)
                {
                    entity.CreatedAt = now;
                }

                entity.UpdatedAt = now;
                entity.Version = Guid.NewGuid();
                break;
            case ApplicationUser user:
                if (entry.State == EntityState.Added)
                {
                    user.CreatedAt = now;
                }

                user.UpdatedAt = now;
                break;
        }
    }

    /// <summary>Signed in, or a wrong password counted; null for the counter's reset that comes with a
    /// successful sign-in (its own entry follows with the time of the sign-in).</summary>
    private static AuditAction? SignInOutcome(EntityEntry entry, List<string> changed)
    {
        if (changed.Contains(nameof(ApplicationUser.LastSignInAt)))
        {
            return AuditAction.SignedIn;
        }

        var failures = entry.Property(nameof(ApplicationUser.AccessFailedCount));
        var lockout = entry.Property(nameof(ApplicationUser.LockoutEnd));
        var counted = (int)failures.CurrentValue! > (int)failures.OriginalValue!;
        var lockedOut = lockout.IsModified && lockout.CurrentValue is not null;
        return counted || lockedOut ? AuditAction.SignInFailed : null;
    }

    private static List<string> ChangedFields(EntityEntry entry, AuditAction action)
    {
        IEnumerable<PropertyEntry> properties = entry.Properties;
        if (action == AuditAction.Updated)
        {
            properties = properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue));
        }
        else if (action == AuditAction.Deleted)
        {
            return [];
        }

        return properties
            .Select(p => p.Metadata.Name)
            .Where(name => !Bookkeeping.Contains(name))
            .ToList();
    }

    /// <summary>"IdentityUserRole`1" → "IdentityUserRole": a readable name the UI can translate.</summary>
    public static string EntityName(Type type) =>
        type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;

    private static string KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        return key is null
            ? ""
            : string.Join('|', key.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString()));
    }
}
