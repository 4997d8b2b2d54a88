using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Hospitalizations;
using ClinicApp.Infrastructure.Pdf;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Portal;

/// <summary>How a stay reads to the tutor: in care (waiting for a bed is still "in care" to them), home, or died.</summary>
public enum PortalStayStatus
{
    InCare,
    Discharged,
    Deceased,
}

/// <summary>A pet of the tutor in hospital now, for the home card; times UTC.</summary>
public sealed record PortalStayNow(Guid Id, Guid PetId, string PetName, Species Species, DateTime AdmittedAt, BulletinRow? Latest);

/// <summary>A stay in the tutor's list; times UTC.</summary>
public sealed record PortalStayRow(Guid Id, string PetName, Species Species, DateTime AdmittedAt, DateTime? EndedAt, PortalStayStatus Status);

/// <summary>A stay as the tutor sees it: dates, status, the bulletins and, once home, the home-care
/// instructions. Deliberately nothing else of the stay (no reason, notes, doses, vitals, prescriptions).</summary>
public sealed record PortalStay(
    Guid Id,
    Guid PetId,
    string PetName,
    Species Species,
    DateTime AdmittedAt,
    DateTime? EndedAt,
    PortalStayStatus Status,
    IReadOnlyList<BulletinRow> Bulletins,
    string? DischargeInstructions)
{
    public bool InCare => Status == PortalStayStatus.InCare;
}

/// <summary>The signed-in tutor's stays in the portal: the pets in hospital now, one stay with its
/// bulletins, the tutor's copy of the discharge document. The tutor is always the one
/// <see cref="PortalAccess"/> knows; another tutor's stay answers "not found".</summary>
public sealed class PortalStays(ClinicDbFactory dbFactory, PortalAccess access, HospitalizationService stays, TenantContext tenant,
    IStringLocalizer<SharedResource> localizer)
{
    /// <summary>The tutor's pets in hospital now, each with its latest bulletin; empty for anyone else.</summary>
    public async Task<IReadOnlyList<PortalStayNow>> CurrentAsync(CancellationToken ct = default)
    {
        if (await access.TutorIdAsync(ct) is not { } tutorId)
        {
            return [];
        }

        await using var db = dbFactory.CreateDbContext();
        var current = await (from h in db.Hospitalizations.AsNoTracking()
                             where h.TutorId == tutorId && (h.Status == HospitalizationStatus.Waiting || h.Status == HospitalizationStatus.InCare)
                             join p in db.Pets on h.PetId equals p.Id
                             orderby h.AdmittedAt
                             select new { h.Id, h.PetId, p.Name, p.Species, h.AdmittedAt }).ToListAsync(ct);
        var result = new List<PortalStayNow>(current.Count);
        foreach (var stay in current)
        {
            var latest = await StayBulletins.Rows(db.StayBulletins.AsNoTracking().Where(b => b.HospitalizationId == stay.Id && b.TutorId == tutorId))
                .FirstOrDefaultAsync(ct);
            result.Add(new PortalStayNow(stay.Id, stay.PetId, stay.Name, stay.Species, stay.AdmittedAt, latest));
        }

        return result;
    }

    /// <summary>The tutor's pets' ids, for a screen to tell which admissions and discharges are this tutor's.</summary>
    public async Task<IReadOnlyList<Guid>> PetIdsAsync(CancellationToken ct = default)
    {
        if (await access.TutorIdAsync(ct) is not { } tutorId)
        {
            return [];
        }

        await using var db = dbFactory.CreateDbContext();
        return await db.Pets.AsNoTracking().Where(p => p.TutorId == tutorId).Select(p => p.Id).ToListAsync(ct);
    }

    /// <summary>All the tutor's stays, the ones in care first, then the newest.</summary>
    public async Task<IReadOnlyList<PortalStayRow>> ListAsync(CancellationToken ct = default)
    {
        var tutorId = await access.RequireTutorIdAsync(ct);
        await using var db = dbFactory.CreateDbContext();
        var rows = await (from h in db.Hospitalizations.AsNoTracking()
                          where h.TutorId == tutorId
                          join p in db.Pets on h.PetId equals p.Id
                          select new { h.Id, p.Name, p.Species, h.AdmittedAt, h.EndedAt, h.Status }).ToListAsync(ct);
        return rows.Select(r => new PortalStayRow(r.Id, r.Name, r.Species, r.AdmittedAt, r.EndedAt, StatusOf(r.Status)))
            .OrderBy(r => r.Status != PortalStayStatus.InCare).ThenByDescending(r => r.AdmittedAt).ToList();
    }

    /// <summary>One of the tutor's stays, or a <see cref="PortalNotFoundException"/>.</summary>
    public async Task<PortalStay> GetAsync(Guid stayId, CancellationToken ct = default)
    {
        var tutorId = await access.RequireTutorIdAsync(ct);
        await using var db = dbFactory.CreateDbContext();
        var stay = await (from h in db.Hospitalizations.AsNoTracking()
                          where h.Id == stayId && h.TutorId == tutorId
                          join p in db.Pets on h.PetId equals p.Id
                          select new { h.Id, h.PetId, p.Name, p.Species, h.AdmittedAt, h.EndedAt, h.Status, h.DischargeInstructions }).FirstOrDefaultAsync(ct)
            ?? throw new PortalNotFoundException();
        var bulletins = await StayBulletins.Rows(db.StayBulletins.AsNoTracking().Where(b => b.HospitalizationId == stayId && b.TutorId == tutorId)).ToListAsync(ct);
        var status = StatusOf(stay.Status);
        return new PortalStay(stay.Id, stay.PetId, stay.Name, stay.Species, stay.AdmittedAt, stay.EndedAt, status, bulletins,
            status == PortalStayStatus.Discharged ? stay.DischargeInstructions : null);
    }

    /// <summary>The tutor's copy of the discharge document of an ended stay of theirs (no reason, no
    /// progress notes); null otherwise.</summary>
    public async Task<PdfFile?> DischargePdfAsync(Guid stayId, CancellationToken ct = default)
    {
        if (await access.TutorIdAsync(ct) is not { } tutorId)
        {
            return null;
        }

        await using (var db = dbFactory.CreateDbContext())
        {
            if (!await db.Hospitalizations.AsNoTracking().AnyAsync(h => h.Id == stayId && h.TutorId == tutorId, ct))
            {
                return null;
            }
        }

        return await stays.GetAsync(stayId, ct) is { IsActive: false } stay
            ? HospitalizationDocuments.RenderDischarge(stay, tenant.Tenant, localizer, forTutor: true)
            : null;
    }

    private static PortalStayStatus StatusOf(HospitalizationStatus status) => status switch
    {
        HospitalizationStatus.Discharged => PortalStayStatus.Discharged,
        HospitalizationStatus.Deceased => PortalStayStatus.Deceased,
        _ => PortalStayStatus.InCare,
    };
}
