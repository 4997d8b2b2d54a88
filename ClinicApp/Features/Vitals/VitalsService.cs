using System.Globalization;
using ClinicApp.Data;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Care;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Vitals;

/// <summary>A set of vital signs as the nurse types it; <see cref="TakenAtLocal"/> is the hospital's wall
/// clock (now when empty).</summary>
public sealed class VitalsInput
{
    public Guid PetId { get; set; }

    public Guid? HospitalizationId { get; set; }

    public DateTime? TakenAtLocal { get; set; }

    public int? HeartRate { get; set; }

    public int? RespiratoryRate { get; set; }

    public decimal? TemperatureC { get; set; }

    public int? SpO2 { get; set; }

    public int? Systolic { get; set; }

    public int? Diastolic { get; set; }

    public int? MeanArterial { get; set; }

    public int? Glucose { get; set; }

    public int? PainScore { get; set; }

    public decimal? WeightKg { get; set; }

    public string? Notes { get; set; }
}

/// <summary>What recording a reading did: <see cref="AlertId"/> is set when it raised an emergency.</summary>
public sealed record VitalsRecorded(Guid VitalSignsId, Guid? AlertId, IReadOnlyList<(Vital Vital, decimal Value)> Critical);

/// <summary>An emergency still waiting for someone to acknowledge it, with what the banner shows.</summary>
public sealed record OpenVitalAlert(
    Guid Id,
    Guid PetId,
    string PetName,
    Species Species,
    Guid? HospitalizationId,
    string? WardName,
    string? BedName,
    DateTime RaisedAt,
    string TakenByName,
    IReadOnlyList<(Vital Vital, decimal Value)> Values);

/// <summary>Whose vitals a screen shows: the pet and, when in hospital, its current stay.</summary>
public sealed record VitalsPatient(Guid PetId, string PetName, Species Species, Guid TutorId, string TutorName, Guid? ActiveStayId);

