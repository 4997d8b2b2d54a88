using ClinicApp.Data.Audit;
using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Home;

public sealed record TeamMember(string DisplayName, string Role, UserGender Gender = UserGender.Unspecified);

/// <summary>One line of the activity feed; <paramref name="Subject"/> names whom the record is about
/// (the pet, the tutor, the user…) when it can be found.</summary>
public sealed record ActivityItem(DateTime At, string UserName, string EntityType, AuditAction Action, string ChangedFields, ActivitySubject? Subject = null);

public sealed record HomeSummary(
    IReadOnlyDictionary<string, int> ActiveUsersByRole,
    int InactiveUsers,
    int SignedInToday,
    IReadOnlyList<TeamMember> Team,
    IReadOnlyList<ActivityItem> Activity);

/// <summary>What the home page shows, from what the hospital database holds: the team by role,
/// who signed in today and recent activity (all of it for admins, one's own for everyone else).</summary>
public sealed class HomeOverview(ClinicDbFactory dbFactory, HospitalTime hospitalTime)
{
    public async Task<HomeSummary> LoadAsync(Guid userId, bool isAdmin, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var roles = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name!, ct);
        var members = await (from u in db.Users.AsNoTracking()
                             join ur in db.UserRoles on u.Id equals ur.UserId
                             select new { u.DisplayName, u.IsActive, ur.RoleId, u.LastSignInAt, u.Gender })
            .ToListAsync(ct);

        var startOfDayUtc = hospitalTime.StartOfDayUtc(hospitalTime.Today);
        var active = members.Where(m => m.IsActive).ToList();
        var byRole = Roles.All.ToDictionary(r => r, r => active.Count(m => roles[m.RoleId] == r));
        var team = active
            .Where(m => roles[m.RoleId] != Roles.Tutor)
            .Select(m => new TeamMember(m.DisplayName, roles[m.RoleId], m.Gender))
            .OrderBy(m => Roles.All.ToList().IndexOf(m.Role)).ThenBy(m => m.DisplayName, StringComparer.CurrentCulture)
            .ToList();

        // Sign-ins are audited as such but are not work done: "signed in today" counts them, and a
        // feed of ten lines would be nothing but sign-ins on a busy morning.
        var activity = db.AuditEntries.AsNoTracking().Where(a => a.Action != AuditAction.SignedIn && a.Action != AuditAction.SignInFailed);
        if (!isAdmin)
        {
            activity = activity.Where(a => a.UserId == userId);
        }

        var recent = await activity.OrderByDescending(a => a.At).Take(10)
            .Select(a => new { a.At, a.UserName, a.EntityType, a.EntityId, a.Action, a.ChangedFields })
            .ToListAsync(ct);
        var subjects = await ActivitySubjects.DescribeAsync(db, recent.Select(a => (a.EntityType, a.EntityId)), ct);
        var described = recent
            .Select(a => new ActivityItem(a.At, a.UserName, a.EntityType, a.Action, a.ChangedFields, subjects.GetValueOrDefault((a.EntityType, a.EntityId))))
            .ToList();

        return new HomeSummary(
            byRole,
            await db.Users.CountAsync(u => !u.IsActive, ct),
            members.Where(m => m.LastSignInAt >= startOfDayUtc).Select(m => m.DisplayName).Distinct().Count(),
            team,
            described);
    }
}
