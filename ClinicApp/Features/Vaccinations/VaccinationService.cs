using ClinicApp.Common;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Pets;
using ClinicApp.Features.Tutors;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Vaccinations;

public sealed class VaccinationInput
{
    public string Vaccine { get; set; } = "";

    public string? Dose { get; set; }

    public string? Batch { get; set; }

    public DateOnly? AppliedOn { get; set; }

    public Guid? VeterinarianId { get; set; }

    public DateOnly? NextDueOn { get; set; }

    public string? Notes { get; set; }
}

public sealed record VaccinationRow(Guid Id, string Vaccine, string? Dose, string? Batch, DateOnly AppliedOn, string? Veterinarian, DateOnly? NextDueOn, string? Notes);

public sealed record DueVaccination(Guid PetId, string PetName, Species Species, Guid TutorId, string TutorName, string? TutorPhone, bool WhatsAppOptIn, string Vaccine, DateOnly LastAppliedOn, DateOnly DueOn);

/// <summary>Vaccines given and the ones coming due.</summary>
public sealed class VaccinationService(ClinicDbFactory dbFactory, CurrentActor actor, HospitalTime hospitalTime, HospitalEvents events)
{
    /// <summary>Common vaccines of Brazilian small-animal practice (suggestions; any name may be typed).</summary>
    public static IReadOnlyList<string> Suggestions(Species species) => species switch
    {
        Species.Dog => ["V8", "V10", "Antirrábica", "Gripe canina (tosse dos canis)", "Giárdia", "Leishmaniose"],
        Species.Cat => ["V3 (tríplice felina)", "V4 (quádrupla felina)", "V5 (quíntupla felina)", "Antirrábica", "FeLV"],
        _ => ["Antirrábica"],
    };

    public async Task<IReadOnlyList<VaccinationRow>> OfPetAsync(Guid petId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from v in db.Vaccinations.AsNoTracking()
                      where v.PetId == petId
                      join u in db.Users on v.VeterinarianId equals u.Id into vets
                      from vet in vets.DefaultIfEmpty()
                      orderby v.AppliedOn descending
                      select new VaccinationRow(v.Id, v.Vaccine, v.Dose, v.Batch, v.AppliedOn, vet == null ? null : vet.DisplayName, v.NextDueOn, v.Notes))
            .ToListAsync(ct);
    }

    public async Task<Guid> RecordAsync(Guid petId, VaccinationInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        var vaccine = string.IsNullOrWhiteSpace(input.Vaccine) ? throw new DomainRuleException("Vaccinations.Error.VaccineRequired") : input.Vaccine.Trim();
        var today = hospitalTime.Today;
        var applied = input.AppliedOn ?? today;
        if (applied > today)
        {
            throw new DomainRuleException("Vaccinations.Error.AppliedInFuture");
        }

        if (input.NextDueOn is { } next && next <= applied)
        {
            throw new DomainRuleException("Vaccinations.Error.NextDue");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pet = await db.Pets.AsNoTracking().FirstOrDefaultAsync(p => p.Id == petId, ct) ?? throw new DomainRuleException("Common.Error.NotFound");
        if (pet.Deceased)
        {
            throw new DomainRuleException("Agenda.Error.PetDeceased", pet.Name);
        }

        var vaccination = new Vaccination
        {
            PetId = petId,
            Vaccine = vaccine,
            Dose = TypedText.Clean(input.Dose),
            Batch = TypedText.Clean(input.Batch),
            AppliedOn = applied,
            VeterinarianId = input.VeterinarianId ?? actor.UserId,
            NextDueOn = input.NextDueOn,
            Notes = TypedText.Clean(input.Notes),
        };
        db.Vaccinations.Add(vaccination);
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(new PetRecordChanged(petId));
        return vaccination.Id;
    }

    /// <summary>Each pet's latest dose of each vaccine whose next dose is due by
    /// <paramref name="until"/> (overdue ones included), living pets only, soonest first.</summary>
    public async Task<Page<DueVaccination>> DueAsync(DateOnly until, bool overdueOnly, string? search, int page, int pageSize, CancellationToken ct = default)
    {
        var today = hospitalTime.Today;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = db.Vaccinations.AsNoTracking()
            .Where(v => v.NextDueOn != null && v.NextDueOn <= (overdueOnly ? today.AddDays(-1) : until))
            .Where(v => !db.Vaccinations.Any(later => later.PetId == v.PetId && later.Vaccine == v.Vaccine && later.AppliedOn > v.AppliedOn));
        var query = from v in latest
                    join p in db.Pets on v.PetId equals p.Id
                    join t in db.Tutors on p.TutorId equals t.Id
                    where !p.Deceased
                    select new { v, p, t };
        foreach (var word in SearchText.Words(search))
        {
            query = query.Where(x => x.t.SearchText.Contains(word) || x.p.SearchText.Contains(word));
        }

        var total = await query.CountAsync(ct);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var rows = await query.OrderBy(x => x.v.NextDueOn).ThenBy(x => x.p.Name)
            .Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Select(x => new DueVaccination(x.p.Id, x.p.Name, x.p.Species, x.t.Id, x.t.Name, x.t.Phone, x.t.WhatsAppOptIn, x.v.Vaccine, x.v.AppliedOn, x.v.NextDueOn!.Value))
            .ToListAsync(ct);
        return new Page<DueVaccination>(rows, total);
    }
}
