using AngleSharp.Dom;
using Bunit;
using ClinicApp.Data.Catalog;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Backups;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ClinicApp.Tests.Components.Backups;

/// <summary>The backups page against the real app: each state of a run as an admin reads it, a colleague's
/// backup arriving live, and the outcome of the admin's own "back up now".</summary>
[Collection(AppCollection.Name)]
public sealed class BackupsPageTests(AppFixture fixture) : LiveComponentTestContext(fixture, Roles.Admin, Roles.Admin)
{
    private readonly AppFixture _fixture = fixture;

    private TenantConnections Connections => _fixture.App.Services.GetRequiredService<TenantConnections>();

    private BackupNowRunner Runner => _fixture.App.Services.GetRequiredService<BackupNowRunner>();

    private string Text(string key) => Services.GetRequiredService<IStringLocalizer<SharedResource>>()[key];

    private static IElement RowOf(IRenderedComponent<BackupsPage> cut, Guid runId) =>
        cut.Find($"[data-run='{runId}']").Closest("tr")!;

    private BackupRun Run(BackupStatus status, BackupTrigger trigger, int minutesAhead, string? error = null) => new()
    {
        HospitalId = Viewer.Hospital.Id,
        Scope = Viewer.Hospital.Slug,
        Trigger = trigger,
        Status = status,
        RequestedBy = "nightly",
        // Ahead of every real run of the shared app, so they are the first page's first rows.
        StartedAt = DateTime.UtcNow.AddDays(1).AddMinutes(minutesAhead),
        DurationMs = 1500,
        SizeBytes = status == BackupStatus.Verified ? 3 * 1024 * 1024 : 0,
        Error = error,
    };

    [Fact]
    public void Before_the_screen_is_interactive_it_shows_a_skeleton()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var cut = Render<BackupsPage>();

        Assert.NotEmpty(cut.FindAll("[data-testid=backups-loading] .mud-skeleton"));
        Assert.Empty(cut.FindAll("[data-testid=backups-table]"));
    }

    [Fact]
    public async Task Each_state_reads_in_portuguese_and_a_failure_gives_its_reason()
    {
        var runs = new[]
        {
            Run(BackupStatus.Verified, BackupTrigger.Nightly, 4),
            Run(BackupStatus.Failed, BackupTrigger.Command, 3, "Backups.Error.Io: No space left on device"),
            Run(BackupStatus.Running, BackupTrigger.Manual, 2),
            Run(BackupStatus.Pruned, BackupTrigger.BeforeRestore, 1),
        };
        await using (var db = Connections.CreateCatalog())
        {
            db.BackupRuns.AddRange(runs);
            await db.SaveChangesAsync();
        }

        try
        {
            using var _ = new CultureScope("pt-BR");
            var cut = Render<BackupsPage>();
            cut.WaitForElement($"[data-run='{runs[0].Id}']", Wait);

            var verified = RowOf(cut, runs[0].Id);
            Assert.Contains("✓ Verificado", verified.TextContent, StringComparison.Ordinal);
            Assert.Contains("Noturno", verified.TextContent, StringComparison.Ordinal);
            Assert.Contains("3,00", verified.QuerySelector("[data-testid=backup-size]")!.TextContent, StringComparison.Ordinal);
            Assert.EndsWith($"admin/backups/{runs[0].Id}/download", verified.QuerySelector("[data-testid=backup-download]")!.GetAttribute("href"), StringComparison.Ordinal);

            var failed = RowOf(cut, runs[1].Id);
            Assert.Contains("✗ Falhou", failed.TextContent, StringComparison.Ordinal);
            Assert.Contains("Linha de comando", failed.TextContent, StringComparison.Ordinal);
            Assert.Equal($"{Text("Backups.Error.Io")} (No space left on device)", failed.QuerySelector("[data-testid=backup-error]")!.TextContent.Trim());
            Assert.Null(failed.QuerySelector("[data-testid=backup-download]"));

            var running = RowOf(cut, runs[2].Id);
            Assert.Contains("Em andamento", running.TextContent, StringComparison.Ordinal);
            Assert.Null(running.QuerySelector("[data-testid=backup-download]"));

            var pruned = RowOf(cut, runs[3].Id);
            Assert.Contains("Removido (retenção)", pruned.TextContent, StringComparison.Ordinal);
            Assert.Contains("Antes de uma restauração", pruned.TextContent, StringComparison.Ordinal);
            Assert.Null(pruned.QuerySelector("[data-testid=backup-download]"));
        }
        finally
        {
            await using var db = Connections.CreateCatalog();
            var ids = runs.Select(r => r.Id).ToList();
            await db.BackupRuns.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task A_colleagues_backup_appears_live_and_verified_with_its_download()
    {
        using var _ = new CultureScope("en");
        var cut = Render<BackupsPage>();
        cut.WaitForElement("[data-testid=backups-table]", Wait);

        Colleague.Services.GetRequiredService<BackupAdminService>().BackUpNow();
        await Runner.RunningTask(Colleague.Hospital.Id)!;
        var runId = Runner.StateOf(Colleague.Hospital.Id).Last!.RunId!.Value;

        cut.WaitForAssertion(() =>
        {
            var row = RowOf(cut, runId);
            Assert.Contains("✓ Verified", row.TextContent, StringComparison.Ordinal);
            Assert.Contains("Manual", row.TextContent, StringComparison.Ordinal);
            Assert.NotNull(row.QuerySelector("[data-testid=backup-download]"));
        }, Wait);

        // The outcome's notice is for the admin who pressed, not for every viewer.
        Assert.Empty(Services.GetRequiredService<ISnackbar>().ShownSnackbars);
    }

    [Fact]
    public void Pressing_back_up_now_ends_in_a_verified_notice_and_a_full_bar()
    {
        using var _ = new CultureScope("pt-BR");
        var cut = Render<BackupsPage>();
        cut.WaitForElement("[data-testid=backups-table]", Wait);

        cut.Find("[data-testid=backup-now]").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("verified", cut.Find("[data-testid=backup-progress]").GetAttribute("data-state"));
            Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Backup verificado ✓" && s.Severity == Severity.Success);
        }, Wait);
        var runId = Runner.StateOf(Viewer.Hospital.Id).Last!.RunId!.Value;
        Assert.Contains("✓ Verificado", RowOf(cut, runId).TextContent, StringComparison.Ordinal);
    }
}
