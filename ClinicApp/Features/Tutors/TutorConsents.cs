using ClinicApp.Data;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Portal;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Tutors;

/// <summary>One change of consent in the history (what staff and the tutor see).</summary>
public sealed record ConsentRow(Guid Id, DateTime At, ConsentPurpose Purpose, bool Granted, ConsentChannel Channel, string? Source);

/// <summary>The one way a tutor's consent changes, whoever changes it (the desk's dialog, the portal,
/// a WhatsApp "SAIR"): the tutor's current state and the history row are set on the caller's context,
/// so they commit in the caller's save together with whatever else it changes. The current state
/// stays on the tutor (<see cref="Tutor.RemindersConsentAt"/>, which the reminders read): a
/// withdrawal clears it and stamps <see cref="Tutor.RemindersConsentWithdrawnAt"/>.</summary>
public static class TutorConsents
{
    /// <summary>Longest source kept on a history row (the column's limit).</summary>
    public const int MaxSourceLength = 200;

    /// <summary>What <see cref="Tutor.RemindersConsentWithdrawnVia"/> says for each channel.</summary>
    public static string Via(ConsentChannel channel) => channel switch
    {
        ConsentChannel.WhatsApp => "whatsapp",
        ConsentChannel.Portal => "portal",
        _ => "desk",
    };

    /// <summary>Whether the tutor consents now: a withdrawal later than (or without) the consent wins,
    /// as <c>ReminderReach</c> reads it.</summary>
    public static bool IsGranted(Tutor tutor, ConsentPurpose purpose) => purpose switch
    {
        ConsentPurpose.Reminders => tutor.RemindersConsentAt is { } at
            && (tutor.RemindersConsentWithdrawnAt is not { } withdrawn || withdrawn < at),
        _ => tutor.MarketingConsentAt is not null,
    };

    /// <summary>Sets the purpose to <paramref name="granted"/> and adds its history row to
    /// <paramref name="db"/> (not saved); nothing when the state is already that (false is returned).</summary>
    public static bool Change(ClinicDbContext db, Tutor tutor, ConsentPurpose purpose, bool granted, ConsentChannel channel,
        string? source, Guid? byUserId, DateTime now)
    {
        if (IsGranted(tutor, purpose) == granted)
        {
            return false;
        }

        switch (purpose, granted)
        {
            case (ConsentPurpose.Reminders, true):
                tutor.RemindersConsentAt = now;
                break;
            case (ConsentPurpose.Reminders, false):
                tutor.RemindersConsentAt = null;
                tutor.RemindersConsentWithdrawnAt = now;
                tutor.RemindersConsentWithdrawnVia = Via(channel);
                break;
            case (_, true):
                tutor.MarketingConsentAt = now;
                break;
            default:
                tutor.MarketingConsentAt = null;
                break;
        }

        source = TypedText.Clean(source);
        db.TutorConsents.Add(new TutorConsent
        {
            TutorId = tutor.Id,
            Purpose = purpose,
            Granted = granted,
            At = now,
            Channel = channel,
            Source = source is null || source.Length <= MaxSourceLength ? source : source[..MaxSourceLength],
            ByUserId = byUserId,
        });
        return true;
    }

    /// <summary>The tutor's history, newest first.</summary>
    public static Task<List<ConsentRow>> HistoryAsync(ClinicDbContext db, Guid tutorId, CancellationToken ct) =>
        db.TutorConsents.AsNoTracking().Where(c => c.TutorId == tutorId)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Select(c => new ConsentRow(c.Id, c.At, c.Purpose, c.Granted, c.Channel, c.Source))
            .ToListAsync(ct);

    /// <summary>How staff are named on what they change (their display name, not the e-mail they sign in with).</summary>
    public static async Task<string> StaffNameAsync(ClinicDbContext db, CurrentActor actor, CancellationToken ct)
    {
        var displayName = actor.UserId is { } userId
            ? await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct)
            : null;
        return string.IsNullOrWhiteSpace(displayName) ? actor.Name : displayName;
    }
}
