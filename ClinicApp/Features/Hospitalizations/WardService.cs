using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Care;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Hospitalizations;

public sealed record BedRow(Guid Id, Guid WardId, string Name, int Order, bool IsActive, string? Occupant);

public sealed record WardRow(Guid Id, string Name, bool IsIsolation, int Order, bool IsActive, IReadOnlyList<BedRow> Beds);

public sealed class WardInput
{
    public string? Name { get; set; }

    public bool IsIsolation { get; set; }

    public int Order { get; set; }

    public bool IsActive { get; set; } = true;
}

public sealed class BedInput
{
    public Guid WardId { get; set; }

    public string? Name { get; set; }

    public int Order { get; set; }

    public bool IsActive { get; set; } = true;
}

/// <summary>The Admin's wards and beds. Nothing is deleted (stays keep their bed); a bed or ward with a
/// patient in it cannot be taken out of use.</summary>
public sealed class WardService(ClinicDbFactory dbFactory, CurrentActor actor, HospitalEvents events)
{
    public async Task<IReadOnlyList<WardRow>> WardsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var wards = await db.Wards.AsNoTracking().OrderBy(w => w.Order).ThenBy(w => w.Name).ToListAsync(ct);
        var beds = await (from b in db.Beds.AsNoTracking()
                          join o in from h in db.Hospitalizations
                                    where h.OccupiedBedId != null
                                    join p in db.Pets.IgnoreQueryFilters() on h.PetId equals p.Id
                                    select new { h.OccupiedBedId, p.Name }
                              on (Guid?)b.Id equals o.OccupiedBedId into occupants
                          from o in occupants.DefaultIfEmpty()
                          orderby b.Order, b.Name
                          select new BedRow(b.Id, b.WardId, b.Name, b.Order, b.IsActive, o == null ? null : o.Name)).ToListAsync(ct);
        var byWard = beds.ToLookup(b => b.WardId);
        return wards.Select(w => new WardRow(w.Id, w.Name, w.IsIsolation, w.Order, w.IsActive, byWard[w.Id].ToList())).ToList();
    }

    public async Task<Guid> SaveWardAsync(Guid? id, WardInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        var name = TypedText.Clean(input.Name) ?? throw new DomainRuleException("Wards.Error.NameRequired");
        if (name.Length > 120)
        {
            throw new DomainRuleException("Wards.Error.NameTooLong", 120);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Wards.AnyAsync(w => w.Name == name && w.Id != id, ct))
        {
            throw new DomainRuleException("Wards.Error.WardNameTaken", name);
        }

        Ward ward;
        if (id is { } existing)
        {
            ward = await db.Wards.FirstOrDefaultAsync(w => w.Id == existing, ct) ?? throw new DomainRuleException("Common.Error.NotFound");
            if (ward.IsActive && !input.IsActive && await OccupiedAsync(db, db.Beds.Where(b => b.WardId == ward.Id), ct) is { } occupant)
            {
                throw new DomainRuleException("Wards.Error.WardOccupied", ward.Name, occupant.Bed, occupant.Patient);
            }
        }
        else
        {
            ward = new Ward { Name = name };
            db.Wards.Add(ward);
        }

        ward.Name = name;
        ward.IsIsolation = input.IsIsolation;
        ward.Order = input.Order;
        ward.IsActive = input.IsActive;
        await SaveAsync(db, ct);
        return ward.Id;
    }

    public async Task<Guid> SaveBedAsync(Guid? id, BedInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        var name = TypedText.Clean(input.Name) ?? throw new DomainRuleException("Wards.Error.NameRequired");
        if (name.Length > 60)
        {
            throw new DomainRuleException("Wards.Error.NameTooLong", 60);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Bed bed;
        if (id is { } existing)
        {
            bed = await db.Beds.FirstOrDefaultAsync(b => b.Id == existing, ct) ?? throw new DomainRuleException("Common.Error.NotFound");
            if (bed.IsActive && !input.IsActive && await OccupiedAsync(db, db.Beds.Where(b => b.Id == bed.Id), ct) is { } occupant)
            {
                throw new DomainRuleException("Wards.Error.BedOccupied", occupant.Bed, occupant.Patient);
            }
        }
        else
        {
            if (!await db.Wards.AnyAsync(w => w.Id == input.WardId, ct))
            {
                throw new DomainRuleException("Common.Error.NotFound");
            }

            bed = new Bed { WardId = input.WardId, Name = name };
            db.Beds.Add(bed);
        }

        bed.Name = name;
        bed.Order = input.Order;
        bed.IsActive = input.IsActive;
        try
        {
            await SaveAsync(db, ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new DomainRuleException("Wards.Error.BedNameTaken", name);
        }

        return bed.Id;
    }

    private async Task SaveAsync(Data.ClinicDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("Common.Error.Concurrency");
        }

        // The board shows every bed: a new, renamed or retired one changes it.
        await events.PublishAsync(new CareChanged(null, Guid.Empty, CareChange.StatusChanged));
    }

    private static Task<Occupant?> OccupiedAsync(Data.ClinicDbContext db, IQueryable<Bed> beds, CancellationToken ct) =>
        (from b in beds
         join h in db.Hospitalizations on (Guid?)b.Id equals h.OccupiedBedId
         join p in db.Pets.IgnoreQueryFilters() on h.PetId equals p.Id
         select new Occupant(b.Name, p.Name)).FirstOrDefaultAsync(ct);

    private sealed record Occupant(string Bed, string Patient);
}
