using ClinicApp.Data;
using ClinicApp.Data.Identity;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Infrastructure.Email;

/// <summary>An active admin of the hospital who gets its reports by e-mail; <see cref="Language"/> is the
/// admin's supported language, or null for the hospital's.</summary>
public sealed record AdminRecipient(Guid Id, string Email, string DisplayName, string? Language);

/// <summary>Who a hospital's e-mailed report still has to reach. Each report is one message per admin with a
/// unique key; an admin whose key is already in the outbox is left out, so a job that runs twice (a retry, two
/// instances) sends nothing more — and the database refuses the key if two runs race past this check.</summary>
public static class AdminRecipients
{
    public static async Task<List<AdminRecipient>> WithoutMessageAsync(ClinicDbContext db, Func<Guid, string> keyOf, CancellationToken ct)
    {
        var admins = await (from u in db.Users.AsNoTracking()
                            join ur in db.UserRoles on u.Id equals ur.UserId
                            join r in db.Roles on ur.RoleId equals r.Id
                            where u.IsActive && r.Name == Roles.Admin && u.Email != null
                            select new { u.Id, Email = u.Email!, u.DisplayName, u.PreferredCulture }).Distinct().ToListAsync(ct);
        var keys = admins.Select(a => keyOf(a.Id)).ToList();
        var done = (await db.OutboxMessages.AsNoTracking().Where(m => m.ReminderKey != null && keys.Contains(m.ReminderKey))
            .Select(m => m.ReminderKey!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return admins.Where(a => !done.Contains(keyOf(a.Id)))
            .Select(a => new AdminRecipient(a.Id, a.Email, a.DisplayName,
                a.PreferredCulture is { } culture && Localization.Supported.Contains(culture) ? culture : null))
            .ToList();
    }
}
