using Bunit;
using Bunit.TestDoubles;
using ClinicApp.Components.Layout;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClinicApp.Tests.Components.Layout;

/// <summary>Issue 13: an open screen of a hospital being restored says so on top, and reloads itself
/// (a new circuit, fresh data) when the restore is over.</summary>
public sealed class MaintenanceBannerTests : ComponentTestContext
{
    /// <summary>The banner reacts within milliseconds; this only bounds a very busy machine.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private readonly InProcessEventBus _bus = new(NullLogger<InProcessEventBus>.Instance);

    public MaintenanceBannerTests()
    {
        Services.AddSingleton<IEventBus>(_bus);
        Services.AddScoped<HospitalEvents>();
        Services.AddScoped<LiveUpdates>();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<ILogger<LiveUpdates>>(NullLogger<LiveUpdates>.Instance);
    }

    private BunitNavigationManager Navigation => Services.GetRequiredService<BunitNavigationManager>();

    /// <summary>On a live circuit (the banner stays out of the prerendered page).</summary>
    private IRenderedComponent<MaintenanceBanner> RenderLive()
    {
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Render<MaintenanceBanner>();
    }

    [Fact]
    public async Task The_banner_appears_in_the_viewers_language_when_the_hospital_enters_maintenance()
    {
        using var _ = new CultureScope("pt-BR");
        var cut = RenderLive();
        Assert.Empty(cut.FindAll("[data-testid=maintenance-banner]"));

        await _bus.PublishAsync(Aurora.Id, new HospitalMaintenanceChanged(true));

        cut.WaitForAssertion(() => Assert.Equal(
            "Restauração de dados em andamento: as alterações estão pausadas. Esta tela será recarregada quando terminar.",
            cut.Find("[data-testid=maintenance-banner]").TextContent.Trim()), Wait);
        Assert.Empty(Navigation.History);
    }

    [Fact]
    public async Task The_screen_reloads_itself_when_the_maintenance_ends()
    {
        using var _ = new CultureScope("en");
        var cut = RenderLive();
        Navigation.NavigateTo("board");
        await _bus.PublishAsync(Aurora.Id, new HospitalMaintenanceChanged(true));
        cut.WaitForAssertion(() => Assert.Contains("Data restore in progress", cut.Find("[data-testid=maintenance-banner]").TextContent, StringComparison.Ordinal), Wait);

        await _bus.PublishAsync(Aurora.Id, new HospitalMaintenanceChanged(false));

        // A reload renders nothing here, so wait on the navigation itself rather than on a render.
        var deadline = DateTime.UtcNow + Wait;
        while (Navigation.History.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var reload = Navigation.History.First();
        Assert.True(reload.Options.ForceLoad, "the screen must load again from the server, not just re-render");
        Assert.Equal("http://localhost/board", reload.Uri);
    }

    [Fact]
    public void A_screen_opened_while_the_hospital_is_in_maintenance_shows_the_banner_at_once()
    {
        Services.AddScoped(_ => Hospital(Aurora with { MaintenanceSince = DateTime.UtcNow }));

        var cut = RenderLive();

        Assert.Single(cut.FindAll("[data-testid=maintenance-banner]"));
    }

    [Fact]
    public void The_banner_stops_listening_when_its_screen_closes()
    {
        var cut = RenderLive();
        Assert.Equal(1, _bus.SubscriberCount(Aurora.Id));

        cut.Instance.Dispose();

        Assert.Equal(0, _bus.SubscriberCount(Aurora.Id));
    }
}
