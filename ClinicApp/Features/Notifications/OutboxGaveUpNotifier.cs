using ClinicApp.Data;
using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Care;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Notifications;

/// <summary>A message the outbox gave up on is something only a person can fix (a wrong address, the mail
/// server's settings): every active admin of the hospital is told, with a link to the outbox.</summary>
public sealed class OutboxGaveUpNotifier(HospitalTime hospitalTime, HospitalEvents events) : IOutboxObserver
{
    public async Task<Func<Task>?> GivingUpAsync(ClinicDbContext db, OutboxMessage message, CancellationToken ct)
    {
        var admins = await (from u in db.Users
                            join ur in db.UserRoles on u.Id equals ur.UserId
                            join r in db.Roles on ur.RoleId equals r.Id
                            where u.IsActive && r.Name == Roles.Admin
                            select u.Id).Distinct().ToListAsync(ct);
        var notifications = admins
            .Select(admin => NotificationService.Create(admin, "Notifications.OutboxGaveUp", [message.To, message.Subject], "admin/outbox", hospitalTime.UtcNow))
            .ToList();
        db.Notifications.AddRange(notifications);
        return async () =>
        {
            foreach (var notification in notifications)
            {
                await events.PublishAsync(new NotificationRaised(notification.UserId, notification.Id));
            }
        };
    }
}
