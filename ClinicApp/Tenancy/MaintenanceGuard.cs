using System.Data.Common;
using ClinicApp.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ClinicApp.Tenancy;

/// <summary>Refuses every write to a hospital's database while the hospital is in maintenance (its data is
/// being restored): a write accepted then would be overwritten by the restore, or half of it kept. Added by
/// <see cref="ClinicDbFactory"/> to every context it opens, so every service (and Identity) is covered without
/// a check of its own. Saves are refused before anything is sent; bulk commands (ExecuteUpdate/Delete) that
/// skip SaveChanges are refused as they execute, inside their transaction. The restore itself writes with
/// SQLite's backup API, never through here. The maintenance flag is read from the catalog's cached snapshot:
/// in this process it changes at once, other instances see it within the catalog cache's lifetime, which the
/// restore's grace period outwaits.</summary>
public sealed class MaintenanceGuard(HospitalCatalog catalog, Guid hospitalId) : ISaveChangesInterceptor, IDbCommandInterceptor
{
    public const string WritesPausedKey = "Backups.Maintenance.WritesPaused";

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(catalog.FindByIdAsync(hospitalId).GetAwaiter().GetResult());
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(await catalog.FindByIdAsync(hospitalId, cancellationToken));
        return result;
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        CheckCommand(command, eventData);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await CheckCommandAsync(command, eventData, cancellationToken);
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        CheckCommand(command, eventData);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await CheckCommandAsync(command, eventData, cancellationToken);
        return result;
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        CheckCommand(command, eventData);
        return result;
    }

    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await CheckCommandAsync(command, eventData, cancellationToken);
        return result;
    }

    private void CheckCommand(DbCommand command, CommandEventData eventData)
    {
        if (IsGuardedCommand(command, eventData))
        {
            Check(catalog.FindByIdAsync(hospitalId).GetAwaiter().GetResult());
        }
    }

    private async Task CheckCommandAsync(DbCommand command, CommandEventData eventData, CancellationToken ct)
    {
        if (IsGuardedCommand(command, eventData))
        {
            Check(await catalog.FindByIdAsync(hospitalId, ct));
        }
    }

    private static void Check(TenantInfo? hospital)
    {
        if (hospital is { InMaintenance: true })
        {
            throw new DomainRuleException(WritesPausedKey);
        }
    }

    /// <summary>Statements that change data outside SaveChanges (ExecuteUpdate/Delete, raw SQL). A save was
    /// checked as it began: refusing its commands too would reach the caller wrapped in a DbUpdateException
    /// instead of the message, and a save that began before the maintenance ends within its grace period.
    /// Reads and pragmas pass without a catalog lookup.</summary>
    private static bool IsGuardedCommand(DbCommand command, CommandEventData eventData)
    {
        if (eventData.CommandSource == CommandSource.SaveChanges)
        {
            return false;
        }

        var start = command.CommandText.AsSpan().TrimStart();
        return start.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("REPLACE", StringComparison.OrdinalIgnoreCase);
    }
}
