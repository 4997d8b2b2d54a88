using ClinicApp.Data.Catalog;
using ClinicApp.Infrastructure.Backups;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Backups;

/// <summary>Retention against the real app and real archives: after a verified backup the runs the policy
/// drops are marked Pruned and exactly their archive and copy leave the disk; the other hospital's folder, a
/// file that is no run's archive and failed runs stay as they were.</summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task A_verified_backup_prunes_exactly_the_dropped_runs_files_and_nothing_of_another_hospital()
    {
        await using var app = NewApp();
        var backups = app.Services.GetRequiredService<BackupService>();
        var locations = app.Services.GetRequiredService<BackupLocations>();
        var a = await NewHospitalAsync(app, "retencaoa");
        var b = await NewHospitalAsync(app, "retencaob");

        var other = await backups.BackUpHospitalAsync(b.Id, BackupTrigger.Manual, "test");
        var otherFiles = Directory.GetFiles(locations.For(b.Slug)).Order().ToList();
        var first = await backups.BackUpHospitalAsync(a.Id, BackupTrigger.Manual, "test");
        Assert.Equal(BackupStatus.Verified, first.Status);

        // The first run also went to the off-site folder; a file there and one beside the archives belong to no run.
        var copy = first.CopyPath!;
        Assert.Equal(Path.Combine(locations.CopyFor(a.Slug)!, Path.GetFileName(first.ArchivePath!)), copy);
        Assert.True(File.Exists(copy), "the verified archive was not copied off-site");
        var strayArchive = Path.Combine(locations.For(a.Slug), "kept-by-hand" + BackupWriter.Extension);
        var strayCopy = Path.Combine(locations.CopyFor(a.Slug)!, "notes.txt");
        await File.WriteAllTextAsync(strayArchive, "not a run's archive");
        await File.WriteAllTextAsync(strayCopy, "operator notes");
        var failed = await AddRunAsync(app, a, BackupStatus.Failed, DateTime.UtcNow.AddMinutes(-1));

        // The same day: the policy keeps only the day's newest good backup, so the first one goes.
        var second = await backups.BackUpHospitalAsync(a.Id, BackupTrigger.Manual, "test");

        var runs = (await backups.ListAsync(a.Id)).ToDictionary(r => r.Id);
        Assert.Equal(BackupStatus.Verified, runs[second.Id].Status);
        Assert.Equal(BackupStatus.Pruned, runs[first.Id].Status);
        Assert.Equal(BackupStatus.Failed, runs[failed].Status);
        Assert.False(File.Exists(first.ArchivePath), "the pruned archive is still there");
        Assert.False(File.Exists(copy), "the pruned archive's copy is still there");
        Assert.True(File.Exists(second.ArchivePath), "the newest good archive was deleted");
        Assert.Equal(
            new[] { second.ArchivePath!, strayArchive }.Order(),
            Directory.GetFiles(locations.For(a.Slug)).Order());
        Assert.True(File.Exists(strayCopy), "a file that is no run's archive was deleted from the copies");

        Assert.Equal(BackupStatus.Verified, (await backups.ListAsync(b.Id)).Single().Status);
        Assert.Equal(otherFiles, Directory.GetFiles(locations.For(b.Slug)).Order());
        Assert.True(File.Exists(other.ArchivePath));
    }

    [Fact]
    public async Task A_restores_safety_backup_neither_counts_nor_prunes_the_day_s_archive_being_restored()
    {
        await using var app = NewApp();
        var backups = app.Services.GetRequiredService<BackupService>();
        var a = await NewHospitalAsync(app, "retencaoc");

        // The night's backup is the archive the operator restores from; the restore first takes a safety backup
        // the same day. Counted like the others, it would be "the day's newest" and prune the archive in use.
        var nightly = await backups.BackUpHospitalAsync(a.Id, BackupTrigger.Nightly, "nightly");
        var safety = await backups.BackUpHospitalAsync(a.Id, BackupTrigger.BeforeRestore, "restore");
        var later = await backups.BackUpHospitalAsync(a.Id, BackupTrigger.Manual, "test");

        var runs = (await backups.ListAsync(a.Id)).ToDictionary(r => r.Id);
        Assert.Equal(BackupStatus.Verified, runs[safety.Id].Status);
        Assert.True(File.Exists(safety.ArchivePath), "the safety backup was pruned");
        Assert.Equal(BackupStatus.Pruned, runs[nightly.Id].Status); // the day's later ordinary backup replaces it
        Assert.Equal(BackupStatus.Verified, runs[later.Id].Status);
    }

    [Fact]
    public async Task A_failed_newest_backup_keeps_the_previous_good_one_whatever_the_settings()
    {
        await using var app = NewApp(new() { ["Backups:KeepDaily"] = "0", ["Backups:KeepWeekly"] = "-1", ["Backups:KeepMonthly"] = "0" });
        var backups = app.Services.GetRequiredService<BackupService>();
        var retention = app.Services.GetRequiredService<BackupRetention>();
        var hospital = await NewHospitalAsync(app, "retencaoc");
        var older = await backups.BackUpHospitalAsync(hospital.Id, BackupTrigger.Manual, "test");
        var good = await backups.BackUpHospitalAsync(hospital.Id, BackupTrigger.Manual, "test");
        // Dated a month back: keeping it is the "newest good" rule, not a daily one.
        await UpdateAsync(app, good.Id, r => r.StartedAt = DateTime.UtcNow.AddDays(-30));
        await UpdateAsync(app, older.Id, r => r.StartedAt = DateTime.UtcNow.AddDays(-31));
        var failed = await AddRunAsync(app, hospital, BackupStatus.Failed, DateTime.UtcNow);

        var pruned = await retention.PruneAsync(hospital.Slug, BackupRetention.Zone(hospital.TimeZoneId));

        // The older good one was pruned right after the second run (settings of 0 keep only the newest).
        Assert.Empty(pruned);
        var runs = (await backups.ListAsync(hospital.Id)).ToDictionary(r => r.Id);
        Assert.Equal(BackupStatus.Verified, runs[good.Id].Status);
        Assert.Equal(BackupStatus.Pruned, runs[older.Id].Status);
        Assert.Equal(BackupStatus.Failed, runs[failed].Status);
        Assert.True(File.Exists(good.ArchivePath), "the last good archive was deleted after a failed run");
        Assert.False(File.Exists(older.ArchivePath));
    }

    [Fact]
    public async Task A_run_whose_recorded_path_leaves_its_folder_is_pruned_but_that_file_is_not_deleted()
    {
        await using var app = NewApp();
        var backups = app.Services.GetRequiredService<BackupService>();
        var hospital = await NewHospitalAsync(app, "retencaod");
        var outsider = Path.Combine(app.DataDirectory, "retencaod.db");
        var first = await backups.BackUpHospitalAsync(hospital.Id, BackupTrigger.Manual, "test");
        await UpdateAsync(app, first.Id, r => r.ArchivePath = outsider);

        await backups.BackUpHospitalAsync(hospital.Id, BackupTrigger.Manual, "test");

        Assert.Equal(BackupStatus.Pruned, (await backups.ListAsync(hospital.Id)).Single(r => r.Id == first.Id).Status);
        Assert.True(File.Exists(outsider), "retention deleted the hospital's live database");
        Assert.True(File.Exists(first.ArchivePath), "a file no run claims any more was deleted");
    }

    private static ClinicAppFactory NewApp(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Demo:Seed"] = "false", ["Backups:CopyDirectory"] = "offsite" };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return new ClinicAppFactory(all);
    }

    private static async Task<TenantInfo> NewHospitalAsync(ClinicAppFactory app, string slug) =>
        (await app.Services.GetRequiredService<HospitalProvisioning>()
            .AddAsync(slug, $"Hospital {slug}", $"admin@{slug}.vet", adminPassword: ClinicAppFactory.Password)).Tenant;

    private static async Task UpdateAsync(ClinicAppFactory app, Guid runId, Action<BackupRun> change)
    {
        await using var db = app.Services.GetRequiredService<TenantConnections>().CreateCatalog();
        change(await db.BackupRuns.SingleAsync(r => r.Id == runId));
        await db.SaveChangesAsync();
    }

    private static async Task<Guid> AddRunAsync(ClinicAppFactory app, TenantInfo hospital, BackupStatus status, DateTime startedAt)
    {
        await using var db = app.Services.GetRequiredService<TenantConnections>().CreateCatalog();
        var run = new BackupRun
        {
            HospitalId = hospital.Id,
            Scope = hospital.Slug,
            Trigger = BackupTrigger.Nightly,
            Status = status,
            RequestedBy = "nightly",
            StartedAt = startedAt,
            FinishedAt = startedAt,
            Error = status == BackupStatus.Failed ? "Backups.Error.Io: disk full" : null,
        };
        db.BackupRuns.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }
}
