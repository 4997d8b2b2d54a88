using ClinicApp.Data;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Portal;
using ClinicApp.Tenancy;
using ClinicApp.Features.Tutors;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Privacy;

/// <summary>Staff's view of a tutor's consent history (the tutor page).</summary>
public sealed class ConsentService(ClinicDbFactory dbFactory, CurrentActor actor)
{
    public const string Who = ClinicApp.Data.Identity.Roles.FrontDesk;

    public async Task<IReadOnlyList<ConsentRow>> HistoryAsync(Guid tutorId, CancellationToken ct = default)
    {
        actor.Require(Who);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await TutorConsents.HistoryAsync(db, tutorId, ct);
    }
}
