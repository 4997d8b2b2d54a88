using System.Globalization;
using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Data.Portal;
using ClinicApp.Features.Tutors;
using ClinicApp.Features.Account;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Privacy;

/// <summary>An erasure request as the admin reviews it.</summary>
public sealed record ErasureRow(
    Guid Id,
    Guid TutorId,
    string TutorName,
    ErasureOrigin Origin,
    ErasureStatus Status,
    DateTime RequestedAt,
    string RequestedByName,
    string? Note,
    DateTime? DecidedAt,
    string? DecidedByName,
    string? RefusalReason);

/// <summary>What the requests share, whoever records one (the tutor in the portal, an admin).</summary>
public static class Erasures
{
    public const int MaxNoteLength = 1000;

    /// <summary>Adds and saves a pending request; "already requested" when one is pending (the unique
    /// index decides a race), "already erased" for an anonymised tutor.</summary>
    public static async Task<ErasureRequest> AddRequestAsync(ClinicDbContext db, Guid tutorId, ErasureOrigin origin, Guid? byId, string byName,
        string? note, DateTime now, CancellationToken ct)
    {
        note = TypedText.Clean(note);
        if (note is { Length: > MaxNoteLength })
        {
            throw new DomainRuleException("Erasure.Error.NoteTooLong", MaxNoteLength);
        }

        var tutor = await db.Tutors.AsNoTracking().Where(t => t.Id == tutorId).Select(t => new { t.AnonymisedAt }).FirstOrDefaultAsync(ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        if (tutor.AnonymisedAt is not null)
        {
            throw new DomainRuleException("Erasure.Error.AlreadyErased");
        }

        if (await db.ErasureRequests.AnyAsync(r => r.TutorId == tutorId && r.Status == ErasureStatus.Pending, ct))
        {
            throw new DomainRuleException("Erasure.Error.AlreadyRequested");
        }

        var request = new ErasureRequest
        {
            TutorId = tutorId,
            Origin = origin,
            RequestedAt = now,
            RequestedById = byId,
            RequestedByName = byName,
            Note = note,
        };
        db.ErasureRequests.Add(request);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new DomainRuleException("Erasure.Error.AlreadyRequested");
        }

        return request;
    }
}

