using ClinicApp.Common;
using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Care;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Messaging;
using ClinicApp.Features.Notifications;
using ClinicApp.Features.Tutors;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ClinicApp.Features.Exams;

/// <summary>An exam as a vet asks for it. <see cref="ExamType"/> may be free text; with
/// <see cref="PriceItemId"/> (a price-list line of kind Exam) it defaults to that line's name.</summary>
public sealed class ExamRequestInput
{
    public Guid PetId { get; set; }

    public Guid? ConsultationId { get; set; }

    public Guid? HospitalizationId { get; set; }

    public string? ExamType { get; set; }

    public Guid? PriceItemId { get; set; }

    public string? ClinicalNotes { get; set; }
}

/// <summary>Which exams a list shows; <see cref="OpenOnly"/> keeps those still to be done (not completed nor cancelled).</summary>
public sealed record ExamQuery(ExamStatus? Status = null, string? Search = null, int Page = 0, int PageSize = 25, bool OpenOnly = false);

/// <summary>One exam as the lists show it; times in UTC.</summary>
public sealed record ExamRow(
    Guid Id,
    Guid PetId,
    string PetName,
    Species Species,
    Guid TutorId,
    string TutorName,
    Guid? HospitalizationId,
    string ExamType,
    ExamStatus Status,
    DateTime RequestedAt,
    string RequestedByName,
    DateTime? CompletedAt,
    int FileCount);

public sealed record ExamFileRow(Guid Id, string FileName, string ContentType, long SizeBytes, DateTime UploadedAt, string UploadedByName);

public sealed record ExamDetails(ExamRow Row, string? ClinicalNotes, string? ResultText, DateTime? CollectedAt, string? CompletedByName, IReadOnlyList<ExamFileRow> Files,
    DateTime? ReleasedToTutorAt = null, string? ReleasedByName = null);

/// <summary>A vet released an exam's result to the tutor's portal: the tutor's documents reload.</summary>
public sealed record ExamReleased(Guid ExamId, Guid PetId, Guid TutorId);

/// <summary>A price-list line of kind Exam, offered as an exam type.</summary>
public sealed record ExamType(Guid PriceItemId, string Name, decimal Price);

/// <summary>A stored result file opened for download; the caller disposes <see cref="Content"/>.</summary>
public sealed record ExamFileContent(Stream Content, string ContentType, string FileName);

