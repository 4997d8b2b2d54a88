using System.Globalization;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Features.Care;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Notifications;

/// <summary>One notification as the bell lists it: a resource key with its arguments, already split.</summary>
public sealed record NotificationItem(Guid Id, string MessageKey, IReadOnlyList<string> Args, string? Link, DateTime CreatedAt, bool IsRead);

/// <summary>In-app notifications of the signed-in person ("exam result ready"), and <see cref="NotifyAsync"/>
/// for any area that has something to tell one user. Each raise is announced on the hospital's bus with
/// <see cref="NotificationRaised"/>; only the addressee's bell listens for it.</summary>
public sealed class NotificationService(ClinicDbFactory dbFactory, CurrentActor actor, HospitalTime hospitalTime, HospitalEvents events)
{
    /// <summary>Separates the arguments in <see cref="Notification.Args"/>.</summary>
    public const char ArgsSeparator = '\u001F';

    /// <summary>A notification row (for a caller that saves it together with its own change, then
    /// publishes <see cref="NotificationRaised"/>).</summary>
    public static Notification Create(Guid userId, string messageKey, IEnumerable<object?> args, string? link, DateTime createdAtUtc) => new()
    {
        UserId = userId,
        CreatedAt = createdAtUtc,
        MessageKey = messageKey,
        Args = string.Join(ArgsSeparator, args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)?.Replace(ArgsSeparator, ' ') ?? "")) is { Length: > 0 } joined
            ? joined[..Math.Min(joined.Length, 1000)]
            : null,
        Link = link,
    };

    /// <summary>Tells a user something: <paramref name="messageKey"/> is a resource key that
    /// <paramref name="args"/> fill; <paramref name="link"/> is relative to the hospital ("exams?id=…").</summary>
    public async Task<Guid> NotifyAsync(Guid userId, string messageKey, IEnumerable<object?> args, string? link, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var notification = Create(userId, messageKey, args, link, hospitalTime.UtcNow);
        db.Notifications.Add(notification);
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(new NotificationRaised(userId, notification.Id));
        return notification.Id;
    }

    /// <summary>The signed-in person's latest notifications, newest first.</summary>
    public async Task<IReadOnlyList<NotificationItem>> MineAsync(int take = 10, CancellationToken ct = default)
    {
        if (actor.UserId is not { } me)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Notifications.AsNoTracking().Where(n => n.UserId == me)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(Math.Clamp(take, 1, 100)).ToListAsync(ct);
        return rows.Select(n => new NotificationItem(n.Id, n.MessageKey, n.Args?.Split(ArgsSeparator) ?? [], n.Link, n.CreatedAt, n.ReadAt is not null)).ToList();
    }

    public async Task<int> UnreadCountAsync(CancellationToken ct = default)
    {
        if (actor.UserId is not { } me)
        {
            return 0;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.CountAsync(n => n.UserId == me && n.ReadAt == null, ct);
    }

    /// <summary>Marks one of the person's own notifications read (someone else's is not found).</summary>
    public async Task MarkReadAsync(Guid id, CancellationToken ct = default)
    {
        var me = actor.UserId ?? throw new DomainRuleException("Common.Error.NotAllowed");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = hospitalTime.UtcNow;
        var changed = await db.Notifications.Where(n => n.Id == id && n.UserId == me && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        if (changed == 0 && !await db.Notifications.AnyAsync(n => n.Id == id && n.UserId == me, ct))
        {
            throw new DomainRuleException("Common.Error.NotFound");
        }
    }

    public async Task MarkAllReadAsync(CancellationToken ct = default)
    {
        var me = actor.UserId ?? throw new DomainRuleException("Common.Error.NotAllowed");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = hospitalTime.UtcNow;
        await db.Notifications.Where(n => n.UserId == me && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }
}
