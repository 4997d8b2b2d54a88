using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace ClinicApp.Features.Account;

/// <summary>Starts re-checking the circuit's user once the circuit knows its hospital (the tenant's
/// circuit handler runs first).</summary>
public sealed class UserWatchCircuitHandler(AuthenticationStateProvider authentication) : CircuitHandler
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (authentication is ClinicAuthenticationStateProvider clinic)
        {
            await clinic.StartWatchingAsync();
        }
    }
}
