using ClinicApp.Data.Billing;
using ClinicApp.Data.Identity;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Settings;

public sealed record OutboxRow(Guid Id, DateTime CreatedAt, OutboxChannel Channel, string To, string Subject, OutboxStatus Status, int Attempts, DateTime? NextAttemptAt, string? Error, bool HasFile,
    string? ProviderErrorCode = null, ClinicApp.Data.Messaging.DeliveryStatus? Delivery = null);

/// <summary>The hospital's outgoing messages, for the Admin: what was sent, kept, is waiting for its next attempt or was given up.</summary>
public sealed class OutboxService(ClinicDbFactory dbFactory, CurrentActor actor, OutboxFolder folder)
{
    public async Task<IReadOnlyList<OutboxRow>> ListAsync(OutboxStatus? status, int take = 500, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var messages = db.OutboxMessages.AsNoTracking();
        if (status is { } only)
        {
            messages = messages.Where(m => m.Status == only);
        }

        return await messages.OrderByDescending(m => m.CreatedAt).Take(take)
            .Select(m => new OutboxRow(m.Id, m.CreatedAt, m.Channel, m.To, m.Subject, m.Status, m.Attempts, m.Status == OutboxStatus.Pending ? m.NextAttemptAt : null, m.Error, m.File != null, m.ProviderErrorCode, m.Delivery))
            .ToListAsync(ct);
    }

    /// <summary>How a stored file is served: an e-mail as .eml, a WhatsApp message as UTF-8 text.</summary>
    public static string ContentType(string path) =>
        path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) ? "text/plain; charset=utf-8" : "message/rfc822";

    /// <summary>The stored file (.eml or .txt) of a message of this hospital, by the message's id (never a path from the client).</summary>
    public async Task<string?> FileAsync(Guid messageId, CancellationToken ct = default)
    {
        actor.Require(Roles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var file = await db.OutboxMessages.AsNoTracking().Where(m => m.Id == messageId).Select(m => m.File).FirstOrDefaultAsync(ct);
        return folder.Find(file);
    }
}
