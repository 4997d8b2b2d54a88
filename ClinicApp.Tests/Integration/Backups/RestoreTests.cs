using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using ClinicApp.Data.Catalog;
using ClinicApp.Data.Common;
using ClinicApp.Infrastructure.Backups;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using static ClinicApp.Tests.Support.Desk;

namespace ClinicApp.Tests.Integration.Backups;

/// <summary>Restoring one hospital: it comes back exactly as archived (every table, every file); a damaged
/// archive, another key or another hospital's archive is refused and changes nothing; a failure after
/// maintenance began is undone; writers during the restore are refused, never half-applied, never kept
/// after the swap; other hospitals keep working; --as makes a new hospital and leaves the live one alone.</summary>
[Collection(RestoreCollection.Name)]
public sealed class RestoreTests(RestoreAppFixture fixture) : IDisposable
{
    private readonly RestoreAppFactory _app = fixture.App;
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "clinicapp-restore-" + Guid.NewGuid().ToString("N"));

    private BackupService Backups => _app.Services.GetRequiredService<BackupService>();

    private RestoreService Restore => _app.Services.GetRequiredService<RestoreService>();

    public void Dispose()
    {
        _app.Steps.At = null;
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_temp))
        {
            Directory.Delete(_temp, recursive: true);
        }
    }

    [Fact]
    public async Task A_restore_gives_back_every_table_and_file_of_the_archive_and_keeps_the_replaced_data_in_a_safety_backup()
    {
        var aurora = await _app.HospitalAsync("aurora");
        await using var desk = await AsAsync(_app, "aurora");
        var kept = await desk.NewTutorAsync();
        WriteFile("aurora", "exams/round-trip/laudo.pdf", "%PDF antes");
        var archive = await BackUpAsync(aurora);
        var archived = await DataSnapshot.OfArchiveAsync(_app.Services, archive);

        var lost = await desk.NewTutorAsync();
        WriteFile("aurora", "exams/round-trip/laudo.pdf", "%PDF depois");
        WriteFile("aurora", "exams/round-trip/novo.pdf", "%PDF novo");
        Assert.NotEqual(archived.Tables, Live("aurora").Tables);

        var restored = await Restore.RestoreAsync("aurora", archive);

        var live = Live("aurora");
        Assert.Equal(archived.Tables, live.Tables);
        Assert.Equal(archived.Files, live.Files);
        Assert.Equal(DataSnapshot.Hash("%PDF antes"), live.Files["exams/round-trip/laudo.pdf"]);
        Assert.NotNull(await desk.Tutors.GetAsync(kept));
        Assert.Null(await desk.Tutors.GetAsync(lost));
        Assert.False((await _app.HospitalAsync("aurora")).InMaintenance);
        Assert.False(restored.NewHospital);
        Assert.Empty(Directory.GetDirectories(_app.DataDirectory, RestoreService.StagingPrefix + "*"));

        // What the restore replaced is kept, verified, as a "before restore" run.
        var safety = Assert.Single(await Backups.ListAsync(aurora.Id), r => r.ArchivePath == restored.SafetyBackupPath);
        Assert.Equal(BackupTrigger.BeforeRestore, safety.Trigger);
        Assert.Equal(BackupStatus.Verified, safety.Status);
        var replaced = await DataSnapshot.OfArchiveAsync(_app.Services, restored.SafetyBackupPath!);
        Assert.Equal(DataSnapshot.Hash("%PDF depois"), replaced.Files["exams/round-trip/laudo.pdf"]);
        Assert.Contains("exams/round-trip/novo.pdf", replaced.Files.Keys);
    }

    [Theory]
    [InlineData(RestoreStep.MaintenanceBegan)]
    [InlineData(RestoreStep.FilesSwapped)]
    public async Task A_failure_after_maintenance_began_leaves_every_table_and_file_as_it_was_and_the_hospital_open(RestoreStep step)
    {
        var aurora = await _app.HospitalAsync("aurora");
        await using var desk = await AsAsync(_app, "aurora");
        WriteFile("aurora", "exams/failure/laudo.pdf", "%PDF arquivado");
        var archive = await BackUpAsync(aurora);
        await desk.NewTutorAsync();
        WriteFile("aurora", "exams/failure/laudo.pdf", "%PDF atual");
        WriteFile("aurora", "exams/failure/outro.pdf", "%PDF outro");
        var before = Live("aurora");
        var sawMaintenance = false;
        _app.Steps.At = async (reached, _) =>
        {
            sawMaintenance |= (await _app.HospitalAsync("aurora")).InMaintenance;
            if (reached == step)
            {
                throw new IOException("the disk went away");
            }
        };

        await Assert.ThrowsAnyAsync<Exception>(() => Restore.RestoreAsync("aurora", archive));

        Assert.True(sawMaintenance);
        var after = Live("aurora");
        Assert.Equal(before.Tables, after.Tables);
        Assert.Equal(before.Files, after.Files);
        Assert.False((await _app.HospitalAsync("aurora")).InMaintenance);
        Assert.Empty(Directory.GetDirectories(_app.DataDirectory, RestoreService.StagingPrefix + "*"));
        Assert.NotNull(await desk.Tutors.GetAsync(await desk.NewTutorAsync()));
    }

    [Fact]
    public async Task A_failure_while_swapping_is_reported_as_undone()
    {
        var aurora = await _app.HospitalAsync("aurora");
        var archive = await BackUpAsync(aurora);
        _app.Steps.At = (reached, _) => reached == RestoreStep.FilesSwapped ? throw new IOException("the disk went away") : Task.CompletedTask;

        var e = await Assert.ThrowsAsync<RestoreException>(() => Restore.RestoreAsync("aurora", archive));

        Assert.Equal(RestoreException.SwapFailed, e.Message);
        Assert.Contains("the disk went away", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_archive_with_one_byte_flipped_is_refused_and_nothing_changes()
    {
        var aurora = await _app.HospitalAsync("aurora");
        var archive = await BackUpAsync(aurora);
        var bytes = await File.ReadAllBytesAsync(archive);
        bytes[bytes.Length / 2] ^= 0x01;
        Directory.CreateDirectory(_temp);
        var damaged = Path.Combine(_temp, "damaged" + BackupWriter.Extension);
        await File.WriteAllBytesAsync(damaged, bytes);
        var before = Live("aurora");
        var runs = (await Backups.ListAsync(aurora.Id)).Count;

        var e = await Assert.ThrowsAsync<BackupArchiveException>(() => Restore.RestoreAsync("aurora", damaged));

        Assert.Equal(BackupArchiveException.Damaged, e.Message);
        Assert.Equal(before.Tables, Live("aurora").Tables);
        Assert.Equal(before.Files, Live("aurora").Files);
        Assert.Equal(runs, (await Backups.ListAsync(aurora.Id)).Count);
        Assert.False((await _app.HospitalAsync("aurora")).InMaintenance);
        Assert.Empty(Directory.GetDirectories(_app.DataDirectory, RestoreService.StagingPrefix + "*"));
    }

    [Fact]
    public async Task An_archive_made_under_another_key_is_refused_as_such_and_nothing_changes()
    {
        var aurora = await _app.HospitalAsync("aurora");
        var writer = new BackupWriter(BackupKey.Of(RandomNumberGenerator.GetBytes(32)), new ArchiveFiles(), TimeProvider.System);
        var written = await writer.WriteAsync(
            new BackupSource("hospital", "aurora", aurora.Id, aurora.Name, aurora.Culture, aurora.TimeZoneId, _app.DatabaseOf("aurora"), _app.FilesOf("aurora")),
            _temp, null, CancellationToken.None);
        var before = Live("aurora");

        var e = await Assert.ThrowsAsync<BackupArchiveException>(() => Restore.RestoreAsync("aurora", written.ArchivePath));

        Assert.Equal(BackupArchiveException.WrongKey, e.Message);
        Assert.Equal(before.Tables, Live("aurora").Tables);
        Assert.False((await _app.HospitalAsync("aurora")).InMaintenance);
    }

    [Fact]
    public async Task Another_hospitals_archive_is_refused_without_a_new_id_and_neither_hospital_changes()
    {
        var boavista = await _app.HospitalAsync("boavista");
        var archive = await BackUpAsync(boavista);
        var aurora = Live("aurora");
        var other = Live("boavista");

        var e = await Assert.ThrowsAsync<RestoreException>(() => Restore.RestoreAsync("aurora", archive));

        Assert.Equal(RestoreException.OtherHospital, e.Message);
        Assert.Contains("--as", e.Detail, StringComparison.Ordinal);
        Assert.Equal(aurora.Tables, Live("aurora").Tables);
        Assert.Equal(other.Tables, Live("boavista").Tables);
        Assert.False((await _app.HospitalAsync("aurora")).InMaintenance);
    }

    [Fact]
    public async Task With_a_new_id_the_archive_becomes_a_new_reachable_hospital_and_the_live_one_is_untouched()
    {
        var aurora = await _app.HospitalAsync("aurora");
        await using var desk = await AsAsync(_app, "aurora");
        var old = await desk.NewTutorAsync();
        WriteFile("aurora", "exams/as/laudo.pdf", "%PDF antigo");
        var archive = await BackUpAsync(aurora);
        var archived = await DataSnapshot.OfArchiveAsync(_app.Services, archive);
        var recent = await desk.NewTutorAsync();
        var live = Live("aurora");
        var newId = "aurora-" + Guid.NewGuid().ToString("N")[..8];

        var restored = await Restore.RestoreAsync("aurora", archive, newId);

        var copy = await _app.HospitalAsync(newId);
        Assert.True(restored.NewHospital);
        Assert.NotEqual(aurora.Id, copy.Id);
        Assert.True(copy.IsActive);
        Assert.False(copy.InMaintenance);
        Assert.StartsWith($"{aurora.Name} (restored ", copy.Name, StringComparison.Ordinal);
        Assert.Equal(aurora.Culture, copy.Culture);
        Assert.Equal(aurora.TimeZoneId, copy.TimeZoneId);
        var restoredData = DataSnapshot.Of(_app.DatabaseOf(newId), _app.FilesOf(newId));
        Assert.Equal(archived.Tables, restoredData.Tables);
        Assert.Equal(archived.Files, restoredData.Files);
        Assert.Equal(live.Tables, Live("aurora").Tables);
        Assert.Equal(live.Files, Live("aurora").Files);
        Assert.False((await _app.HospitalAsync("aurora")).InMaintenance);

        await using (var inCopy = await AsAsync(_app, newId))
        {
            Assert.NotNull(await inCopy.Tutors.GetAsync(old));
            Assert.Null(await inCopy.Tutors.GetAsync(recent));
        }

        Assert.NotNull(await desk.Tutors.GetAsync(recent));
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{_app.BaseUrl}/{newId}/account/login")).StatusCode);
    }

    [Fact]
    public async Task On_a_machine_whose_catalog_lacks_the_hospital_it_comes_back_under_its_own_id_and_address()
    {
        var aurora = await _app.HospitalAsync("aurora");
        var slug = "perdido-" + Guid.NewGuid().ToString("N")[..8];
        await Restore.RestoreAsync("aurora", await BackUpAsync(aurora), slug);
        var lost = await _app.HospitalAsync(slug);
        var archive = await BackUpAsync(lost);
        var archived = await DataSnapshot.OfArchiveAsync(_app.Services, archive);
        await using (var catalog = _app.Services.GetRequiredService<TenantConnections>().CreateCatalog())
        {
            catalog.Hospitals.Remove(catalog.Hospitals.Single(h => h.Slug == slug));
            await catalog.SaveChangesAsync();
        }

        _app.Services.GetRequiredService<HospitalCatalog>().Invalidate();
        SqliteConnection.ClearAllPools();
        File.Delete(_app.DatabaseOf(slug));
        Directory.Delete(_app.FilesOf(slug), recursive: true);

        // Another hospital's archive cannot take the free address without --as.
        var auroraArchive = await BackUpAsync(aurora);
        var refused = await Assert.ThrowsAsync<RestoreException>(() => Restore.RestoreAsync(slug, auroraArchive));
        Assert.Equal(RestoreException.OtherHospital, refused.Message);

        var restored = await Restore.RestoreAsync(slug, archive);

        Assert.True(restored.NewHospital);
        var back = await _app.HospitalAsync(slug);
        Assert.Equal(lost.Id, back.Id);
        Assert.Equal(lost.Name, back.Name);
        Assert.Equal(archived.Tables, Live(slug).Tables);
        Assert.Equal(archived.Files, Live(slug).Files);
    }

    [Fact]
    public async Task An_archive_of_an_older_schema_is_migrated_before_it_is_swapped_in()
    {
        var aurora = await _app.HospitalAsync("aurora");
        Directory.CreateDirectory(_temp);
        var old = Path.Combine(_temp, "old.db");
        using (var live = new SqliteConnection($"Data Source={_app.DatabaseOf("aurora")};Mode=ReadOnly;Pooling=False"))
        using (var copy = new SqliteConnection($"Data Source={old};Pooling=False"))
        {
            live.Open();
            copy.Open();
            live.BackupDatabase(copy);
        }

        var connections = _app.Services.GetRequiredService<TenantConnections>();
        string latest;
        await using (var db = connections.CreateHospital($"Data Source={old};Pooling=False", new SystemActor("test"), TimeProvider.System))
        {
            var migrations = db.Database.GetMigrations().ToList();
            latest = migrations[^1];
            await db.GetService<IMigrator>().MigrateAsync(migrations[^2]);
            Assert.DoesNotContain(latest, await db.Database.GetAppliedMigrationsAsync());
        }

        var writer = new BackupWriter(_app.Services.GetRequiredService<BackupKey>(), new ArchiveFiles(), TimeProvider.System);
        var written = await writer.WriteAsync(
            new BackupSource("hospital", "aurora", aurora.Id, aurora.Name, aurora.Culture, aurora.TimeZoneId, old, null),
            Path.Combine(_temp, "archives"), null, CancellationToken.None);
        Assert.NotEqual(latest, written.Manifest.MigrationId);

        await Restore.RestoreAsync("aurora", written.ArchivePath);

        await using (var db = connections.CreateHospital($"Data Source={_app.DatabaseOf("aurora")};Mode=ReadWrite;Pooling=False", new SystemActor("test"), TimeProvider.System))
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(latest, (await db.Database.GetAppliedMigrationsAsync()).Last());
        }
    }

    [Theory]
    [InlineData("boavista")] // taken
    [InlineData("health")] // reserved
    [InlineData("Não Pode")] // against the rule
    public async Task A_new_id_that_is_taken_reserved_or_invalid_is_refused_before_anything_is_unpacked(string newId)
    {
        var archive = await BackUpAsync(await _app.HospitalAsync("aurora"));
        var hospitals = (await _app.Services.GetRequiredService<HospitalCatalog>().ListAsync()).Count;

        var e = await Assert.ThrowsAsync<RestoreException>(() => Restore.RestoreAsync("aurora", archive, newId));

        Assert.Equal(RestoreException.BadNewId, e.Message);
        Assert.Equal(hospitals, (await _app.Services.GetRequiredService<HospitalCatalog>().ListAsync()).Count);
        Assert.Empty(Directory.GetDirectories(_app.DataDirectory, RestoreService.StagingPrefix + "*"));
    }

    [Fact]
    public async Task A_second_restore_of_a_hospital_in_maintenance_is_refused()
    {
        var aurora = await _app.HospitalAsync("aurora");
        var archive = await BackUpAsync(aurora);
        RestoreException? second = null;
        _app.Steps.At = async (step, _) =>
        {
            if (step == RestoreStep.MaintenanceBegan)
            {
                second = await Assert.ThrowsAsync<RestoreException>(() => Restore.RestoreAsync("aurora", archive));
            }
        };

        await Restore.RestoreAsync("aurora", archive);

        Assert.Equal(RestoreException.AlreadyRestoring, second?.Message);
        Assert.False((await _app.HospitalAsync("aurora")).InMaintenance);
    }

    /// <summary>Nurses keep recording while the operator restores: each write is whole and either done before
    /// the maintenance or refused with WritesPaused; after the restore the database is the archive exactly (no
    /// write slipped in during or after the swap); the other hospital writes as usual throughout.</summary>
    [Fact]
    public async Task Writers_during_a_restore_are_refused_never_half_applied_and_the_result_is_exactly_the_archive()
    {
        var aurora = await _app.HospitalAsync("aurora");
        var nurses = new List<Desk>();
        for (var i = 0; i < 4; i++)
        {
            nurses.Add(await AsAsync(_app, "aurora"));
        }

        await using var other = await AsAsync(_app, "boavista");
        var archive = await BackUpAsync(aurora);
        var archived = await DataSnapshot.OfArchiveAsync(_app.Services, archive);
        using var stop = new CancellationTokenSource();
        var maintenanceBegan = 0;
        var accepted = new ConcurrentBag<(Guid Id, bool AfterMaintenanceBegan)>();
        var refused = new ConcurrentBag<string>();
        var writers = Task.WhenAll(nurses.Select(nurse => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                // A write that starts once the maintenance (and its grace) began must be refused.
                var startedInMaintenance = Volatile.Read(ref maintenanceBegan) == 1;
                try
                {
                    var id = await nurse.NewTutorAsync();
                    accepted.Add((id, startedInMaintenance));
                }
                catch (DomainRuleException e)
                {
                    refused.Add(e.Message);
                    await Task.Delay(5);
                }
            }
        })));
        while (accepted.Count < 8)
        {
            await Task.Delay(20);
        }

        Guid? otherWrite = null;
        DomainRuleException? auroraWrite = null;
        _app.Steps.At = async (step, _) =>
        {
            if (step == RestoreStep.MaintenanceBegan)
            {
                Volatile.Write(ref maintenanceBegan, 1);
                otherWrite = await other.NewTutorAsync();
                auroraWrite = await Assert.ThrowsAsync<DomainRuleException>(() => nurses[0].NewTutorAsync());
            }
            else if (step == RestoreStep.Restored)
            {
                // The writers ran through the whole swap; stopped while the hospital is still in maintenance.
                stop.Cancel();
                await writers;
            }
        };

        try
        {
            await Restore.RestoreAsync("aurora", archive);
        }
        finally
        {
            await stop.CancelAsync();
            await writers;
        }

        Assert.Equal(archived.Tables, Live("aurora").Tables);
        Assert.NotEmpty(refused);
        Assert.All(refused, key => Assert.Equal(MaintenanceGuard.WritesPausedKey, key));
        Assert.DoesNotContain(accepted, a => a.AfterMaintenanceBegan);
        Assert.Equal(MaintenanceGuard.WritesPausedKey, auroraWrite?.Message);
        Assert.NotNull(await other.Tutors.GetAsync(otherWrite!.Value));
        foreach (var nurse in nurses)
        {
            await nurse.DisposeAsync();
        }
    }

    private async Task<string> BackUpAsync(TenantInfo hospital)
    {
        var run = await Backups.BackUpHospitalAsync(hospital.Id, BackupTrigger.Manual, "test");
        Assert.Equal(BackupStatus.Verified, run.Status);
        return run.ArchivePath!;
    }

    private DataSnapshot Live(string slug) => DataSnapshot.Of(_app.DatabaseOf(slug), _app.FilesOf(slug));

    private void WriteFile(string slug, string relative, string content)
    {
        var path = Path.Combine(_app.FilesOf(slug), relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
