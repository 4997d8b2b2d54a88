using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Portal;

/// <summary>Who the signed-in tutor is, for every portal service: the one <c>Tutor</c> record linked
/// to the actor's account. Portal services filter every query by this id themselves (never by an id
/// the page passes), so a tutor cannot reach another tutor's rows even by crafting a request; a
/// staff member or an unlinked account has no tutor id, and every portal read answers "not found".</summary>
public sealed class PortalAccess(ClinicDbFactory dbFactory, CurrentActor actor)
{
    private (Guid UserId, Guid? TutorId)? _known;

    /// <summary>The signed-in tutor's id; null for anyone else (staff, anonymous, an erased or
    /// unlinked account, a deleted tutor).</summary>
    public async Task<Guid?> TutorIdAsync(CancellationToken ct = default)
    {
        if (actor.UserId is not { } userId || !actor.IsInAnyRole(Roles.Tutor))
        {
            return null;
        }

        // One look-up per scope (request or circuit): the link cannot change under an open screen
        // without the account changing too, which ends that screen (UserChanged).
        if (_known is { } known && known.UserId == userId)
        {
            return known.TutorId;
        }

        await using var db = dbFactory.CreateDbContext();
        var tutorId = await db.Tutors.AsNoTracking()
            .Where(t => t.PortalUserId == userId && !t.IsDeleted && t.AnonymisedAt == null)
            .Select(t => (Guid?)t.Id)
            .SingleOrDefaultAsync(ct);
        _known = (userId, tutorId);
        return tutorId;
    }

    /// <summary>The signed-in tutor's id, or a <see cref="PortalNotFoundException"/> (a 404 to
    /// endpoints, the "not found" state to pages) for anyone else.</summary>
    public async Task<Guid> RequireTutorIdAsync(CancellationToken ct = default) =>
        await TutorIdAsync(ct) ?? throw new PortalNotFoundException();
}

/// <summary>What a portal service throws when the row asked for is not the signed-in tutor's (or
/// does not exist): the two are answered alike, so ids of others cannot be probed.</summary>
public sealed class PortalNotFoundException() : Exception("Not found in this tutor's portal.");
