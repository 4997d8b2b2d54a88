using ClinicApp.Common;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Portal;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Hospitalizations;

/// <summary>A published bulletin as both the stay page and the portal show it; time UTC.</summary>
public sealed record BulletinRow(Guid Id, DateTime PublishedAt, string AuthorName, string Text);

/// <summary>Published after a vet publishes a bulletin: the stay page and the tutor's portal reload.</summary>
public sealed record StayBulletinPublished(Guid HospitalizationId, Guid TutorId, Guid BulletinId);

/// <summary>Bulletins for the tutor of a hospitalized pet: a short text the vet writes on the stay page,
/// published with its time and author, the only clinical words of a stay the portal shows.</summary>
public sealed class StayBulletins(ClinicDbFactory dbFactory, CurrentActor actor, HospitalTime hospitalTime, HospitalEvents events)
{
    public static readonly int MaxTextLength = TextLimits.Of<StayBulletin>(b => b.Text);

    /// <summary>Publishes a bulletin on a live stay (Admin, Veterinarian). Text required, at most
    /// <see cref="MaxTextLength"/> characters once trimmed; an ended stay takes none.</summary>
    public async Task<Guid> PublishAsync(Guid stayId, string? text, CancellationToken ct = default)
    {
        actor.Require(Roles.Clinical);
        var clean = TypedText.Clean(text) ?? throw new DomainRuleException("Bulletin.Error.Required");
        if (clean.Length > MaxTextLength)
        {
            throw new DomainRuleException("Bulletin.Error.TooLong", MaxTextLength);
        }

        await using var db = dbFactory.CreateDbContext();
        var stay = await db.Hospitalizations.AsNoTracking().Where(h => h.Id == stayId)
            .Select(h => new { h.PetId, h.TutorId, h.Status })
            .FirstOrDefaultAsync(ct)
            ?? throw new DomainRuleException("Common.Error.NotFound");
        if (stay.Status is not (HospitalizationStatus.Waiting or HospitalizationStatus.InCare))
        {
            throw new DomainRuleException("Bulletin.Error.Ended");
        }

        var authorName = actor.UserId is { } userId
            ? await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct)
            : null;
        var bulletin = new StayBulletin
        {
            HospitalizationId = stayId,
            PetId = stay.PetId,
            TutorId = stay.TutorId,
            Text = clean,
            PublishedAt = hospitalTime.UtcNow,
            AuthorId = actor.UserId ?? Guid.Empty,
            AuthorName = string.IsNullOrWhiteSpace(authorName) ? actor.Name : authorName,
        };
        db.StayBulletins.Add(bulletin);
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(new StayBulletinPublished(stayId, stay.TutorId, bulletin.Id));
        return bulletin.Id;
    }

    /// <summary>The stay's bulletins, newest first, for the care staff's stay page.</summary>
    public async Task<IReadOnlyList<BulletinRow>> OfStayAsync(Guid stayId, CancellationToken ct = default)
    {
        actor.Require(Roles.Care);
        await using var db = dbFactory.CreateDbContext();
        return await Rows(db.StayBulletins.AsNoTracking().Where(b => b.HospitalizationId == stayId)).ToListAsync(ct);
    }

    /// <summary>Newest first (ties by id, so two in the same instant keep one order).</summary>
    public static IQueryable<BulletinRow> Rows(IQueryable<StayBulletin> bulletins) =>
        bulletins.OrderByDescending(b => b.PublishedAt).ThenByDescending(b => b.Id)
            .Select(b => new BulletinRow(b.Id, b.PublishedAt, b.AuthorName, b.Text));
}
