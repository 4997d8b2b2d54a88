using ClinicApp.Data.Clinical;
using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Ram;

/// <summary>Adherence over a period of the hospital's calendar (see <see cref="AdherenceCalculator"/>).</summary>
public sealed class AdherenceService(ClinicDbFactory dbFactory, CurrentActor actor, HospitalTime hospitalTime)
{
    public const int MaxDays = 92;

    private static readonly AdministrationStatus[] Counted =
        [AdministrationStatus.Scheduled, AdministrationStatus.Given, AdministrationStatus.Held, AdministrationStatus.Refused, AdministrationStatus.Missed];

    /// <param name="from">First day, included.</param>
    /// <param name="to">Last day, included.</param>
    public async Task<AdherenceReport> ReportAsync(DateOnly from, DateOnly to, string noWardLabel = "—", CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        if (to < from)
        {
            (from, to) = (to, from);
        }

        if (to.DayNumber - from.DayNumber >= MaxDays)
        {
            from = to.AddDays(-(MaxDays - 1));
        }

        var start = hospitalTime.StartOfDayUtc(from);
        var end = hospitalTime.StartOfDayUtc(to.AddDays(1));
        var now = hospitalTime.UtcNow;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await CareSettingsService.SettingsAsync(db, ct);
        var dueBy = now.AddMinutes(-settings.DoseToleranceMinutes);
        if (dueBy < end)
        {
            end = dueBy;
        }

        var doses = await (from a in db.MedicationAdministrations.AsNoTracking()
                           where Counted.Contains(a.Status) && a.DueAt >= start && a.DueAt <= end
                           join h in db.Hospitalizations on a.HospitalizationId equals h.Id
                           join p in db.Pets.IgnoreQueryFilters() on h.PetId equals p.Id
                           select new AdherenceDose(h.Id, p.Name, (Guid?)h.Bed!.WardId, h.Bed.Ward!.Name, a.DueAt, a.Status, a.RecordedAt, a.RecordedById, a.RecordedByName))
            .ToListAsync(ct);
        return AdherenceCalculator.Compute(doses, now, settings.DoseToleranceMinutes, settings.Shifts(), hospitalTime.Zone, noWardLabel);
    }
}
