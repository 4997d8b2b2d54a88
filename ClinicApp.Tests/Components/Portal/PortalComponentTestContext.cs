using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.Portal;

/// <summary>A portal screen rendered in bUnit against the real test app, as a portal tutor's circuit: the
/// component's services (its live updates included) act as <see cref="Tutor"/>.</summary>
public abstract class PortalComponentTestContext(AppFixture fixture) : ComponentTestContext, IAsyncLifetime
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private AsyncServiceScope _scope;

    protected ClinicAppFactory App => fixture.App;

    protected PortalTutor Tutor { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Tutor = await PortalTutors.CreateAsync(fixture.App, "aurora");
        _scope = await PortalTutors.ScopeAsync(fixture.App, Tutor);
        Services.AddFallbackServiceProvider(_scope.ServiceProvider);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _scope.DisposeAsync();
    }
}
