using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using ClinicApp.Components.Shared;
using ClinicApp.Data.Catalog;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Backups;
using ClinicApp.Features.Home;
using ClinicApp.Infrastructure.Backups;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.Backups;

/// <summary>One app (no demo hospitals) whose tests each add their own hospital.</summary>
public sealed class BackupCardFixture : IAsyncLifetime
{
    private int _count;

    public ClinicAppFactory App { get; } = new(new Dictionary<string, string?> { ["Demo:Seed"] = "false" });

    public async Task<string> NewHospitalAsync()
    {
        var slug = $"cartao{Interlocked.Increment(ref _count)}{Random.Shared.Next(1000, 9999)}";
        await App.Services.GetRequiredService<HospitalProvisioning>()
            .AddAsync(slug, $"Hospital {slug}", $"admin@{slug}.vet", adminPassword: ClinicAppFactory.Password);
        return slug;
    }

    public Task InitializeAsync()
    {
        _ = App.BaseUrl;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Issue 13, monitoring: the admin's home shows the last backup — verified with its size, failed with
/// its reason, or none yet — with the way to the backups page; nobody else's home has the card, and the
/// service refuses anyone but an admin.</summary>
public sealed class LastBackupCardTests(BackupCardFixture fixture) : ComponentTestContext, IClassFixture<BackupCardFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services only dispose asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    [Fact]
    public async Task A_verified_backup_shows_today_its_time_verified_and_size()
    {
        var slug = await fixture.NewHospitalAsync();
        var hospital = await fixture.App.HospitalAsync(slug);
        var run = await fixture.App.Services.GetRequiredService<BackupService>().BackUpHospitalAsync(hospital.Id, BackupTrigger.Manual, "test");
        Assert.Equal(BackupStatus.Verified, run.Status);
        await using var admin = await UseAsync(slug, Roles.Admin);

        using var _ = new CultureScope("en");
        var cut = RenderCard();

        var time = admin.Time.ToLocal(run.StartedAt).ToString("t", CultureInfo.CurrentCulture);
        // A new hospital's archive is some KB (a megabyte or more reads "12.4 MB", see below).
        Assert.InRange(run.SizeBytes, 1024, (1024 * 1024) - 1);
        var size = $"{run.SizeBytes / 1024} KB";
        cut.WaitForAssertion(() => Assert.Equal(Spaces($"Last backup: today {time} ✓ verified, {size}"), State(cut)), Wait);
        Assert.Equal("admin/backups", cut.Find("[data-testid=last-backup-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task Yesterday_night_s_backup_of_12_4_megabytes_reads_so()
    {
        var slug = await fixture.NewHospitalAsync();
        var hospital = await fixture.App.HospitalAsync(slug);
        await using var admin = await UseAsync(slug, Roles.Admin);
        var lastNight = admin.Time.ToUtc(admin.Time.Today.AddDays(-1).ToDateTime(new TimeOnly(2, 0)));
        await AddRunAsync(hospital, BackupStatus.Verified, lastNight, null, sizeBytes: 13_002_342);

        using var _ = new CultureScope("en");
        var cut = RenderCard();

        cut.WaitForAssertion(() => Assert.Equal(Spaces("Last backup: yesterday 2:00 AM ✓ verified, 12.4 MB"), State(cut)), Wait);
    }

    [Fact]
    public async Task A_failed_last_backup_shows_its_reason_in_the_admin_s_language()
    {
        var slug = await fixture.NewHospitalAsync();
        var hospital = await fixture.App.HospitalAsync(slug);
        var now = DateTime.UtcNow;
        await AddRunAsync(hospital, BackupStatus.Verified, now.AddDays(-3), null);
        await AddRunAsync(hospital, BackupStatus.Failed, now.AddMinutes(-5), "Backups.Error.Io: No space left on device");
        await using var admin = await UseAsync(slug, Roles.Admin);

        using var _ = new CultureScope("pt-BR");
        var cut = RenderCard();

        var time = admin.Time.ToLocal(now.AddMinutes(-5)).ToString("t", CultureInfo.CurrentCulture);
        cut.WaitForAssertion(() => Assert.Equal(Spaces($"Último backup: hoje {time} falhou: O backup não pôde ser gravado (disco cheio ou sem permissão)."), State(cut)), Wait);
    }

    [Fact]
    public async Task A_hospital_without_backups_says_none_yet()
    {
        var slug = await fixture.NewHospitalAsync();
        await using var admin = await UseAsync(slug, Roles.Admin);

        using var _ = new CultureScope("pt-BR");
        var cut = RenderCard();

        cut.WaitForAssertion(() => Assert.Equal("Último backup: nenhum ainda", State(cut)), Wait);
        Assert.Equal("Ver backups", cut.Find("[data-testid=last-backup-link]").TextContent.Trim());
    }

    [Fact]
    public async Task The_admin_s_home_has_the_card()
    {
        var slug = await fixture.NewHospitalAsync();
        var auth = AddAuthorization();
        await using var admin = await UseAsync(slug, Roles.Admin);

        using var _ = new CultureScope("en");
        var cut = RenderHome(auth, admin, Roles.Admin);

        cut.WaitForAssertion(() => Assert.Equal("Last backup: none yet", State(cut)), Wait);
    }

    [Fact]
    public async Task A_receptionist_s_home_has_no_backup_card_and_the_service_refuses_her()
    {
        var slug = await fixture.NewHospitalAsync();
        var auth = AddAuthorization();
        await using var desk = await UseAsync(slug, Roles.Receptionist);

        using var _ = new CultureScope("en");
        var cut = RenderHome(auth, desk, Roles.Receptionist);

        cut.WaitForElement("[data-testid=home-summary]", Wait);
        Assert.Empty(cut.FindAll("[data-testid=last-backup]"));
        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Services.GetRequiredService<LastBackupService>().LoadAsync());
        Assert.Equal("Common.Error.NotAllowed", refusal.Message);
    }

    private async Task<Desk> UseAsync(string slug, string role)
    {
        var desk = await Desk.AsAsync(fixture.App, slug, role);
        Services.AddFallbackServiceProvider(desk.Services);
        Services.AddScoped(_ => desk.Services.GetRequiredService<TenantContext>());

        // The pieces the app's features registered for slots (the fallback provider is not asked for a list).
        foreach (var entry in fixture.App.Services.GetServices<SlotEntry>())
        {
            Services.AddSingleton(entry);
        }

        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return desk;
    }

    private IRenderedComponent<LastBackupCard> RenderCard() =>
        Render<LastBackupCard>(p => p.Add(c => c.Slot, new AdminHomeCards()));

    private IRenderedComponent<RoleHome> RenderHome(BunitAuthorizationContext auth, Desk desk, string role)
    {
        var actor = desk.Services.GetRequiredService<CurrentActor>();
        auth.SetAuthorized(actor.Name);
        auth.SetRoles(role);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, actor.UserId!.Value.ToString()));
        return Render<RoleHome>();
    }

    private static string State<T>(IRenderedComponent<T> cut)
        where T : IComponent => Spaces(cut.Find("[data-testid=last-backup-state]").TextContent);

    /// <summary>Runs of white space as one space (times read "8:33\u202fAM" in English).</summary>
    private static string Spaces(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private async Task AddRunAsync(TenantInfo hospital, BackupStatus status, DateTime startedAt, string? error, long sizeBytes = 1_000_000)
    {
        await using var db = fixture.App.Services.GetRequiredService<TenantConnections>().CreateCatalog();
        db.BackupRuns.Add(new BackupRun
        {
            HospitalId = hospital.Id,
            Scope = hospital.Slug,
            Trigger = BackupTrigger.Nightly,
            Status = status,
            RequestedBy = "nightly",
            StartedAt = startedAt,
            FinishedAt = startedAt.AddSeconds(3),
            SizeBytes = sizeBytes,
            Error = error,
        });
        await db.SaveChangesAsync();
    }
}
