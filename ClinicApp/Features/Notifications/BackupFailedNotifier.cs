using ClinicApp.Data.Catalog;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Care;
using ClinicApp.Infrastructure.Backups;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Notifications;

/// <summary>A failed backup leaves the hospital one night further from a restorable state, and only a
/// person can fix the cause (a full disk, a missing key): every active admin of the hospital is told, with a
/// link to the backups page, at once on their open bell.</summary>
public sealed class BackupFailedNotifier(ClinicDbFactory dbFactory, HospitalTime hospitalTime, HospitalEvents events) : IBackupObserver
{
    public const string MessageKey = "Notifications.BackupFailed";

    public const string Link = "admin/backups";

    public async Task BackupFailedAsync(BackupRun run, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var admins = await (from u in db.Users
                            join ur in db.UserRoles on u.Id equals ur.UserId
                            join r in db.Roles on ur.RoleId equals r.Id
                            where u.IsActive && r.Name == Roles.Admin
                            select u.Id).Distinct().ToListAsync(ct);
        var notifications = admins
            .Select(admin => NotificationService.Create(admin, MessageKey, [], Link, hospitalTime.UtcNow))
            .ToList();
        db.Notifications.AddRange(notifications);
        await db.SaveChangesAsync(ct);
        foreach (var notification in notifications)
        {
            await events.PublishAsync(new NotificationRaised(notification.UserId, notification.Id));
        }
    }
}
