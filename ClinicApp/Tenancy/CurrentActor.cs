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
