using System.Security.Claims;
using ClinicApp.Data.Identity;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ClinicApp.Features.Account;

/// <summary>Re-checks the person behind an open circuit: every minute, and at once when an admin
/// changes them (<see cref="UserChanged"/>) or the hospital's sign-in rules
/// (<see cref="SecuritySettingsChanged"/>). A deactivated user, a changed security stamp, a principal
/// of another hospital or an administrator without a two-factor the hospital now requires turns the
/// circuit anonymous, so its screens stop working (and the next page load goes to the set-up).</summary>
public sealed class ClinicAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly TenantScopes _scopes;
    private readonly TenantContext _tenant;
    private readonly IEventBus _bus;
    private readonly IOptions<IdentityOptions> _options;
    private readonly SecurityPolicyCache _policy;
    private readonly ILogger<ClinicAuthenticationStateProvider> _logger;
    private IDisposable? _userChanged;
    private IDisposable? _rulesChanged;

    public ClinicAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        TenantScopes scopes,
        TenantContext tenant,
        IEventBus bus,
        IOptions<IdentityOptions> options,
        SecurityPolicyCache policy)
        : base(loggerFactory)
    {
        _scopes = scopes;
        _tenant = tenant;
        _bus = bus;
        _options = options;
        _policy = policy;
        _logger = loggerFactory.CreateLogger<ClinicAuthenticationStateProvider>();
        AuthenticationStateChanged += OnChanged;
    }

    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    /// <summary>Called once the circuit knows its hospital: validates at once and starts
    /// listening for changes to the signed-in user.</summary>
    public async Task StartWatchingAsync()
    {
        var state = await GetAuthenticationStateAsync();
        Watch(state);
        if (state.User.Identity?.IsAuthenticated == true)
        {
            await RecheckAsync(state);
        }
    }

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        if (_tenant.Current is not { } tenant || !TenantCookieValidation.BelongsTo(principal, tenant))
        {
            return false;
        }

        await using var scope = _scopes.Create(tenant, "revalidation");
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null || !user.IsActive)
        {
            return false;
        }

        var stamp = principal.FindFirstValue(_options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user)
            && !await AccountSetUpGate.MissesRequiredTwoFactorAsync(principal, tenant, _policy);
    }

    private async void OnChanged(Task<AuthenticationState> task)
    {
        try
        {
            Watch(await task);
        }
#pragma warning disable CA1031 // a failed subscription must not crash the circuit; periodic revalidation still runs
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning(ex, "Could not watch the signed-in user for changes");
        }
    }

    private void Watch(AuthenticationState state)
    {
        _userChanged?.Dispose();
        _userChanged = null;
        _rulesChanged?.Dispose();
        _rulesChanged = null;
        if (_tenant.Current is { } tenant
            && Guid.TryParse(state.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            _userChanged = _bus.Subscribe<UserChanged>(tenant.Id, e =>
            {
                if (e.UserId == userId)
                {
                    // The recheck reads the database: the admin who saved must not wait for it in every
                    // circuit the user has open.
                    _ = Task.Run(() => RecheckInBackgroundAsync(state));
                }

                return Task.CompletedTask;
            });
            if (state.User.IsInRole(Roles.Admin))
            {
                _rulesChanged = _bus.Subscribe<SecuritySettingsChanged>(tenant.Id, changed =>
                {
                    _ = Task.Run(() => RecheckInBackgroundAsync(state));
                    return Task.CompletedTask;
                });
            }
        }
    }

    private async Task RecheckInBackgroundAsync(AuthenticationState state)
    {
        try
        {
            await RecheckAsync(state);
        }
#pragma warning disable CA1031 // a failed recheck must not crash the circuit; periodic revalidation still runs
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning(ex, "Could not recheck the signed-in user after a change");
        }
    }

    private async Task RecheckAsync(AuthenticationState state)
    {
        if (!await ValidateAuthenticationStateAsync(state, CancellationToken.None))
        {
            SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            AuthenticationStateChanged -= OnChanged;
            _userChanged?.Dispose();
            _rulesChanged?.Dispose();
        }

        base.Dispose(disposing);
    }
}
