using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace ClinicApp.Tenancy;

/// <summary>Hospitals whose database could not be opened (missing, corrupt, not a database): they answer
/// 503 "temporarily unavailable" while every other hospital keeps working. Marked at start-up and when a
/// request meets the failure; cleared when the database opens again (after a restore and a restart).</summary>
public sealed class UnavailableHospitals(ILogger<UnavailableHospitals> logger)
{
    private readonly ConcurrentDictionary<Guid, string> _down = new();

    public bool IsUnavailable(Guid hospitalId) => _down.ContainsKey(hospitalId);

    public IReadOnlyDictionary<Guid, string> All => _down;

    public void Mark(TenantInfo hospital, Exception cause) => Mark(hospital.Id, hospital.Slug, cause);

    public void Mark(Guid id, string slug, Exception cause)
    {
        if (_down.TryAdd(id, cause.Message))
        {
            logger.LogCritical(cause, "The database of hospital {Hospital} cannot be used; it answers 503 until it is restored: {Reason}", slug, cause.Message);
        }
    }

    public void Clear(Guid id) => _down.TryRemove(id, out _);

    /// <summary>SQLite's answers for a file that is gone or is not (any more) a database: CANTOPEN,
    /// CORRUPT, NOTADB, IOERR. Anything else (a busy database, a constraint) is not an outage.</summary>
    public static bool IsDatabaseLost(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is SqliteException { SqliteErrorCode: 14 or 11 or 26 or 10 })
            {
                return true;
            }
        }

        return false;
    }
}
