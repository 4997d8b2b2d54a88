using System.Globalization;
using ClinicApp.Data;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Messaging;
using ClinicApp.Features.Account;
using ClinicApp.Features.Messaging;
using ClinicApp.Infrastructure.Email;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Features.Portal;

/// <summary>Where a tutor stands with the portal, as the tutor page shows it.</summary>
public enum PortalAccountState
{
    /// <summary>Never invited.</summary>
    None,

    /// <summary>Invited; the tutor has not chosen a password yet.</summary>
    Invited,

    /// <summary>The tutor has a password and can sign in.</summary>
    Active,
}

public sealed record PortalAccountStatus(PortalAccountState State, DateTime? InvitedAt, DateTime? LastSignInAt, string? Email);

/// <summary>What an invitation did: the address it was e-mailed to, and whether WhatsApp carried it too
/// (or why not).</summary>
public sealed record PortalInvitation(string Email, bool ByWhatsApp, ReachProblem? WhatsAppProblem);

/// <summary>Invites a tutor to the portal and lets the invited tutor choose a password. The account is
/// an Identity user in the Tutor role linked to exactly one tutor (<c>Tutor.PortalUserId</c>, unique).
/// The link carries an Identity token of <see cref="PortalInviteTokenProvider"/> (72 h) whose purpose
/// names the invitation's time, so a new invitation voids the earlier link without touching the
/// account, and choosing a password (a new security stamp) voids every link.</summary>
public sealed class PortalInvitations(
    IServiceProvider services,
    TenantScopes scopes,
    TenantContext tenant,
    CurrentActor actor,
    HospitalMailer mailer,
    WhatsAppOutbox whatsApp,
    HospitalEvents events,
    UserStampCache stamps,
    TimeProvider time,
    IStringLocalizer<SharedResource> localizer)
{
    /// <summary>Who may invite: reception and admins (DOMAIN.md: they register tutors).</summary>
    public const string Inviters = Roles.Admin + "," + Roles.Receptionist;

    public const string SetPasswordPath = "account/set-password";

    public async Task<PortalAccountStatus> StatusAsync(Guid tutorId, CancellationToken ct = default)
    {
        actor.Require(Roles.Staff);
        await using var scope = scopes.CreateLike(services);
        var db = scope.ServiceProvider.GetRequiredService<ClinicDbContext>();
        var tutor = await db.Tutors.AsNoTracking().Where(t => t.Id == tutorId && !t.IsDeleted)
            .Select(t => new { t.PortalUserId, t.PortalInvitedAt }).SingleOrDefaultAsync(ct)
            ?? throw new DomainRuleException("Invite.Error.NoTutor");
        var user = tutor.PortalUserId is { } userId
            ? await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Email, u.PasswordHash, u.LastSignInAt }).SingleOrDefaultAsync(ct)
            : null;
        var state = user is null ? PortalAccountState.None
            : user.PasswordHash is null ? PortalAccountState.Invited
            : PortalAccountState.Active;
        return new PortalAccountStatus(state, tutor.PortalInvitedAt, user?.LastSignInAt, user?.Email);
    }

    /// <summary>Creates (or reuses) the tutor's portal account and sends a one-time link to choose a
    /// password, by e-mail and, when the tutor can be reached there, WhatsApp. Account, link, invitation
    /// time and messages commit together. <paramref name="setPasswordUrl"/> is the absolute address of
    /// the set-password page at this hospital.</summary>
    public async Task<PortalInvitation> InviteAsync(Guid tutorId, string setPasswordUrl, CancellationToken ct = default)
    {
        actor.Require(Inviters);
        await using var scope = scopes.CreateLike(services);
        var db = scope.ServiceProvider.GetRequiredService<ClinicDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var tutor = await db.Tutors.SingleOrDefaultAsync(t => t.Id == tutorId && !t.IsDeleted && t.AnonymisedAt == null, ct)
            ?? throw new DomainRuleException("Invite.Error.NoTutor");
        if (string.IsNullOrWhiteSpace(tutor.Email))
        {
            throw new DomainRuleException("Invite.Error.NoEmail");
        }

        var email = tutor.Email.Trim();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var user = await AccountForAsync(db, users, tutor, email, ct);
            tutor.PortalUserId = user.Id;

            // The purpose names this invitation: a newer one makes every earlier link fail verification.
            var invitedAt = time.GetUtcNow().UtcDateTime;
            tutor.PortalInvitedAt = invitedAt;
            var token = await users.GenerateUserTokenAsync(user, PortalInviteTokenProvider.ProviderName, Purpose(invitedAt));
            var link = $"{setPasswordUrl}?email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}";

            Data.Billing.OutboxMessage mail;
            TutorMessageQueued byWhatsApp;
            using (HospitalCulture.Use(tenant.Tenant))
            {
                mail = await mailer.AddAsync(db, new EmailDraft(
                    email,
                    tutor.Name,
                    localizer["Invite.Email.Subject", tenant.Tenant.Name],
                    [localizer["Invite.Email.Greeting", tutor.Name], localizer["Invite.Email.Body", tenant.Tenant.Name], localizer["Invite.Email.Expiry", (int)PortalInviteTokenOptions.Lifetime.TotalHours]],
                    (localizer["Invite.Email.Button"], link)), ct);
                byWhatsApp = await TutorWhatsApp.QueueAsync(db, tenant.Tenant, tutor.Id, null, MessageKind.PortalInvite, link: link, ct: ct);
            }

            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch
            {
                mailer.Discard(mail);
                throw;
            }

            mailer.Wake();
            if (byWhatsApp.Row is not null)
            {
                whatsApp.Wake();
            }

            return new PortalInvitation(email, byWhatsApp.Row is not null, byWhatsApp.Problem);
        });
    }

    /// <summary>Sets the invited tutor's first password with the link's token; null on success, else
    /// the errors to show. A used, expired, superseded or foreign link answers "invalid link".</summary>
    public async Task<IReadOnlyList<string>?> AcceptAsync(string email, string token, string password, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateLike(services);
        var db = scope.ServiceProvider.GetRequiredService<ClinicDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email.Trim());
        var invitedAt = user is null ? null : await db.Tutors.AsNoTracking()
            .Where(t => t.PortalUserId == user.Id && !t.IsDeleted && t.AnonymisedAt == null)
            .Select(t => t.PortalInvitedAt).SingleOrDefaultAsync(ct);
        if (user is null || !user.IsActive || invitedAt is null
            || !await users.VerifyUserTokenAsync(user, PortalInviteTokenProvider.ProviderName, Purpose(invitedAt.Value), token))
        {
            return [localizer["Password.Error.InvalidLink"]];
        }

        var result = user.PasswordHash is null
            ? await users.AddPasswordAsync(user, password)
            : await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
        if (!result.Succeeded)
        {
            return PasswordService.Describe(result, localizer);
        }

        // The tutor proved the address is theirs; the new stamp (set by the password change) voids the link.
        user.EmailConfirmed = true;
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        stamps.Forget(tenant.Tenant.Id, user.Id);
        await events.PublishAsync(new UserChanged(user.Id));
        return null;
    }

    private static string Purpose(DateTime invitedAt) =>
        "portal-invite:" + invitedAt.Ticks.ToString(CultureInfo.InvariantCulture);

    /// <summary>The tutor's account: the linked one (its address follows the tutor's), else one made
    /// now. An address already used by staff or by another tutor's account is refused — one person,
    /// one account, one tutor.</summary>
    private static async Task<ApplicationUser> AccountForAsync(ClinicDbContext db, UserManager<ApplicationUser> users, Data.FrontDesk.Tutor tutor, string email, CancellationToken ct)
    {
        var byEmail = await users.FindByEmailAsync(email);
        if (tutor.PortalUserId is { } linkedId && await users.FindByIdAsync(linkedId.ToString()) is { } linked)
        {
            if (byEmail is not null && byEmail.Id != linked.Id)
            {
                throw new DomainRuleException("Invite.Error.EmailInUse");
            }

            if (!string.Equals(linked.Email, email, StringComparison.OrdinalIgnoreCase))
            {
                Check(await users.SetEmailAsync(linked, email));
                Check(await users.SetUserNameAsync(linked, email));
            }

            linked.DisplayName = tutor.Name;
            linked.IsActive = true;
            Check(await users.UpdateAsync(linked));
            return linked;
        }

        if (byEmail is not null)
        {
            var isTutorAccount = await users.IsInRoleAsync(byEmail, Roles.Tutor) && (await users.GetRolesAsync(byEmail)).Count == 1;
            var linkedElsewhere = await db.Tutors.AnyAsync(t => t.PortalUserId == byEmail.Id && t.Id != tutor.Id, ct);
            if (!isTutorAccount || linkedElsewhere)
            {
                throw new DomainRuleException("Invite.Error.EmailInUse");
            }

            return byEmail;
        }

        // No password yet: nobody can sign in to the account until the tutor follows the link.
        var user = new ApplicationUser { UserName = email, Email = email, DisplayName = tutor.Name };
        Check(await users.CreateAsync(user));
        Check(await users.AddToRoleAsync(user, Roles.Tutor));
        return user;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new DomainRuleException("Invite.Error.EmailInvalid");
        }
    }
}
