using System.Globalization;
using ClinicApp.Data.Catalog;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ClinicApp.Infrastructure.Backups;

/// <summary>One good backup as the retention policy sees it: which run, and when it was taken (UTC).</summary>
public sealed record RetainedBackup(Guid Id, DateTime TakenAtUtc);

/// <summary>How many good backups are kept: the newest of each of the last <see cref="KeepDaily"/> days that
/// have one, of the last <see cref="KeepWeekly"/> ISO weeks and of the last <see cref="KeepMonthly"/> months
/// (their union). A negative setting counts as 0; whatever the settings, the newest good backup is kept.</summary>
public sealed record RetentionPolicy(int KeepDaily, int KeepWeekly, int KeepMonthly)
{
    public static RetentionPolicy From(BackupOptions options) => new(options.KeepDaily, options.KeepWeekly, options.KeepMonthly);

    /// <summary>The runs to keep among the good ones of one scope; every other one is pruned. Days, weeks and
    /// months are the hospital's (<paramref name="zone"/>): a backup at 01:00 in São Paulo belongs to that
    /// day, not to the UTC one. Counting "days that have one" (not calendar days back from now) means a
    /// hospital whose backups stopped for a while never loses the history it still has.</summary>
    public IReadOnlySet<Guid> Keep(IEnumerable<RetainedBackup> good, TimeZoneInfo zone, DateTime nowUtc)
    {
        var runs = good
            .Select(r => (r.Id, r.TakenAtUtc, Local: TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(r.TakenAtUtc, DateTimeKind.Utc), zone)))
            .OrderByDescending(r => r.TakenAtUtc)
            .ThenByDescending(r => r.Id)
            .ToList();
        var keep = new HashSet<Guid>();
        if (runs.Count == 0)
        {
            return keep;
        }

        // The newest good backup, whatever the settings say: the one to restore if everything else is lost.
        keep.Add(runs[0].Id);

        // A run stamped after "now" (the clock was set back) cannot be placed in the calendar: it is kept
        // rather than deleted on a wrong clock's word.
        keep.UnionWith(runs.Where(r => r.TakenAtUtc > nowUtc).Select(r => r.Id));

        void NewestOfEach<TKey>(int count, Func<DateTime, TKey> bucket)
            where TKey : notnull
        {
            // Runs are newest first, so the first run of each bucket is its newest and buckets come newest first.
            keep.UnionWith(runs
                .GroupBy(r => bucket(r.Local))
                .Take(Math.Max(0, count))
                .Select(g => g.First().Id));
        }

        NewestOfEach(KeepDaily, local => DateOnly.FromDateTime(local));
        NewestOfEach(KeepWeekly, local => (ISOWeek.GetYear(local), ISOWeek.GetWeekOfYear(local)));
        NewestOfEach(KeepMonthly, local => (local.Year, local.Month));
        return keep;
    }
}

/// <summary>Applies the <see cref="RetentionPolicy"/> of <c>Backups:Keep*</c> to one scope's good backups:
/// the runs it drops are marked <see cref="BackupStatus.Pruned"/> (their rows stay as history) and their
/// archive and copy are deleted. Failed runs have no archive and are left as they are; a file that is not a
/// pruned run's archive is never touched.</summary>
public sealed class BackupRetention(
    TenantConnections connections,
    BackupLocations locations,
    IOptions<BackupOptions> options,
    TimeProvider time,
    ILogger<BackupRetention> logger)
{
    /// <summary>Prunes the good backups of <paramref name="scope"/> (a hospital's slug or the catalog's) that
    /// the policy does not keep, in the scope's time zone; returns the runs it pruned.</summary>
    public async Task<IReadOnlyList<BackupRun>> PruneAsync(string scope, TimeZoneInfo timeZone, CancellationToken ct = default)
    {
        await using var db = connections.CreateCatalog();
        var good = await db.BackupRuns
            .Where(r => r.Scope == scope && r.Status == BackupStatus.Verified)
            // A restore's safety backup is outside the daily/weekly/monthly count: taken on the day of a
            // nightly one, it would otherwise prune the very archive the operator is restoring from.
            .Where(r => r.Trigger != BackupTrigger.BeforeRestore)
            .ToListAsync(ct);
        var keep = RetentionPolicy.From(options.Value)
            .Keep(good.Select(r => new RetainedBackup(r.Id, r.StartedAt)), timeZone, time.GetUtcNow().UtcDateTime);
        var pruned = good.Where(r => !keep.Contains(r.Id)).ToList();
        if (pruned.Count == 0)
        {
            return pruned;
        }

        // Recorded first, deleted after: a crash in between leaves a stray file (harmless, the next prune
        // does not see it), never a run that claims a good archive which is gone.
        foreach (var run in pruned)
        {
            run.Status = BackupStatus.Pruned;
        }

        await db.SaveChangesAsync(ct);
        foreach (var run in pruned)
        {
            Delete(run.ArchivePath, locations.For(scope));
            if (locations.CopyFor(scope) is { } copies)
            {
                Delete(run.CopyPath, copies);
            }
        }

        logger.LogInformation("Retention pruned {Count} backup(s) of {Scope}", pruned.Count, scope);
        return pruned;
    }

    /// <summary>After a good backup: prunes its scope. A failed prune is logged, never turns the good
    /// backup into a failure (the next run prunes again).</summary>
    public async Task PruneAfterBackupAsync(string scope, string? timeZoneId)
    {
        try
        {
            await PruneAsync(scope, Zone(timeZoneId), CancellationToken.None);
        }
#pragma warning disable CA1031 // the backup itself is verified and recorded; only the clean-up failed
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Pruning the backups of {Scope} failed", scope);
        }
    }

    /// <summary>A hospital's time zone by its IANA id; the catalog (null) counts days in UTC.</summary>
    public static TimeZoneInfo Zone(string? timeZoneId) =>
        timeZoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>Deletes a pruned run's file, only when it lies in the scope's own folder: a row edited by hand
    /// (or a bug) must not make retention delete anything else.</summary>
    private void Delete(string? path, string folder)
    {
        if (path is null)
        {
            return;
        }

        var full = Path.GetFullPath(path);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(root, StringComparison.Ordinal) || !full.EndsWith(BackupWriter.Extension, StringComparison.Ordinal))
        {
            logger.LogWarning("Retention left {Path} alone: it is not an archive in {Folder}", full, folder);
            return;
        }

        BackupWriter.TryDelete(full);
    }
}
