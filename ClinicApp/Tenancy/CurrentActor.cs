using System.Security.Claims;
using ClinicApp.Data.Common;

namespace ClinicApp.Tenancy;

/// <summary>The signed-in person of the current request or circuit, as the audit trail sees them.
/// Set by the tenant middleware (requests) and the circuit handler (interactive screens).</summary>
public sealed class CurrentActor : ICurrentActor
{
    private ClaimsPrincipal? _user;
    private string _fallbackName = "system";

    public Guid? UserId =>
        Guid.TryParse(_user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string Name => _user?.Identity?.IsAuthenticated == true
        ? _user.Identity.Name ?? _fallbackName
        : _fallbackName;

    /// <summary>Whether the actor holds one of the roles of a comma-separated group (<see cref="Data.Identity.Roles"/>).</summary>
    public bool IsInAnyRole(string roles) =>
        _user is not null && Data.Identity.Roles.Split(roles).Any(_user.IsInRole);

    /// <summary>Refuses the operation unless the actor holds one of the roles.</summary>
    public void Require(string roles)
    {
        if (!IsInAnyRole(roles))
        {
            throw new DomainRuleException("Common.Error.NotAllowed");
        }
    }

    public void SetUser(ClaimsPrincipal? user) => _user = user;

    public void CopyFrom(CurrentActor other)
    {
        _user = other._user;
        _fallbackName = other._fallbackName;
    }

    public void SetSystem(string name)
    {
        _user = null;
        _fallbackName = name;
    }
}
