using Bunit;
using Microsoft.AspNetCore.Components;

namespace ClinicApp.Tests.Support;

/// <summary>A live screen rendered in bUnit against the real test app: the component's services — its live
/// updates included — are a viewer's circuit's, and a colleague of the same hospital changes things from
/// another scope, as another person's circuit would.</summary>
public abstract class LiveComponentTestContext(AppFixture fixture, string viewerRole, string colleagueRole) : ComponentTestContext, IAsyncLifetime
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    protected Desk Viewer { get; private set; } = default!;

    protected Desk Colleague { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Viewer = await Desk.AsAsync(fixture.App, "aurora", viewerRole);
        Colleague = await Desk.AsAsync(fixture.App, "aurora", colleagueRole);
        Services.AddFallbackServiceProvider(Viewer.Services);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Colleague.DisposeAsync();
        await Viewer.DisposeAsync();
    }
}