/// <summary>Exam requests of the hospital: asked for by vets, moved along Pending → Collected → InAnalysis →
/// Completed by the care team, with result text and files (PDF, PNG, JPEG recognised by content, stored in
/// the hospital's own folder). Completing notifies the requesting vet.</summary>
public sealed class ExamService(
    ClinicDbFactory dbFactory,
    CurrentActor actor,
    HospitalTime hospitalTime,
    HospitalEvents events,
    ExamFileStore store,
    IOptions<ExamFileOptions> options,
    IEnumerable<IExamObserver> observers,
    TenantContext tenant,
    WhatsAppOutbox whatsApp,
    ILogger<ExamService> logger)
{
    public long MaxFileBytes => options.Value.MaxFileBytes;

    public async Task<IReadOnlyList<ExamType>> ExamTypesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PriceItems.AsNoTracking().Where(p => p.IsActive && p.Kind == ChargeKind.Exam).OrderBy(p => p.Name)
            .Select(p => new ExamType(p.Id, p.Name, p.Price)).ToListAsync(ct);
    }

    public async Task<Page<ExamRow>> ListAsync(ExamQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var exams = db.ExamRequests.AsNoTracking();
        if (query.Status is { } status)
        {
            exams = exams.Where(e => e.Status == status);
        }
        else if (query.OpenOnly)
        {
            exams = exams.Where(e => e.Status != ExamStatus.Completed && e.Status != ExamStatus.Cancelled);
        }

        foreach (var word in SearchText.Words(query.Search))
        {
            // The tutor's search text holds the tutor's name, CPF and phone and the names of their pets.
            var tutors = db.Tutors.Where(t => t.SearchText.Contains(word)).Select(t => t.Id);
            var pattern = $"%{word}%";
            exams = exams.Where(e => tutors.Contains(e.TutorId) || EF.Functions.Like(e.ExamType, pattern));
        }

        var total = await exams.CountAsync(ct);
        var pageSize = Math.Clamp(query.PageSize, 1, 200);
        var page = exams.OrderByDescending(e => e.RequestedAt).Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize);
        return new Page<ExamRow>(await RowsAsync(db, page, ct), total);
    }

    public async Task<IReadOnlyList<ExamRow>> ForPetAsync(Guid petId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RowsAsync(db, db.ExamRequests.AsNoTracking().Where(e => e.PetId == petId).OrderByDescending(e => e.RequestedAt), ct);
    }

    public async Task<IReadOnlyList<ExamRow>> ForStayAsync(Guid hospitalizationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RowsAsync(db, db.ExamRequests.AsNoTracking().Where(e => e.HospitalizationId == hospitalizationId).OrderByDescending(e => e.RequestedAt), ct);
    }

    public async Task<ExamDetails?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var exam = await db.ExamRequests.AsNoTracking().Include(e => e.Files).FirstOrDefaultAsync(e => e.Id == id, ct);
        if (exam is null)
        {
            return null;
        }

        var row = (await RowsAsync(db, db.ExamRequests.AsNoTracking().Where(e => e.Id == id), ct)).Single();
        var files = exam.Files.OrderBy(f => f.UploadedAt)
            .Select(f => new ExamFileRow(f.Id, f.FileName, f.ContentType, f.SizeBytes, f.UploadedAt, f.UploadedByName)).ToList();
        return new ExamDetails(row, exam.ClinicalNotes, exam.ResultText, exam.CollectedAt, exam.CompletedByName, files, exam.ReleasedToTutorAt, exam.ReleasedByName);
    }

    public async Task<Guid> RequestAsync(ExamRequestInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.Clinical);
        var requester = actor.UserId ?? throw new DomainRuleException("Common.Error.NotAllowed");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pet = await db.Pets.AsNoTracking().FirstOrDefaultAsync(p => p.Id == input.PetId, ct)
            ?? throw new DomainRuleException("Exams.Error.PetRequired");
        if (pet.Deceased)
        {
            throw new DomainRuleException("Exams.Error.PetDeceased", pet.Name);
        }

        var type = TypedText.Clean(input.ExamType);
        if (input.PriceItemId is { } priceItemId)
        {
            var price = await db.PriceItems.AsNoTracking().FirstOrDefaultAsync(p => p.Id == priceItemId && p.Kind == ChargeKind.Exam && p.IsActive, ct)
                ?? throw new DomainRuleException("Exams.Error.Type");
            type ??= price.Name;
        }

        if (type is null || type.Length > 200)
        {
            throw new DomainRuleException("Exams.Error.Type");
        }

        var notes = TypedText.Clean(input.ClinicalNotes);
        if (notes?.Length > 4000)
        {
            throw new DomainRuleException("Exams.Error.NotesTooLong", 4000);
        }

        if (input.ConsultationId is { } consultationId && !await db.Consultations.AnyAsync(c => c.Id == consultationId && c.PetId == pet.Id, ct))
        {
            throw new DomainRuleException("Common.Error.NotFound");
        }

        if (input.HospitalizationId is { } stayId && !await db.Hospitalizations.AnyAsync(h => h.Id == stayId && h.PetId == pet.Id, ct))
        {
            throw new DomainRuleException("Common.Error.NotFound");
        }

        var exam = new ExamRequest
        {
            PetId = pet.Id,
            TutorId = pet.TutorId,
            ConsultationId = input.ConsultationId,
            HospitalizationId = input.HospitalizationId,
            RequestedById = requester,
            PriceItemId = input.PriceItemId,
            ExamType = type,
            ClinicalNotes = notes,
            RequestedAt = hospitalTime.UtcNow,
        };
        db.ExamRequests.Add(exam);
        await db.SaveChangesAsync(ct);
        await PublishAsync(exam);
        return exam.Id;
    }

    /// <summary>Moves an exam to Collected or InAnalysis. Asking for the status it already has does
    /// nothing (two nurses clicking at once); completing and cancelling have their own methods.</summary>
    public async Task AdvanceAsync(Guid id, ExamStatus to, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var exam = await LoadAsync(db, id, ct);
        if (exam.Status == to)
        {
            return;
        }

        if (to is not (ExamStatus.Collected or ExamStatus.InAnalysis))
        {
            throw new DomainRuleException("Exam.Error.Transition", $"Exam.Status.{exam.Status}", $"Exam.Status.{to}");
        }

        exam.ChangeStatus(to, hospitalTime.UtcNow, await PersonNameAsync(db, ct));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            if (await fresh.ExamRequests.AnyAsync(e => e.Id == id && e.Status == to, ct))
            {
                return;
            }

            throw new DomainRuleException("Common.Error.Concurrency");
        }

        await PublishAsync(exam);
    }

    /// <summary>Completes an exam with its result (text, or at least one file already attached), notifies
    /// the vet who asked for it and posts the exam's charge when it came from the price list.</summary>
    public async Task CompleteAsync(Guid id, string? resultText, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var exam = await LoadAsync(db, id, ct);
        var text = TypedText.Clean(resultText);
        if (text?.Length > 16000)
        {
            throw new DomainRuleException("Exams.Error.ResultTooLong", 16000);
        }

        if (text is null && !await db.ExamFiles.AnyAsync(f => f.ExamRequestId == id, ct))
        {
            throw new DomainRuleException("Exams.Error.ResultRequired");
        }

        exam.ChangeStatus(ExamStatus.Completed, hospitalTime.UtcNow, await PersonNameAsync(db, ct));
        exam.ResultText = text;
        var petName = await db.Pets.Where(p => p.Id == exam.PetId).Select(p => p.Name).SingleAsync(ct);
        var notification = NotificationService.Create(exam.RequestedById, "Notifications.ExamReady", [exam.ExamType, petName], $"exams?id={exam.Id}", hospitalTime.UtcNow);
        db.Notifications.Add(notification);
        // The tutor hears of it by WhatsApp (when they can be reached), in the same save as the result.
        var toTutor = await TutorWhatsApp.QueueAsync(db, tenant.Tenant, exam.TutorId, exam.PetId, MessageKind.ExamReady, ct: ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("Common.Error.Concurrency");
        }

        if (toTutor.Row is not null)
        {
            whatsApp.Wake();
        }

        await events.PublishAsync(new NotificationRaised(notification.UserId, notification.Id));
        await PublishAsync(exam);
        await Observers.NotifyAsync(observers, o => o.ExamCompletedAsync(exam.Id, ct), logger, exam.Id);
    }

    /// <summary>Releases a completed exam's result (text and files) to the tutor's portal; until then the tutor
    /// sees it "in progress". A vet's decision (a result may need explaining first), so veterinarians and
    /// admins only. Releasing again changes nothing (two vets clicking at once).</summary>
    public async Task ReleaseToTutorAsync(Guid id, CancellationToken ct = default)
    {
        actor.Require(Roles.Clinical);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var exam = await LoadAsync(db, id, ct);
        if (exam.ReleasedToTutorAt is not null)
        {
            return;
        }

        if (exam.Status != ExamStatus.Completed)
        {
            throw new DomainRuleException("Exams.Error.ReleaseNotCompleted");
        }

        exam.ReleasedToTutorAt = hospitalTime.UtcNow;
        exam.ReleasedByName = await PersonNameAsync(db, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            if (await fresh.ExamRequests.AnyAsync(e => e.Id == id && e.ReleasedToTutorAt != null, ct))
            {
                return;
            }

            throw new DomainRuleException("Common.Error.Concurrency");
        }

        await events.PublishAsync(new ExamReleased(exam.Id, exam.PetId, exam.TutorId));
        await PublishAsync(exam);
    }

    /// <summary>Cancels an exam not yet completed; the reason is kept as its result text.</summary>
    public async Task CancelAsync(Guid id, string? reason, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        var why = TypedText.Clean(reason) ?? throw new DomainRuleException("Exams.Error.ReasonRequired");
        if (why.Length > 1000)
        {
            throw new DomainRuleException("Exams.Error.ReasonRequired");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var exam = await LoadAsync(db, id, ct);
        exam.ChangeStatus(ExamStatus.Cancelled, hospitalTime.UtcNow, await PersonNameAsync(db, ct));
        exam.ResultText = why;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("Common.Error.Concurrency");
        }

        await PublishAsync(exam);
    }

    /// <summary>Attaches a result file. Only PDF, PNG and JPEG are kept, recognised by their first bytes;
    /// the client's name is shown to people but never used in the stored path.</summary>
    public async Task<Guid> AddFileAsync(Guid id, Stream content, string fileName, long length, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        ArgumentNullException.ThrowIfNull(content);
        var max = options.Value.MaxFileBytes;
        if (length > max)
        {
            throw new DomainRuleException("Exams.Error.FileTooLarge", MegaBytes(max));
        }

        var shownName = TypedText.Clean(Path.GetFileName(fileName?.Replace('\\', '/') ?? "")) ?? "file";
        if (shownName.Length > 200)
        {
            shownName = shownName[^200..];
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var exam = await LoadAsync(db, id, ct);
        if (exam.Status == ExamStatus.Cancelled)
        {
            throw new DomainRuleException("Exams.Error.Cancelled");
        }

        var header = new byte[ExamFileSignature.HeaderLength];
        var read = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
        var kind = ExamFileSignature.Sniff(header.AsSpan(0, read)) ?? throw new DomainRuleException("Exams.Error.FileType");

        var file = new ExamFile
        {
            ExamRequestId = exam.Id,
            FileName = ExamFileSignature.NameFor(shownName, kind.Extension),
            ContentType = kind.ContentType,
            StoragePath = "",
            UploadedAt = hospitalTime.UtcNow,
            UploadedByName = await PersonNameAsync(db, ct),
        };
        file.StoragePath = ExamFileStore.RelativePath(exam.Id, file.Id, kind.Extension);
        var fullPath = store.FullPath(file.StoragePath) ?? throw new InvalidOperationException("The exam file path left the hospital's folder.");
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        try
        {
            file.SizeBytes = await CopyLimitedAsync(header.AsMemory(0, read), content, fullPath, max, ct);
            db.ExamFiles.Add(file);
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            File.Delete(fullPath);
            throw;
        }

        await PublishAsync(exam);
        return file.Id;
    }

    /// <summary>A file of an exam of this hospital, opened for reading; null when there is none.</summary>
    public async Task<ExamFileContent?> OpenFileAsync(Guid examId, Guid fileId, CancellationToken ct = default)
    {
        actor.Require(Roles.Staff);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var file = await db.ExamFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId && f.ExamRequestId == examId, ct);
        if (file is null || store.FullPath(file.StoragePath) is not { } path || !File.Exists(path))
        {
            return null;
        }

        return new ExamFileContent(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true), file.ContentType, file.FileName);
    }

    public static string MegaBytes(long bytes) =>
        (bytes / 1024d / 1024d).ToString("0.#", System.Globalization.CultureInfo.CurrentCulture) + " MB";

    private async Task PublishAsync(ExamRequest exam) =>
        await events.PublishAsync(new CareChanged(exam.HospitalizationId, exam.PetId, CareChange.ExamChanged));

    private static async Task<ExamRequest> LoadAsync(ClinicDbContext db, Guid id, CancellationToken ct) =>
        await db.ExamRequests.FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw new DomainRuleException("Common.Error.NotFound");

    /// <summary>Writes the file, refusing it (and leaving nothing) once it passes <paramref name="max"/>
    /// bytes whatever length the client announced.</summary>
    private static async Task<long> CopyLimitedAsync(ReadOnlyMemory<byte> header, Stream rest, string path, long max, CancellationToken ct)
    {
        await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await output.WriteAsync(header, ct);
        long total = header.Length;
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await rest.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > max)
            {
                throw new DomainRuleException("Exams.Error.FileTooLarge", MegaBytes(max));
            }

            await output.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        return total;
    }

    private static async Task<List<ExamRow>> RowsAsync(ClinicDbContext db, IQueryable<ExamRequest> exams, CancellationToken ct)
    {
        var rows = await exams
            .Select(e => new
            {
                e.Id,
                e.PetId,
                PetName = db.Pets.IgnoreQueryFilters().Where(p => p.Id == e.PetId).Select(p => p.Name).FirstOrDefault(),
                Species = db.Pets.IgnoreQueryFilters().Where(p => p.Id == e.PetId).Select(p => p.Species).FirstOrDefault(),
                e.TutorId,
                TutorName = db.Tutors.IgnoreQueryFilters().Where(t => t.Id == e.TutorId).Select(t => t.Name).FirstOrDefault(),
                e.HospitalizationId,
                e.ExamType,
                e.Status,
                e.RequestedAt,
                RequestedBy = db.Users.Where(u => u.Id == e.RequestedById).Select(u => u.DisplayName).FirstOrDefault(),
                e.CompletedAt,
                Files = e.Files.Count,
            })
            .ToListAsync(ct);
        return rows.Select(r => new ExamRow(r.Id, r.PetId, r.PetName ?? "", r.Species, r.TutorId, r.TutorName ?? "", r.HospitalizationId, r.ExamType,
            r.Status, r.RequestedAt, r.RequestedBy ?? "", r.CompletedAt, r.Files)).ToList();
    }

    /// <summary>The signed-in person as colleagues know them (their display name, not their sign-in email).</summary>
    private async Task<string> PersonNameAsync(ClinicDbContext db, CancellationToken ct) =>
        actor.UserId is { } id && await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) is { Length: > 0 } name
            ? name
            : actor.Name;
}
