using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace ClinicApp.Tenancy;

/// <summary>Gives an interactive circuit its hospital. The circuit is opened on /{tenant}/_blazor,
/// so the hub connection's request went through the tenant middleware; the hospital is taken from
/// that server-side request, never from anything the browser sends in a message. A circuit whose
/// connection comes back on another hospital's address is refused.</summary>
public sealed class TenantCircuitHandler(
    IHttpContextAccessor httpContextAccessor,
    TenantContext tenantContext,
    CurrentActor actor,
    AuthenticationStateProvider authentication) : CircuitHandler
{
    /// <summary>First of the circuit handlers: the others (the user watcher) need the hospital.</summary>
    public override int Order => int.MinValue;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var tenant = httpContextAccessor.HttpContext?.Features.Get<TenantFeature>()?.Tenant;
        if (tenant is not null)
        {
            tenantContext.Set(tenant);
        }

        var state = await authentication.GetAuthenticationStateAsync();
        actor.SetUser(state.User);
        authentication.AuthenticationStateChanged += OnAuthenticationStateChanged;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var tenant = httpContextAccessor.HttpContext?.Features.Get<TenantFeature>()?.Tenant;
        if (tenant is not null && tenantContext.Current is { } current && current.Id != tenant.Id)
        {
            throw new TenantUnavailableException("A circuit cannot move to another hospital.");
        }

        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged -= OnAuthenticationStateChanged;
        return Task.CompletedTask;
    }

    private async void OnAuthenticationStateChanged(Task<AuthenticationState> task)
    {
        try
        {
            actor.SetUser((await task).User);
        }
        catch (InvalidOperationException)
        {
            actor.SetUser(null);
        }
    }
}
