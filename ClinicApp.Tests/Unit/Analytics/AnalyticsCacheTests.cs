using System.Security.Claims;
using ClinicApp.Data.Catalog;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Agenda;
using ClinicApp.Features.Analytics;
using ClinicApp.Features.Invoices;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClinicApp.Tests.Unit.Analytics;

/// <summary>The dashboards' shared cache as viewers reach it (each through their own circuit's services): one
/// computation per hospital, period, view and language however many look, a change in a hospital makes only
/// that hospital's dashboards stale, and nobody gets a dashboard they may not compute.</summary>
public sealed class AnalyticsCacheTests : IDisposable
{
    private static readonly TenantInfo Aurora = ComponentTestContext.Aurora;

    private static readonly TenantInfo Boreal = new(
        Guid.CreateVersion7(), "boreal", "Clínica Boreal", "pt-BR", "America/Sao_Paulo", "BRL", HospitalStatus.Active, []);

    private static readonly AnalyticsPeriod Period = new(new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 30));

    private readonly InProcessEventBus _bus = new(NullLogger<InProcessEventBus>.Instance);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 3, 30, 15, 0, 0, TimeSpan.Zero));
    private readonly AnalyticsTestSection _section = new();
    private readonly ServiceProvider _app;
    private readonly List<AsyncServiceScope> _viewers = [];

    public AnalyticsCacheTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IEventBus>(_bus);
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<AnalyticsCache>();
        services.AddSingleton<IAnalyticsSection>(_section);
        services.AddScoped<TenantContext>();
        services.AddScoped<CurrentActor>();
        services.AddScoped<AnalyticsService>();
        services.AddScoped<AnalyticsDashboards>();
        _app = services.BuildServiceProvider();
        // A dashboard carries its hospital's name, so one served to the wrong hospital shows.
        _section.Result = _ => new AnalyticsSectionResult([new FigureValue("revenue", "Revenue", ValueFormat.Money, 100m)], []);
    }

    private AnalyticsCache Cache => _app.GetRequiredService<AnalyticsCache>();

    public void Dispose()
    {
        foreach (var viewer in _viewers)
        {
            viewer.Dispose();
        }

        _app.Dispose();
    }

    [Fact]
    public async Task Many_viewers_of_a_hospital_cause_one_computation_and_one_more_after_a_change()
    {
        var viewers = Enumerable.Range(0, 8).Select(_ => Viewer(Aurora, Roles.Admin)).ToList();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _section.Gate = () => release.Task;

        // All of them ask while the first computation is still running: they wait for it, they do not start theirs.
        var first = viewers.Select(v => v.BuildAsync(Period)).ToList();
        release.SetResult();
        var dashboards = await Task.WhenAll(first);

        Assert.Equal(1, Cache.Computations);
        Assert.Equal(2, _section.Computations);
        Assert.All(dashboards, d => Assert.Same(dashboards[0], d));

        // Asked again without a change: served as it is.
        await Task.WhenAll(viewers.Select(v => v.BuildAsync(Period)));
        Assert.Equal(1, Cache.Computations);

        // One invoice paid: every open dashboard reloads, and the hospital computes once.
        await _bus.PublishAsync(Aurora.Id, new InvoiceChanged(Guid.NewGuid()));
        var after = await Task.WhenAll(viewers.Select(v => v.BuildAsync(Period)));

        Assert.Equal(2, Cache.Computations);
        Assert.Equal(4, _section.Computations);
        Assert.All(after, d => Assert.Same(after[0], d));
        Assert.NotSame(dashboards[0], after[0]);
    }

    [Fact]
    public async Task An_appointment_change_makes_the_dashboards_stale_too()
    {
        var viewer = Viewer(Aurora, Roles.Admin);
        await viewer.BuildAsync(Period);

        await _bus.PublishAsync(Aurora.Id, new AppointmentChanged(Guid.NewGuid(), Period.To, null, AppointmentChange.StatusChanged, AppointmentStatus.Completed));
        await viewer.BuildAsync(Period);

        Assert.Equal(2, Cache.Computations);
    }

    [Fact]
    public async Task A_hospital_is_never_served_another_hospitals_dashboard_nor_made_stale_by_its_changes()
    {
        var aurora = Viewer(Aurora, Roles.Admin);
        var boreal = Viewer(Boreal, Roles.Admin);

        var ofAurora = await aurora.BuildAsync(Period);
        var ofBoreal = await boreal.BuildAsync(Period);

        Assert.Equal(Aurora.Name, ofAurora.HospitalName);
        Assert.Equal(Boreal.Name, ofBoreal.HospitalName);
        Assert.Equal(2, Cache.Computations);

        // A payment at Aurora: Boreal's dashboard is still current, Aurora's is computed again.
        await _bus.PublishAsync(Aurora.Id, new InvoiceChanged(Guid.NewGuid()));
        Assert.Same(ofBoreal, await boreal.BuildAsync(Period));
        Assert.Equal(2, Cache.Computations);
        var auroraAgain = await aurora.BuildAsync(Period);
        Assert.Equal(Aurora.Name, auroraAgain.HospitalName);
        Assert.Equal(3, Cache.Computations);
    }

    [Fact]
    public async Task A_veterinarians_view_and_the_hospitals_are_kept_apart_and_a_receptionist_gets_neither()
    {
        var admin = Viewer(Aurora, Roles.Admin);
        var vet = Viewer(Aurora, Roles.Veterinarian);
        var otherVet = Viewer(Aurora, Roles.Veterinarian);
        var receptionist = Viewer(Aurora, Roles.Receptionist);

        var hospital = await admin.BuildAsync(Period);
        var own = await vet.BuildAsync(Period);
        var othersOwn = await otherVet.BuildAsync(Period);

        Assert.False(hospital.VetView);
        Assert.True(own.VetView);
        Assert.NotSame(own, othersOwn);
        Assert.Equal(3, Cache.Computations);
        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => receptionist.BuildAsync(Period));
        Assert.Equal("Common.Error.NotAllowed", refusal.Message);
        Assert.Equal(3, Cache.Computations);
    }

    [Fact]
    public async Task Each_language_and_period_has_its_own_dashboard()
    {
        var viewer = Viewer(Aurora, Roles.Admin);
        using (new CultureScope("pt-BR"))
        {
            await viewer.BuildAsync(Period);
            await viewer.BuildAsync(Period.Previous);
        }

        using (new CultureScope("en"))
        {
            await viewer.BuildAsync(Period);
        }

        Assert.Equal(3, Cache.Computations);
    }

    [Fact]
    public async Task A_failed_computation_is_not_kept_and_a_dashboard_lapses_after_its_lifetime()
    {
        var viewer = Viewer(Aurora, Roles.Admin);
        _section.Gate = () => throw new InvalidOperationException("database down");
        await Assert.ThrowsAsync<InvalidOperationException>(() => viewer.BuildAsync(Period));

        _section.Gate = null;
        var dashboard = await viewer.BuildAsync(Period);
        Assert.Equal(2, Cache.Computations);

        _time.Advance(AnalyticsCache.Lifetime - TimeSpan.FromSeconds(1));
        Assert.Same(dashboard, await viewer.BuildAsync(Period));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotSame(dashboard, await viewer.BuildAsync(Period));
        Assert.Equal(3, Cache.Computations);
    }

    [Fact]
    public async Task A_viewer_who_leaves_stops_waiting_but_the_others_still_get_the_dashboard()
    {
        var leaving = Viewer(Aurora, Roles.Admin);
        var staying = Viewer(Aurora, Roles.Admin);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _section.Gate = () => release.Task;
        using var leave = new CancellationTokenSource();

        var left = leaving.BuildAsync(Period, leave.Token);
        var stayed = staying.BuildAsync(Period);
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left);
        release.SetResult();

        Assert.Equal(Aurora.Name, (await stayed).HospitalName);
        Assert.Equal(1, Cache.Computations);
    }

    /// <summary>A person looking at the dashboard: their own scope (circuit), hospital and role.</summary>
    private AnalyticsDashboards Viewer(TenantInfo hospital, string role)
    {
        var scope = _app.CreateAsyncScope();
        _viewers.Add(scope);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(hospital);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Name, role), new Claim(ClaimTypes.Role, role)], "test");
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetUser(new ClaimsPrincipal(identity));
        return scope.ServiceProvider.GetRequiredService<AnalyticsDashboards>();
    }
}
