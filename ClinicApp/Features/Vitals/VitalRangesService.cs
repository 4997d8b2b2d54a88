using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using ClinicApp.Features.Care;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Vitals;

/// <summary>One vital's range as the admin edits it; a null bound is open.</summary>
public sealed class VitalRangeInput
{
    public Vital Vital { get; set; }

    public decimal? CriticalMin { get; set; }

    public decimal? NormalMin { get; set; }

    public decimal? NormalMax { get; set; }

    public decimal? CriticalMax { get; set; }

    public static VitalRangeInput From(VitalRange range) => new()
    {
        Vital = range.Vital,
        CriticalMin = range.CriticalMin,
        NormalMin = range.NormalMin,
        NormalMax = range.NormalMax,
        CriticalMax = range.CriticalMax,
    };
}

/// <summary>The reference ranges in force at the hospital (its own over the built-in ones), and their
/// editing by admins, one species at a time.</summary>
public sealed class VitalRangesService(ClinicDbFactory dbFactory, CurrentActor actor)
{
    public async Task<VitalRangeBook> BookAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return VitalRangeBook.From(await db.VitalRanges.AsNoTracking().ToListAsync(ct));
    }

    /// <summary>The species whose ranges the hospital has changed from the defaults.</summary>
    public async Task<IReadOnlyList<Species>> CustomisedAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.VitalRanges.AsNoTracking().Select(r => r.Species).Distinct().ToListAsync(ct);
    }

    /// <summary>Refuses bounds out of order: critical min ≤ normal min ≤ normal max ≤ critical max (open bounds skipped).</summary>
    public static void Check(VitalRangeInput range)
    {
        ArgumentNullException.ThrowIfNull(range);
        if (!Enum.IsDefined(range.Vital))
        {
            throw new DomainRuleException("Common.Error.NotFound");
        }

        decimal?[] bounds = [range.CriticalMin, range.NormalMin, range.NormalMax, range.CriticalMax];
        var present = bounds.OfType<decimal>().ToList();
        if (present.Zip(present.Skip(1)).Any(pair => pair.First > pair.Second))
        {
            throw new DomainRuleException("Vitals.Error.RangeOrder", $"Vital.{range.Vital}");
        }

        if (present.Any(b => b < -1000 || b > 100_000))
        {
            throw new DomainRuleException("Vitals.Error.RangeOrder", $"Vital.{range.Vital}");
        }
    }

    /// <summary>Replaces a species' ranges (Admin). Every vital given is kept as the hospital's own.</summary>
    public async Task SaveAsync(Species species, IReadOnlyList<VitalRangeInput> ranges, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        ArgumentNullException.ThrowIfNull(ranges);
        if (!Enum.IsDefined(species) || ranges.Select(r => r.Vital).Distinct().Count() != ranges.Count)
        {
            throw new DomainRuleException("Common.Error.NotFound");
        }

        foreach (var range in ranges)
        {
            Check(range);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.VitalRanges.Where(r => r.Species == species).ToDictionaryAsync(r => r.Vital, ct);
        foreach (var input in ranges)
        {
            var row = existing.GetValueOrDefault(input.Vital) ?? db.VitalRanges.Add(new VitalRange { Species = species, Vital = input.Vital }).Entity;
            row.CriticalMin = input.CriticalMin;
            row.NormalMin = input.NormalMin;
            row.NormalMax = input.NormalMax;
            row.CriticalMax = input.CriticalMax;
        }

        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(e))
        {
            throw new DomainRuleException("Common.Error.Concurrency");
        }
    }

    /// <summary>Back to the built-in ranges for a species (Admin).</summary>
    public async Task RestoreDefaultsAsync(Species species, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.VitalRanges.RemoveRange(await db.VitalRanges.Where(r => r.Species == species).ToListAsync(ct));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else removed them first: the defaults are in force either way.
        }
    }
}
