using ClinicApp.Data.Catalog;
using ClinicApp.Infrastructure.Backups;
using ClinicApp.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Backups;

/// <summary>Issue 13: what a start does after a killed backup, and what it must leave alone: a backup the
/// operator's command line (another process) is writing right now.</summary>
public sealed class BackupStartupTests(BackupAppFixture fixture) : IClassFixture<BackupAppFixture>
{
    [Fact]
    public void Development_generates_the_backup_key_at_start_not_at_the_first_backup()
    {
        // No test of this class takes a backup: the start itself resolved (and so made) the key, and logged it.
        Assert.True(File.Exists(Path.Combine(fixture.App.DataDirectory, BackupKey.DevelopmentFileName)));
    }

    [Fact]
    public async Task Abandoned_leftovers_and_runs_are_cleaned_up_but_a_backup_in_progress_elsewhere_is_left_alone()
    {
        var slug = await fixture.NewHospitalAsync("crash");
        var hospital = await fixture.App.HospitalAsync(slug);
        var folder = fixture.Locations.For(slug);
        var copies = fixture.Locations.CopyFor(slug)!;
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(copies);
        var longAgo = DateTime.UtcNow.AddMinutes(-10);
        var oldPartial = Touch(Path.Combine(folder, $".{slug}-old{BackupWriter.Extension}{BackupWriter.PartialSuffix}"), longAgo);
        var oldCopy = Touch(Path.Combine(copies, $".{slug}-old{BackupWriter.Extension}{BackupWriter.PartialSuffix}"), longAgo);
        var oldStaging = Path.Combine(folder, $"{BackupWriter.StagingPrefix}old");
        Directory.CreateDirectory(oldStaging);
        Touch(Path.Combine(oldStaging, "data.db"), longAgo);
        Directory.SetLastWriteTimeUtc(oldStaging, longAgo);
        var freshPartial = Touch(Path.Combine(folder, $".{slug}-new{BackupWriter.Extension}{BackupWriter.PartialSuffix}"), DateTime.UtcNow);
        var freshStaging = Path.Combine(folder, $"{BackupWriter.StagingPrefix}new");
        Directory.CreateDirectory(freshStaging);
        var good = Touch(Path.Combine(folder, $"{slug}-good{BackupWriter.Extension}"), longAgo);
        Guid abandoned, inProgress;
        await using (var db = fixture.App.Services.GetRequiredService<TenantConnections>().CreateCatalog())
        {
            var old = new BackupRun { HospitalId = hospital.Id, Scope = slug, Trigger = BackupTrigger.Command, RequestedBy = "test", StartedAt = longAgo };
            var running = new BackupRun { HospitalId = hospital.Id, Scope = slug, Trigger = BackupTrigger.Command, RequestedBy = "test", StartedAt = DateTime.UtcNow };
            db.BackupRuns.AddRange(old, running);
            await db.SaveChangesAsync();
            (abandoned, inProgress) = (old.Id, running.Id);
        }

        await fixture.App.Services.GetRequiredService<BackupStartup>().StartAsync(CancellationToken.None);

        Assert.False(File.Exists(oldPartial));
        Assert.False(File.Exists(oldCopy));
        Assert.False(Directory.Exists(oldStaging));
        Assert.True(File.Exists(freshPartial));
        Assert.True(Directory.Exists(freshStaging));
        Assert.True(File.Exists(good));
        await using (var db = fixture.App.Services.GetRequiredService<TenantConnections>().CreateCatalog())
        {
            var runs = await db.BackupRuns.AsNoTracking().Where(r => r.HospitalId == hospital.Id).ToDictionaryAsync(r => r.Id);
            Assert.Equal((BackupStatus.Failed, "Backups.Error.Interrupted"), (runs[abandoned].Status, runs[abandoned].Error));
            Assert.NotNull(runs[abandoned].FinishedAt);
            Assert.Equal((BackupStatus.Running, null), (runs[inProgress].Status, runs[inProgress].Error));
        }
    }

    private static string Touch(string path, DateTime at)
    {
        File.WriteAllText(path, "x");
        File.SetLastWriteTimeUtc(path, at);
        return path;
    }
}
