using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Portal;

/// <summary>The portal's greeting: who the signed-in tutor is.</summary>
public sealed class PortalHomeService(ClinicDbFactory dbFactory, PortalAccess access)
{
    /// <summary>The tutor's name for the greeting; null when the actor is not a portal tutor.</summary>
    public async Task<string?> TutorNameAsync(CancellationToken ct = default)
    {
        if (await access.TutorIdAsync(ct) is not { } tutorId)
        {
            return null;
        }

        await using var db = dbFactory.CreateDbContext();
        return await db.Tutors.AsNoTracking().Where(t => t.Id == tutorId).Select(t => t.Name).SingleOrDefaultAsync(ct);
    }
}