/// <summary>The admin's side of erasure (LGPD art. 18): record a request made by phone or letter,
/// review the requests, refuse one with a reason, or approve one, which anonymises the tutor for good:
/// the personal data goes from every table of the hospital's database (the tutor, the portal account,
/// the messages sent and received, the notifications quoting them, the audit's sign-in names, the
/// cached analytics) and from the files (data exports, stored messages), in one transaction; the
/// clinical and financial records stay, linked to the anonymised tutor.</summary>
public sealed class ErasureService(
    ClinicDbFactory dbFactory,
    CurrentActor actor,
    TenantContext tenant,
    HospitalEvents events,
    OutboxFolder outbox,
    TutorExportFiles exportFiles,
    IStringLocalizer<SharedResource> localizer,
    TimeProvider time,
    ILogger<ErasureService> logger)
{
    public const string Who = Roles.Admin;

    /// <summary>What replaces a text that held personal data.</summary>
    public const string Redacted = "***";

    private const int Listed = 200;

    public async Task<Guid> RecordRequestAsync(Guid tutorId, string? note, CancellationToken ct = default)
    {
        actor.Require(Who);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await Erasures.AddRequestAsync(db, tutorId, ErasureOrigin.Desk, actor.UserId, await TutorConsents.StaffNameAsync(db, actor, ct), note,
            time.GetUtcNow().UtcDateTime, ct);
        await events.PublishAsync(new TutorPrivacyChanged(tutorId));
        return request.Id;
    }

    /// <summary>The requests, pending first, each group newest first.</summary>
    public async Task<IReadOnlyList<ErasureRow>> ListAsync(Guid? tutorId = null, CancellationToken ct = default)
    {
        actor.Require(Who);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var requests = db.ErasureRequests.AsNoTracking();
        if (tutorId is { } only)
        {
            requests = requests.Where(r => r.TutorId == only);
        }

        return await (from r in requests
                      join t in db.Tutors.IgnoreQueryFilters() on r.TutorId equals t.Id
                      orderby r.Status == ErasureStatus.Pending descending, r.RequestedAt descending
                      select new ErasureRow(r.Id, r.TutorId, t.Name, r.Origin, r.Status, r.RequestedAt, r.RequestedByName, r.Note,
                          r.DecidedAt, r.DecidedByName, r.RefusalReason))
            .Take(Listed).ToListAsync(ct);
    }

    public async Task RefuseAsync(Guid requestId, string? reason, CancellationToken ct = default)
    {
        actor.Require(Who);
        reason = TypedText.Clean(reason) ?? throw new DomainRuleException("Erasure.Error.ReasonRequired");
        if (reason.Length > Erasures.MaxNoteLength)
        {
            throw new DomainRuleException("Erasure.Error.ReasonTooLong", Erasures.MaxNoteLength);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await PendingAsync(db, requestId, ct);
        request.Status = ErasureStatus.Refused;
        request.RefusalReason = reason;
        await DecideAsync(db, request, ct);
        await SaveAsync(db, ct);
        await events.PublishAsync(new TutorPrivacyChanged(request.TutorId));
    }

    /// <summary>Approves the request and anonymises its tutor, all or nothing. Refused while the tutor
    /// owes an invoice (the hospital must be able to collect it).</summary>
    public async Task ApproveAsync(Guid requestId, CancellationToken ct = default)
    {
        actor.Require(Who);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var request = await PendingAsync(db, requestId, ct);
        var tutor = await db.Tutors.IgnoreQueryFilters().FirstOrDefaultAsync(t => t.Id == request.TutorId, ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        if (tutor.AnonymisedAt is not null)
        {
            throw new DomainRuleException("Erasure.Error.AlreadyErased");
        }

        var owed = await db.Invoices.IgnoreQueryFilters().Where(i => i.TutorId == tutor.Id
                && (i.Status == InvoiceStatus.Open || i.Status == InvoiceStatus.PartiallyPaid))
            .OrderBy(i => i.Number).Select(i => i.Number).ToListAsync(ct);
        if (owed.Count > 0)
        {
            throw new DomainRuleException("Erasure.Error.OpenInvoice", string.Join(", ", owed.Select(n => n.ToString(CultureInfo.InvariantCulture))));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var account = tutor.PortalUserId is { } userId ? await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) : null;
        var needles = Needles(tutor, account);
        var files = await ScrubAsync(db, tutor, account, needles, now, ct);

        tutor.Name = AnonymisedName(tutor.Id);
        tutor.Cpf = null;
        tutor.Phone = null;
        tutor.Email = null;
        tutor.AddressLine = null;
        tutor.District = null;
        tutor.City = null;
        tutor.State = null;
        tutor.PostalCode = null;
        tutor.Notes = null;
        tutor.WhatsAppOptIn = false;
        TutorConsents.Change(db, tutor, ConsentPurpose.Reminders, false, ConsentChannel.Desk, Redacted, actor.UserId, now);
        TutorConsents.Change(db, tutor, ConsentPurpose.Marketing, false, ConsentChannel.Desk, Redacted, actor.UserId, now);
        tutor.PortalUserId = null;
        tutor.PortalInvitedAt = null;
        tutor.AnonymisedAt = now;
        tutor.SearchText = TutorSearchText.Of(tutor, await db.Pets.IgnoreQueryFilters().Where(p => p.TutorId == tutor.Id).Select(p => p.SearchText).ToListAsync(ct));
        if (account is not null)
        {
            // Its roles, claims and tokens (a pending invitation) go with it (cascade).
            db.Users.Remove(account);
        }

        request.Status = ErasureStatus.Approved;
        request.Note = Redact(request.Note, needles);
        await DecideAsync(db, request, ct);
        await SaveAsync(db, ct);
        await transaction.CommitAsync(ct);

        // The files go once the database no longer points at them (a failed commit leaves both).
        foreach (var file in files)
        {
            FolderSweep.Delete(file, logger);
        }

        logger.LogInformation("Tutor {Tutor} of {Hospital} anonymised (erasure request {Request})", tutor.Id, tenant.Tenant.Slug, request.Id);
        if (account is not null)
        {
            await events.PublishAsync(new UserChanged(account.Id));
        }

        await events.PublishAsync(new TutorPrivacyChanged(tutor.Id));
    }

    /// <summary>Every other copy of the tutor's personal data in the database, changed on
    /// <paramref name="db"/> (its transaction); returns the files to delete after the commit.</summary>
    private async Task<List<string>> ScrubAsync(ClinicDbContext db, Tutor tutor, ApplicationUser? account, IReadOnlyList<string> needles,
        DateTime now, CancellationToken ct)
    {
        var files = new List<string>();
        var tutorId = tutor.Id;
        var invoiceIds = db.Invoices.IgnoreQueryFilters().Where(i => i.TutorId == tutorId).Select(i => i.Id);
        var appointmentIds = db.Appointments.IgnoreQueryFilters().Where(a => a.TutorId == tutorId).Select(a => a.Id);
        var vaccinationIds = db.Vaccinations.IgnoreQueryFilters()
            .Where(v => db.Pets.IgnoreQueryFilters().Any(p => p.Id == v.PetId && p.TutorId == tutorId)).Select(v => v.Id);
        var address = Messaging.WhatsAppNumbers.Address(tutor.Phone);

        // Messages to the tutor: the row stays (what was sent, when, its delivery) without who to nor what.
        var messages = await db.OutboxMessages.Where(o => o.TutorId == tutorId
                || (o.InvoiceId != null && invoiceIds.Contains(o.InvoiceId.Value))
                || (o.AppointmentId != null && appointmentIds.Contains(o.AppointmentId.Value))
                || (o.VaccinationId != null && vaccinationIds.Contains(o.VaccinationId.Value))
                || (o.TutorId == null && ((tutor.Email != null && o.To == tutor.Email) || (address != null && o.To == address))))
            .ToListAsync(ct);
        foreach (var message in messages)
        {
            if (message.IsUnsent)
            {
                message.Cancel();
            }

            if (outbox.Find(message.File) is { } file)
            {
                files.Add(file);
            }

            message.To = Redacted;
            message.Subject = Redacted;
            message.Body = null;
            message.ContentVariables = null;
            var entry = db.Entry(message);
            entry.Property(o => o.File).CurrentValue = null;
            entry.Property(o => o.Error).CurrentValue = Redact(message.Error, needles);
        }

        // What they wrote: the outcome stays (confirmed, cancelled), the number and the text go. A number
        // a family shares stays on the messages matched to the other tutor.
        var received = await db.InboundMessages.Where(m => m.TutorId == tutorId || (m.TutorId == null && address != null && m.From == address))
            .ToListAsync(ct);
        foreach (var message in received)
        {
            message.From = Redacted;
            message.Body = null;
            message.ButtonPayload = null;
        }

        // The bell's notifications quoting them (name, number, text) and those of the account itself.
        await db.Notifications.Where(n => n.Link == $"tutors/{tutorId}" || (account != null && n.UserId == account.Id)).ExecuteDeleteAsync(ct);
        foreach (var needle in needles)
        {
            await db.Notifications.Where(n => n.Args != null && n.Args.Contains(needle)).ExecuteDeleteAsync(ct);

            // A cache computed again on demand (new tutors by name…).
            await db.AnalyticsDays.Where(d => d.Payload.Contains(needle)).ExecuteDeleteAsync(ct);
        }

        // The audit keeps what the account did, under its id, without the e-mail it signed in with
        // (nor the e-mail a failed sign-in was tried with).
        var label = AnonymisedName(tutorId);
        if (account is not null)
        {
            await db.AuditEntries.Where(a => a.UserId == account.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.UserName, label), ct);
        }

        foreach (var needle in needles)
        {
            await db.AuditEntries.Where(a => a.UserName.Contains(needle)).ExecuteUpdateAsync(s => s.SetProperty(a => a.UserName, label), ct);
        }

        // Payment links give whoever holds one the invoice: the tutor they were sent to is gone.
        await db.PaymentLinks.Where(l => invoiceIds.Contains(l.InvoiceId) && l.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now), ct);

        // Their "download my data" ZIPs.
        var exports = await db.TutorDataExports.Where(e => e.TutorId == tutorId).ToListAsync(ct);
        foreach (var export in exports)
        {
            if (export.FileName is { } name)
            {
                files.Add(exportFiles.FileOf(tenant.Tenant.Slug, name));
                files.Add(exportFiles.FileOf(tenant.Tenant.Slug, name) + TutorExportFiles.PartialSuffix);
            }

            export.FileName = null;
            export.Error = null;
            if (export.Status is not TutorDataExportStatus.Failed)
            {
                export.Status = TutorDataExportStatus.Expired;
            }
        }

        foreach (var consent in await db.TutorConsents.Where(c => c.TutorId == tutorId).ToListAsync(ct))
        {
            consent.Source = Redact(consent.Source, needles);
        }

        foreach (var other in await db.ErasureRequests.Where(r => r.TutorId == tutorId).ToListAsync(ct))
        {
            other.Note = Redact(other.Note, needles);
        }

        // Notes staff typed on the tutor's own appointments and invoices may quote a phone or an e-mail.
        foreach (var appointment in await db.Appointments.IgnoreQueryFilters().Where(a => a.TutorId == tutorId && a.Notes != null).ToListAsync(ct))
        {
            appointment.Notes = Redact(appointment.Notes, needles);
        }

        foreach (var invoice in await db.Invoices.IgnoreQueryFilters().Where(i => i.TutorId == tutorId && i.Notes != null).ToListAsync(ct))
        {
            invoice.Notes = Redact(invoice.Notes, needles);
        }

        return files;
    }

    /// <summary>Every form the tutor's identifying data takes in the database: the name, the CPF (digits
    /// and formatted), the phone (E.164, digits, national digits, as displayed), the e-mail, and the
    /// portal account's e-mail and name.</summary>
    public static IReadOnlyList<string> Needles(Tutor tutor, ApplicationUser? account)
    {
        var needles = new List<string?> { tutor.Name, tutor.Email, account?.Email, account?.UserName, account?.DisplayName };
        if (tutor.Cpf is { } cpf)
        {
            needles.Add(cpf);
            needles.Add(ClinicApp.Common.Cpf.Format(cpf));
        }

        if (tutor.Phone is { } phone)
        {
            var digits = SearchText.Digits(phone);
            needles.Add(phone);
            needles.Add(digits);
            needles.Add(ClinicApp.Common.Phones.Display(phone));
            if (digits.StartsWith("55", StringComparison.Ordinal) && digits.Length > 4)
            {
                needles.Add(digits[2..]);
            }
        }

        // Short fragments ("Ana") would scrub unrelated text; a name that short is scrubbed where it is the tutor's own.
        return needles.Where(n => n is { Length: >= 5 }).Select(n => n!).Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(n => n.Length).ToList();
    }

    public static string? Redact(string? text, IReadOnlyList<string> needles)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var needle in needles)
        {
            text = text.Replace(needle, Redacted, StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }

    /// <summary>"Tutor anonimizado #1a2b3c4d", in the hospital's language.</summary>
    private string AnonymisedName(Guid tutorId)
    {
        using (HospitalCulture.Use(tenant.Tenant))
        {
            return localizer["Erasure.AnonymisedName", tutorId.ToString("N")[..8]];
        }
    }

    private static async Task<ErasureRequest> PendingAsync(ClinicDbContext db, Guid requestId, CancellationToken ct)
    {
        var request = await db.ErasureRequests.FirstOrDefaultAsync(r => r.Id == requestId, ct) ?? throw new DomainRuleException("Common.Error.NotFound");
        return request.Status == ErasureStatus.Pending ? request : throw new DomainRuleException("Erasure.Error.AlreadyDecided");
    }

    private async Task DecideAsync(ClinicDbContext db, ErasureRequest request, CancellationToken ct)
    {
        request.DecidedAt = time.GetUtcNow().UtcDateTime;
        request.DecidedById = actor.UserId;
        request.DecidedByName = await TutorConsents.StaffNameAsync(db, actor, ct);
    }

    private static async Task SaveAsync(ClinicDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another admin decided, or the desk saved the tutor or a message left, at this moment: nothing
            // was changed, and the admin tries again on what is there now.
            throw new DomainRuleException("Common.Error.Concurrency");
        }
    }
}
