using ClinicApp.Common;
using System.ComponentModel.DataAnnotations;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Portal;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Tutors;

public enum TutorSort
{
    Name,
    NameDescending,
    Newest,
    Oldest,
}

public sealed record TutorQuery(string? Search = null, int Page = 0, int PageSize = 25, TutorSort Sort = TutorSort.Name);

public sealed record TutorRow(Guid Id, string Name, string? Cpf, string? Phone, string? Email, string? City, IReadOnlyList<string> Pets);

/// <summary>What the tutor dialog edits. Texts as typed: the service validates and normalizes them.</summary>
public sealed class TutorInput
{
    public string Name { get; set; } = "";

    public string? Cpf { get; set; }

    public string? Phone { get; set; }

    public bool WhatsAppOptIn { get; set; }

    public string? Email { get; set; }

    public string? AddressLine { get; set; }

    public string? District { get; set; }

    public string? City { get; set; }

    public string? State { get; set; }

    public string? PostalCode { get; set; }

    public string? Notes { get; set; }

    public bool RemindersConsent { get; set; }

    public bool MarketingConsent { get; set; }

    /// <summary>The version the editor started from (null for a new tutor).</summary>
    public Guid? Version { get; set; }

    public static TutorInput From(Tutor tutor) => new()
    {
        Name = tutor.Name,
        Cpf = Common.Cpf.Format(tutor.Cpf),
        Phone = Phones.Display(tutor.Phone),
        WhatsAppOptIn = tutor.WhatsAppOptIn,
        Email = tutor.Email,
        AddressLine = tutor.AddressLine,
        District = tutor.District,
        City = tutor.City,
        State = tutor.State,
        PostalCode = tutor.PostalCode,
        Notes = tutor.Notes,
        RemindersConsent = TutorConsents.IsGranted(tutor, ConsentPurpose.Reminders),
        MarketingConsent = TutorConsents.IsGranted(tutor, ConsentPurpose.Marketing),
        Version = tutor.Version,
    };
}

