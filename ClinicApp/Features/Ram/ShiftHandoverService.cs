using System.Globalization;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Ram;

public sealed record HandoverWard(Guid Id, string Name);

/// <summary>A critical reading raised during the shift; <see cref="Values"/> as (vital, value).</summary>
public sealed record HandoverAlert(Guid Id, Guid? HospitalizationId, string PetName, string? BedName, DateTime RaisedAt, IReadOnlyList<(Vital Vital, string Value)> Values, string? AcknowledgedByName);

public sealed record HandoverAdmission(Guid Id, string PetName, Species Species, string? BedName, string? WardName, DateTime AdmittedAt, string Reason, HospitalizationPriority Priority);

/// <summary>What the next team must know about a ward (or all): since the shift began, the doses late
/// now, the doses held, refused or missed, critical vitals and new admissions. Times UTC.</summary>
public sealed record ShiftHandover(
    DateTime ShiftStartUtc,
    string ShiftLabel,
    Guid? WardId,
    IReadOnlyList<HandoverWard> Wards,
    IReadOnlyList<RamDose> LateNow,
    IReadOnlyList<RamDose> NotGiven,
    IReadOnlyList<HandoverAlert> CriticalVitals,
    IReadOnlyList<HandoverAdmission> Admissions);

public sealed class ShiftHandoverService(ClinicDbFactory dbFactory, CurrentActor actor, HospitalTime hospitalTime, RamChecklist checklist)
{
    private static readonly AdministrationStatus[] NotGivenStatuses = [AdministrationStatus.Held, AdministrationStatus.Refused, AdministrationStatus.Missed];

    /// <param name="wardId">One ward; all when null.</param>
    public async Task<ShiftHandover> LoadAsync(Guid? wardId, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        var now = hospitalTime.UtcNow;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await CareSettingsService.SettingsAsync(db, ct);
        var shifts = settings.Shifts();
        var since = ShiftClock.CurrentStartUtc(now, shifts, hospitalTime.Zone);
        var label = ShiftClock.Label(ShiftClock.IndexOf(TimeOnly.FromDateTime(hospitalTime.ToLocal(now)), shifts), shifts);
        var wards = await db.Wards.AsNoTracking().Where(w => w.IsActive).OrderBy(w => w.Order).ThenBy(w => w.Name)
            .Select(w => new HandoverWard(w.Id, w.Name)).ToListAsync(ct);

        var snapshot = await checklist.LoadAsync(ct);
        var doses = snapshot.Doses().Where(d => wardId is null || d.WardId == wardId).ToList();
        var late = doses.Where(d => d.IsLate(now, settings.DoseToleranceMinutes)).OrderBy(d => d.DueAt).ToList();

        // Recorded since the shift began, whatever the due time (also of a stay ended since).
        var notGiven = await (from a in db.MedicationAdministrations.AsNoTracking()
                              where a.RecordedAt >= since && NotGivenStatuses.Contains(a.Status)
                              join h in db.Hospitalizations on a.HospitalizationId equals h.Id
                              where wardId == null || h.Bed!.WardId == wardId
                              join p in db.Pets.IgnoreQueryFilters() on h.PetId equals p.Id
                              join i in db.PrescriptionItems on a.PrescriptionItemId equals i.Id
                              orderby a.RecordedAt
                              select new RamDose(
                                  a.Id, h.Id, p.Id, p.Name, p.Species, h.Bed!.Name, (Guid?)h.Bed.WardId, h.Bed.Ward!.Name,
                                  i.Id, i.MedicationName, i.DoseMg, i.DoseVolume, false, i.Route,
                                  a.DueAt, a.OriginalDueAt, a.Status, a.RecordedAt, a.RecordedByName, a.DoseGivenMg, a.Reason, a.Note))
            .ToListAsync(ct);

        var alerts = await (from v in db.VitalAlerts.AsNoTracking()
                            where v.RaisedAt >= since
                            join h in db.Hospitalizations on v.HospitalizationId equals h.Id into stays
                            from h in stays.DefaultIfEmpty()
                            where wardId == null || h.Bed!.WardId == wardId
                            join p in db.Pets.IgnoreQueryFilters() on v.PetId equals p.Id
                            orderby v.RaisedAt
                            select new { v.Id, v.HospitalizationId, p.Name, Bed = h.Bed!.Name, v.RaisedAt, v.Values, v.AcknowledgedByName })
            .ToListAsync(ct);

        var admissions = await (from h in db.Hospitalizations.AsNoTracking()
                                where h.AdmittedAt >= since && (wardId == null || h.Bed!.WardId == wardId)
                                join p in db.Pets.IgnoreQueryFilters() on h.PetId equals p.Id
                                orderby h.AdmittedAt
                                select new HandoverAdmission(h.Id, p.Name, p.Species, h.Bed!.Name, h.Bed.Ward!.Name, h.AdmittedAt, h.Reason, h.Priority))
            .ToListAsync(ct);

        return new ShiftHandover(
            since, label, wardId, wards, late, notGiven,
            alerts.Select(a => new HandoverAlert(a.Id, a.HospitalizationId, a.Name, a.Bed, a.RaisedAt, ParseValues(a.Values), a.AcknowledgedByName)).ToList(),
            admissions);
    }

    /// <summary>"TemperatureC=41.2;HeartRate=220" → (vital, value); unknown names are skipped.</summary>
    public static IReadOnlyList<(Vital Vital, string Value)> ParseValues(string values) =>
        values.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(parts => parts.Length == 2 && Enum.TryParse<Vital>(parts[0], out _))
            .Select(parts => (Enum.Parse<Vital>(parts[0]), decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var v)
                ? v.ToString(CultureInfo.CurrentCulture) : parts[1]))
            .ToList();
}
