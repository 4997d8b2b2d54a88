using ClinicApp.Common;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Features.Exams;
using ClinicApp.Features.Prescriptions;
using ClinicApp.Infrastructure.Pdf;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Portal;

/// <summary>A receituário of one of the tutor's pets: when, by whom, and the medicines it lists.</summary>
public sealed record PortalPrescription(Guid Id, Guid PetId, string PetName, DateTime IssuedAt, string VeterinarianName, IReadOnlyList<string> Medicines);

public sealed record PortalExamFile(Guid Id, string FileName, string ContentType, long SizeBytes);

/// <summary>An exam of one of the tutor's pets. Until the vet releases it, only its type and request date
/// are told (<see cref="Released"/> false, the rest null and empty): the tutor sees "in progress".</summary>
public sealed record PortalExam(
    Guid Id,
    Guid PetId,
    string PetName,
    string ExamType,
    DateTime RequestedAt,
    bool Released,
    string? ResultText,
    DateTime? CompletedAt,
    string? CompletedByName,
    DateTime? ReleasedAt,
    IReadOnlyList<PortalExamFile> Files);

public sealed record PortalDocumentList(IReadOnlyList<PortalPrescription> Prescriptions, IReadOnlyList<PortalExam> Exams);

/// <summary>The tutor's documents: the receituários of their pets and the exams, with results once the vet
/// released them. Only documents issued to the signed-in tutor (from <see cref="PortalAccess"/>) for a pet
/// that is still theirs; anything else answers <see cref="PortalNotFoundException"/>, like a missing id.
/// Hospital prescriptions (the RAM's orders) are the team's, never a tutor's document.</summary>
public sealed class PortalDocuments(
    ClinicDbFactory dbFactory,
    PortalAccess access,
    PrescriptionService prescriptions,
    ExamFileStore store,
    TenantContext tenant,
    IStringLocalizer<SharedResource> localizer)
{
    /// <summary>The tutor's documents, newest first; <paramref name="petId"/> narrows them to one pet (of theirs).</summary>
    public async Task<PortalDocumentList> ListAsync(Guid? petId = null, CancellationToken ct = default)
    {
        var tutorId = await access.RequireTutorIdAsync(ct);
        await using var db = dbFactory.CreateDbContext();
        var pets = db.Pets.Where(p => p.TutorId == tutorId && (petId == null || p.Id == petId));

        var issued = await (from p in db.Prescriptions.AsNoTracking()
                            join pet in pets on p.PetId equals pet.Id
                            where p.TutorId == tutorId && p.Kind == PrescriptionKind.Outpatient
                            join u in db.Users on p.VeterinarianId equals u.Id into vets
                            from vet in vets.DefaultIfEmpty()
                            orderby p.IssuedAt descending
                            select new { p.Id, p.PetId, PetName = pet.Name, p.IssuedAt, Vet = vet == null ? null : vet.DisplayName })
            .ToListAsync(ct);
        var issuedIds = issued.Select(p => p.Id).ToList();
        var medicines = (await db.PrescriptionItems.AsNoTracking()
                .Where(i => issuedIds.Contains(i.PrescriptionId) && i.Status == PrescriptionItemStatus.Active)
                .Select(i => new { i.PrescriptionId, i.MedicationName, i.CreatedAt })
                .ToListAsync(ct))
            .GroupBy(i => i.PrescriptionId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.OrderBy(i => i.CreatedAt).Select(i => i.MedicationName).ToList());
        // A receituário whose every item was suspended prints nothing: it is not a document to offer.
        var prescriptionRows = issued.Where(p => medicines.ContainsKey(p.Id))
            .Select(p => new PortalPrescription(p.Id, p.PetId, p.PetName, p.IssuedAt, p.Vet ?? "—", medicines[p.Id]))
            .ToList();

        var exams = await (from e in db.ExamRequests.AsNoTracking()
                           join pet in pets on e.PetId equals pet.Id
                           where e.TutorId == tutorId && e.Status != ExamStatus.Cancelled
                           orderby e.RequestedAt descending
                           select new { Exam = e, PetName = pet.Name })
            .ToListAsync(ct);
        var releasedIds = exams.Where(e => e.Exam.ReleasedToTutorAt != null).Select(e => e.Exam.Id).ToList();
        var files = (await db.ExamFiles.AsNoTracking().Where(f => releasedIds.Contains(f.ExamRequestId)).OrderBy(f => f.UploadedAt).ToListAsync(ct))
            .ToLookup(f => f.ExamRequestId);
        var examRows = exams.Select(x =>
        {
            var e = x.Exam;
            return e.ReleasedToTutorAt is { } released
                ? new PortalExam(e.Id, e.PetId, x.PetName, e.ExamType, e.RequestedAt, true, e.ResultText, e.CompletedAt, e.CompletedByName, released,
                    files[e.Id].Select(f => new PortalExamFile(f.Id, f.FileName, f.ContentType, f.SizeBytes)).ToList())
                : new PortalExam(e.Id, e.PetId, x.PetName, e.ExamType, e.RequestedAt, false, null, null, null, null, []);
        }).ToList();
        return new PortalDocumentList(prescriptionRows, examRows);
    }

    /// <summary>The ids of the tutor's pets (living and not), for the screens' live-update filters; empty for anyone else.</summary>
    public async Task<IReadOnlySet<Guid>> PetIdsAsync(CancellationToken ct = default)
    {
        if (await access.TutorIdAsync(ct) is not { } tutorId)
        {
            return new HashSet<Guid>();
        }

        await using var db = dbFactory.CreateDbContext();
        return (await db.Pets.AsNoTracking().Where(p => p.TutorId == tutorId).Select(p => p.Id).ToListAsync(ct)).ToHashSet();
    }

    /// <summary>A receituário of the tutor's as PDF; <see cref="PortalNotFoundException"/> for any other id,
    /// or for one with nothing left to print.</summary>
    public async Task<PdfFile> PrescriptionPdfAsync(Guid id, CancellationToken ct = default)
    {
        var tutorId = await access.RequireTutorIdAsync(ct);
        var details = await prescriptions.OfTutorAsync(id, tutorId, ct);
        if (details is null || !details.Items.Any(i => i.IsActive))
        {
            throw new PortalNotFoundException();
        }

        return PrescriptionDocuments.Render(details, tenant.Tenant, localizer);
    }

    /// <summary>A result file of a released exam of the tutor's, opened for reading (the caller disposes it);
    /// <see cref="PortalNotFoundException"/> for an exam not released, not theirs, or no such file.</summary>
    public async Task<ExamFileContent> OpenExamFileAsync(Guid examId, Guid fileId, CancellationToken ct = default)
    {
        var tutorId = await access.RequireTutorIdAsync(ct);
        await using var db = dbFactory.CreateDbContext();
        var file = await (from f in db.ExamFiles.AsNoTracking()
                          join e in db.ExamRequests on f.ExamRequestId equals e.Id
                          where f.Id == fileId && e.Id == examId && e.TutorId == tutorId && e.ReleasedToTutorAt != null
                              && e.Status == ExamStatus.Completed
                              && db.Pets.Any(p => p.Id == e.PetId && p.TutorId == tutorId)
                          select f)
            .FirstOrDefaultAsync(ct);
        if (file is null || store.FullPath(file.StoragePath) is not { } path || !File.Exists(path))
        {
            throw new PortalNotFoundException();
        }

        return new ExamFileContent(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true), file.ContentType, file.FileName);
    }
}
