using ClinicApp.Data.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ClinicApp.Features.Portal;

/// <summary>Identity's data-protection token provider with a lifetime of its own: a portal invitation
/// is good for 72 hours (a tutor reads e-mail less often than staff), a staff reset link for one.
/// Like every Identity token it embeds the user's id and security stamp, so it is worthless at another
/// hospital (another user) and dies with the first password set on the account (a new stamp).</summary>
public sealed class PortalInviteTokenProvider(
    IDataProtectionProvider dataProtectionProvider,
    IOptions<PortalInviteTokenOptions> options,
    ILogger<DataProtectorTokenProvider<ApplicationUser>> logger)
    : DataProtectorTokenProvider<ApplicationUser>(dataProtectionProvider, options, logger)
{
    public const string ProviderName = "PortalInvite";
}

public sealed class PortalInviteTokenOptions : DataProtectionTokenProviderOptions
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(72);

    public PortalInviteTokenOptions()
    {
        Name = PortalInviteTokenProvider.ProviderName;
        TokenLifespan = Lifetime;
    }
}