/// <summary>Tutors of the current hospital: the forgiving search, registration and edits.</summary>
public sealed class TutorService(ClinicDbFactory dbFactory, CurrentActor actor, TimeProvider time)
{
    public async Task<Page<TutorRow>> SearchAsync(TutorQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pageSize = Math.Clamp(query.PageSize, 1, 200);
        var skip = Math.Max(0, query.Page) * pageSize;
        List<Guid> ids;
        int total;
        if (SearchText.Words(query.Search).Count == 0)
        {
            // The whole list: the name index pages it.
            var all = Sorted(db.Tutors.AsNoTracking(), query.Sort);
            total = await all.CountAsync(ct);
            ids = await all.Skip(skip).Take(pageSize).Select(t => t.Id).ToListAsync(ct);
        }
        else
        {
            // A search scans the search text once and pages its matches here: paging in SQL would
            // walk the name index row by row (slow when few match) and scan again to count.
            var matches = await Filter(db.Tutors.AsNoTracking(), query.Search).Select(t => new { t.Id, t.Name, t.CreatedAt }).ToListAsync(ct);
            total = matches.Count;
            var ordered = query.Sort switch
            {
                TutorSort.NameDescending => matches.OrderByDescending(m => m.Name, StringComparer.CurrentCulture).ThenByDescending(m => m.Id),
                TutorSort.Newest => matches.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id),
                TutorSort.Oldest => matches.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id),
                _ => matches.OrderBy(m => m.Name, StringComparer.CurrentCulture).ThenBy(m => m.Id),
            };
            ids = ordered.Skip(skip).Take(pageSize).Select(m => m.Id).ToList();
        }

        var rows = await db.Tutors.AsNoTracking().Where(t => ids.Contains(t.Id))
            .Select(t => new
            {
                t.Id,
                t.Name,
                t.Cpf,
                t.Phone,
                t.Email,
                t.City,
                Pets = db.Pets.Where(p => p.TutorId == t.Id).OrderBy(p => p.Name).Select(p => p.Name).ToList(),
            })
            .ToDictionaryAsync(r => r.Id, ct);
        return new Page<TutorRow>(ids.Where(rows.ContainsKey).Select(id => rows[id]).Select(r => new TutorRow(r.Id, r.Name, r.Cpf, r.Phone, r.Email, r.City, r.Pets)).ToList(), total);
    }

    private static IQueryable<Tutor> Sorted(IQueryable<Tutor> tutors, TutorSort sort) => sort switch
    {
        TutorSort.NameDescending => tutors.OrderByDescending(t => t.Name).ThenByDescending(t => t.Id),
        TutorSort.Newest => tutors.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id),
        TutorSort.Oldest => tutors.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id),
        _ => tutors.OrderBy(t => t.Name).ThenBy(t => t.Id),
    };

    /// <summary>Every word of the search must appear in the tutor's name, CPF or phone, or in the
    /// name or microchip of one of their pets (all kept in <see cref="Tutor.SearchText"/>, so one
    /// column is scanned); accents, case and punctuation do not matter.</summary>
    internal static IQueryable<Tutor> Filter(IQueryable<Tutor> tutors, string? search)
    {
        foreach (var word in SearchText.Words(search))
        {
            tutors = tutors.Where(t => t.SearchText.Contains(word));
        }

        return tutors;
    }

    public async Task<Tutor?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Tutors.AsNoTracking().Include(t => t.Pets.OrderBy(p => p.Name)).FirstOrDefaultAsync(t => t.Id == id, ct);
    }

    /// <summary>Registers (id null) or updates a tutor; returns its id. Invalid input throws a
    /// <see cref="DomainRuleException"/> and writes nothing.</summary>
    public async Task<Guid> SaveAsync(Guid? id, TutorInput input, CancellationToken ct = default)
    {
        actor.Require(Roles.FrontDesk);
        var name = TypedText.Clean(input.Name) ?? throw new DomainRuleException("Tutors.Error.NameRequired");
        string? cpf = null;
        if (!string.IsNullOrWhiteSpace(input.Cpf))
        {
            cpf = Cpf.Parse(input.Cpf) ?? throw new DomainRuleException("Tutors.Error.CpfInvalid");
        }

        string? phone = null;
        if (!string.IsNullOrWhiteSpace(input.Phone))
        {
            phone = Phones.ToE164(input.Phone) ?? throw new DomainRuleException("Tutors.Error.PhoneInvalid");
        }

        if (input.WhatsAppOptIn && phone is null)
        {
            throw new DomainRuleException("Tutors.Error.WhatsAppNeedsPhone");
        }

        var email = TypedText.Clean(input.Email);
        if (email is not null && !new EmailAddressAttribute().IsValid(email))
        {
            throw new DomainRuleException("Tutors.Error.EmailInvalid");
        }

        var state = TypedText.Clean(input.State)?.ToUpperInvariant();
        if (state is not null && (state.Length != 2 || !state.All(char.IsAsciiLetter)))
        {
            throw new DomainRuleException("Tutors.Error.StateInvalid");
        }

        var postalCode = string.IsNullOrWhiteSpace(input.PostalCode) ? null : SearchText.Digits(input.PostalCode);
        if (postalCode is not null && postalCode.Length != 8)
        {
            throw new DomainRuleException("Tutors.Error.PostalCodeInvalid");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Tutor tutor;
        if (id is { } existingId)
        {
            tutor = await db.Tutors.FirstOrDefaultAsync(t => t.Id == existingId, ct) ?? throw new DomainRuleException("Common.Error.NotFound");
            if (input.Version is { } version && version != tutor.Version)
            {
                throw new DomainRuleException("Common.Error.Concurrency");
            }

            tutor.Name = name;
        }
        else
        {
            tutor = new Tutor { Name = name };
            db.Tutors.Add(tutor);
        }

        if (cpf is not null && await db.Tutors.AnyAsync(t => t.Cpf == cpf && t.Id != tutor.Id, ct))
        {
            throw new DomainRuleException("Tutors.Error.CpfTaken");
        }

        var now = time.GetUtcNow().UtcDateTime;
        tutor.Cpf = cpf;
        tutor.Phone = phone;
        tutor.WhatsAppOptIn = input.WhatsAppOptIn;
        tutor.Email = email;
        tutor.AddressLine = TypedText.Clean(input.AddressLine);
        tutor.District = TypedText.Clean(input.District);
        tutor.City = TypedText.Clean(input.City);
        tutor.State = state;
        tutor.PostalCode = postalCode;
        tutor.Notes = TypedText.Clean(input.Notes);
        // A change of consent and its history row commit in this save (LGPD: the hospital shows who changed it, when, where).
        var staff = await TutorConsents.StaffNameAsync(db, actor, ct);
        TutorConsents.Change(db, tutor, ConsentPurpose.Reminders, input.RemindersConsent, ConsentChannel.Desk, staff, actor.UserId, now);
        TutorConsents.Change(db, tutor, ConsentPurpose.Marketing, input.MarketingConsent, ConsentChannel.Desk, staff, actor.UserId, now);
        tutor.SearchText = TutorSearchText.Of(tutor, await db.Pets.Where(p => p.TutorId == tutor.Id).Select(p => p.SearchText).ToListAsync(ct));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("Common.Error.Concurrency");
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Two desks registered the same CPF at the same moment: the index decided.
            throw new DomainRuleException("Tutors.Error.CpfTaken");
        }

        return tutor.Id;
    }

    /// <summary>Soft-deletes the tutor and their pets (Admin only; the records stay, hidden and audited).</summary>
    public async Task DeleteAsync(Guid id, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tutor = await db.Tutors.Include(t => t.Pets).FirstOrDefaultAsync(t => t.Id == id, ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        db.Pets.RemoveRange(tutor.Pets);
        db.Tutors.Remove(tutor);
        await db.SaveChangesAsync(ct);
    }
}
