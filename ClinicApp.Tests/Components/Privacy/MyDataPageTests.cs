using AngleSharp.Dom;
using Bunit;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Portal;
using ClinicApp.Features.Privacy;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.Privacy;

/// <summary>The portal's "my data" page as its tutor sees it: the consents' switches and history, each
/// export's state (only a ready, unexpired one has a download link), a pending deletion request in
/// place of the button; and "not found" for someone who is not a tutor.</summary>
[Collection(AppCollection.Name)]
public sealed class MyDataPageTests(AppFixture fixture) : ComponentTestContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private PortalTutor _tutor = default!;
    private AsyncServiceScope _scope;

    public async Task InitializeAsync()
    {
        _tutor = await PortalTutors.CreateAsync(fixture.App, "aurora");
        _scope = await PortalTutors.ScopeAsync(fixture.App, _tutor);
        Services.AddFallbackServiceProvider(_scope.ServiceProvider);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _scope.DisposeAsync();
    }

    [Fact]
    public async Task Each_state_reads_right_and_a_switch_saves_at_once()
    {
        var now = DateTime.UtcNow;
        await using (var db = await _scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            db.TutorDataExports.AddRange(
                new TutorDataExport { TutorId = _tutor.TutorId, RequestedAt = now.AddMinutes(-1), Status = TutorDataExportStatus.Ready, FileName = "x.zip", CompletedAt = now, ExpiresAt = now.AddHours(23) },
                new TutorDataExport { TutorId = _tutor.TutorId, RequestedAt = now.AddDays(-2), Status = TutorDataExportStatus.Ready, FileName = "y.zip", CompletedAt = now.AddDays(-2), ExpiresAt = now.AddDays(-1) });
            db.ErasureRequests.Add(new ErasureRequest { TutorId = _tutor.TutorId, Origin = ErasureOrigin.Portal, RequestedAt = now, RequestedByName = "portal" });
            await db.SaveChangesAsync();
        }

        using var _ = new CultureScope("en");
        var cut = Render<MyDataPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=mydata-consents]")), Wait);

        Assert.Equal("No consent changes recorded yet.", cut.Find("[data-testid=consent-history-empty]").TextContent.Trim());
        var rows = cut.FindAll("[data-testid=mydata-export-row]");
        Assert.Equal(["Ready", "Expired"], rows.Select(r => r.GetAttribute("data-status")));
        Assert.NotNull(rows[0].QuerySelector("[data-testid=mydata-export-download]"));
        Assert.Null(rows[1].QuerySelector("[data-testid=mydata-export-download]"));
        Assert.Contains("waiting for the hospital", cut.Find("[data-testid=mydata-erasure-pending]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=mydata-erasure-request]"));

        // Marketing switched on: saved at once, and the history shows it.
        cut.Find("input[data-testid=mydata-marketing]").Change(true);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=consent-row]")), Wait);
        Assert.Contains("Marketing", cut.Find("[data-testid=consent-row]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Portal", cut.Find("[data-testid=consent-row]").TextContent, StringComparison.Ordinal);
        await using var check = await _scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        Assert.NotNull((await check.Tutors.AsNoTracking().SingleAsync(t => t.Id == _tutor.TutorId)).MarketingConsentAt);
    }

    [Fact]
    public async Task Someone_who_is_not_a_tutor_sees_not_found()
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Receptionist);
        using var context = new StaffContext(desk);
        var cut = context.Render<MyDataPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=portal-not-found]")), Wait);
        Assert.Empty(cut.FindAll("[data-testid=mydata-consents]"));
    }

    private sealed class StaffContext : ComponentTestContext
    {
        public StaffContext(Desk desk)
        {
            Services.AddFallbackServiceProvider(desk.Services);
            SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        }
    }
}