/// <summary>Vital signs of patients: recording them (with the emergency alert when a value is outside its
/// critical range), acknowledging alerts, and the history the charts draw.</summary>
public sealed class VitalsService(ClinicDbFactory dbFactory, CurrentActor actor, HospitalTime hospitalTime, HospitalEvents events)
{
    public async Task<VitalsRecorded> RecordAsync(VitalsInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        ArgumentNullException.ThrowIfNull(input);
        var notes = TypedText.Clean(input.Notes);
        if (notes?.Length > 2000)
        {
            throw new DomainRuleException("Vitals.Error.NotesTooLong", 2000);
        }

        var reading = new VitalSigns
        {
            PetId = input.PetId,
            TakenById = actor.UserId,
            TakenByName = "",
            HeartRate = input.HeartRate,
            RespiratoryRate = input.RespiratoryRate,
            TemperatureC = input.TemperatureC is { } t ? decimal.Round(t, 1) : null,
            SpO2 = input.SpO2,
            Systolic = input.Systolic,
            Diastolic = input.Diastolic,
            MeanArterial = input.MeanArterial,
            Glucose = input.Glucose,
            PainScore = input.PainScore,
            WeightKg = input.WeightKg is { } w ? decimal.Round(w, 3) : null,
            Notes = notes,
        };
        VitalPlausibility.Check(reading);
        var now = hospitalTime.UtcNow;
        reading.TakenAt = input.TakenAtLocal is { } local ? hospitalTime.ToUtc(local) : now;
        if (reading.TakenAt > now.AddMinutes(5))
        {
            throw new DomainRuleException("Vitals.Error.Future");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pet = await db.Pets.AsNoTracking().FirstOrDefaultAsync(p => p.Id == input.PetId, ct)
            ?? throw new DomainRuleException("Vitals.Error.PetRequired");
        reading.TakenByName = await PersonNameAsync(db, ct);
        if (input.HospitalizationId is { } stayId)
        {
            if (!await db.Hospitalizations.AnyAsync(h => h.Id == stayId && h.PetId == pet.Id, ct))
            {
                throw new DomainRuleException("Common.Error.NotFound");
            }

            reading.HospitalizationId = stayId;
        }
        else
        {
            // A reading of a patient in hospital belongs to the stay, whichever screen it was taken from.
            reading.HospitalizationId = await db.Hospitalizations.Where(h => h.ActivePetId == pet.Id).Select(h => (Guid?)h.Id).FirstOrDefaultAsync(ct);
        }

        var book = VitalRangeBook.From(await db.VitalRanges.AsNoTracking().ToListAsync(ct));
        var critical = book.Critical(pet.Species, reading);
        db.VitalSigns.Add(reading);
        VitalAlert? alert = null;
        if (critical.Count > 0)
        {
            alert = new VitalAlert
            {
                VitalSignsId = reading.Id,
                PetId = pet.Id,
                HospitalizationId = reading.HospitalizationId,
                RaisedAt = now,
                Values = FormatValues(critical),
            };
            db.VitalAlerts.Add(alert);
        }

        await db.SaveChangesAsync(ct);
        if (alert is not null)
        {
            await events.PublishAsync(new VitalsAlertRaised(alert.Id, pet.Id, alert.HospitalizationId));
        }

        await events.PublishAsync(new CareChanged(reading.HospitalizationId, pet.Id, CareChange.VitalsRecorded));
        return new VitalsRecorded(reading.Id, alert?.Id, critical);
    }

    /// <summary>Acknowledges an alert. The first acknowledgement wins and is kept (who and when); a later
    /// one, or a second click, changes nothing.</summary>
    public async Task AcknowledgeAsync(Guid alertId, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var alert = await db.VitalAlerts.FirstOrDefaultAsync(a => a.Id == alertId, ct) ?? throw new DomainRuleException("Common.Error.NotFound");
        if (alert.AcknowledgedAt is not null)
        {
            return;
        }

        alert.AcknowledgedAt = hospitalTime.UtcNow;
        alert.AcknowledgedById = actor.UserId;
        alert.AcknowledgedByName = await PersonNameAsync(db, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone acknowledged it at the same moment: theirs is kept.
            return;
        }

        await events.PublishAsync(new VitalsAlertAcknowledged(alert.Id));
    }

    public async Task<VitalsPatient?> PatientAsync(Guid petId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Pets.AsNoTracking().Where(p => p.Id == petId)
            .Select(p => new VitalsPatient(p.Id, p.Name, p.Species, p.TutorId, p.Tutor!.Name,
                db.Hospitalizations.Where(h => h.ActivePetId == p.Id).Select(h => (Guid?)h.Id).FirstOrDefault()))
            .FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<OpenVitalAlert>> OpenAlertsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (from a in db.VitalAlerts.AsNoTracking()
                          where a.AcknowledgedAt == null
                          join p in db.Pets.IgnoreQueryFilters() on a.PetId equals p.Id
                          join v in db.VitalSigns on a.VitalSignsId equals v.Id
                          join h in db.Hospitalizations on a.HospitalizationId equals h.Id into stays
                          from h in stays.DefaultIfEmpty()
                          orderby a.RaisedAt descending
                          select new
                          {
                              a.Id,
                              a.PetId,
                              PetName = p.Name,
                              p.Species,
                              a.HospitalizationId,
                              WardName = h == null || h.Bed == null ? null : h.Bed.Ward!.Name,
                              BedName = h == null || h.Bed == null ? null : h.Bed.Name,
                              a.RaisedAt,
                              v.TakenByName,
                              a.Values,
                          }).Take(20).ToListAsync(ct);
        return rows.Select(r => new OpenVitalAlert(r.Id, r.PetId, r.PetName, r.Species, r.HospitalizationId, r.WardName, r.BedName, r.RaisedAt, r.TakenByName,
            ParseValues(r.Values))).ToList();
    }

    /// <summary>The readings of a pet (or of one stay) between two instants, oldest first.</summary>
    public async Task<IReadOnlyList<VitalSigns>> HistoryAsync(Guid? petId, Guid? hospitalizationId, DateTime? fromUtc = null, DateTime? toUtc = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var readings = db.VitalSigns.AsNoTracking();
        readings = hospitalizationId is { } stay ? readings.Where(v => v.HospitalizationId == stay)
            : petId is { } pet ? readings.Where(v => v.PetId == pet)
            : throw new ArgumentException("A pet or a stay is needed.", nameof(petId));
        if (fromUtc is { } from)
        {
            readings = readings.Where(v => v.TakenAt >= from);
        }

        if (toUtc is { } to)
        {
            readings = readings.Where(v => v.TakenAt < to);
        }

        return await readings.OrderByDescending(v => v.TakenAt).Take(500).OrderBy(v => v.TakenAt).ToListAsync(ct);
    }

    public static string FormatValues(IEnumerable<(Vital Vital, decimal Value)> values) =>
        string.Join(';', values.Select(v => $"{v.Vital}={v.Value.ToString(CultureInfo.InvariantCulture)}"));

    public static IReadOnlyList<(Vital Vital, decimal Value)> ParseValues(string values) =>
        values.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2 && Enum.TryParse<Vital>(pair[0], out _)
                && decimal.TryParse(pair[1], NumberStyles.Number, CultureInfo.InvariantCulture, out _))
            .Select(pair => (Enum.Parse<Vital>(pair[0]), decimal.Parse(pair[1], NumberStyles.Number, CultureInfo.InvariantCulture)))
            .ToList();

    /// <summary>The signed-in person as colleagues know them (their display name, not their sign-in email).</summary>
    private async Task<string> PersonNameAsync(ClinicDbContext db, CancellationToken ct) =>
        actor.UserId is { } id && await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) is { Length: > 0 } name
            ? name
            : actor.Name;
}
