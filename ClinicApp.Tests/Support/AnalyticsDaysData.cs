using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Tests.Support;

/// <summary>The analytics day figures a hospital keeps (<c>AnalyticsDays</c>), for tests and benchmarks that start
/// from nothing kept.</summary>
public static class AnalyticsDaysData
{
    /// <summary>Forgets every kept day and every stale mark of the hospital.</summary>
    public static async Task ForgetAnalyticsDaysAsync(this ClinicDbFactory dbFactory, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.AnalyticsDays.ExecuteDeleteAsync(ct);
        await db.AnalyticsStaleDays.ExecuteDeleteAsync(ct);
    }
}
