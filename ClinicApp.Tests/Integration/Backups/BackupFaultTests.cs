using System.Collections.Concurrent;
using System.Text;
using ClinicApp.Data.Catalog;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Notifications;
using ClinicApp.Infrastructure.Backups;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Backups;

/// <summary>Issue 13, faults and the tests the issue names: backups taken while the hospital writes, a round
/// trip that gives back exactly the data, encryption that hides it, a disk that fills up mid-backup.</summary>
public sealed class BackupFaultTests(BackupAppFixture fixture) : IClassFixture<BackupAppFixture>, IDisposable
{
    private readonly string _staging = Path.Combine(Path.GetTempPath(), "clinicapp-backup-staging", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_staging))
        {
            Directory.Delete(_staging, recursive: true);
        }
    }

    [Fact]
    public async Task A_backup_taken_while_ten_writers_insert_restores_whole_with_every_row_committed_before_it_started()
    {
        var slug = await fixture.NewHospitalAsync("busy");
        var hospital = await fixture.App.HospitalAsync(slug);
        var committed = new ConcurrentQueue<Guid>();
        using var stop = new CancellationTokenSource();
        var desks = new List<Desk>();
        for (var i = 0; i < 10; i++)
        {
            desks.Add(await Desk.AsAsync(fixture.App, slug));
        }

        var writers = desks.Select(desk => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Recorded only once the save returned: the row is committed.
                committed.Enqueue(await BackupData.TutorAsync(desk));

                // A desk's pace, not a tight loop: ten of those would starve the machine's two cores and the
                // tests running beside this one, without making the backup's snapshot any harder.
                await Task.Delay(10, CancellationToken.None);
            }
        })).ToList();
        try
        {
            while (committed.Count < 50)
            {
                await Task.Delay(20);
            }

            var before = committed.ToArray();
            var run = await fixture.Backups.BackUpHospitalAsync(hospital.Id, BackupTrigger.Manual, "test");
            var duringOrAfter = committed.Count;
            await stop.CancelAsync();
            await Task.WhenAll(writers);

            Assert.Equal(BackupStatus.Verified, run.Status);
            Assert.True(duringOrAfter > before.Length, "the writers kept writing while the backup ran");
            var restored = await fixture.App.Services.GetRequiredService<BackupReader>().ExtractAsync(run.ArchivePath!, _staging, CancellationToken.None);
            Assert.Equal("ok", BackupData.IntegrityCheck(restored.DatabaseFile));
            var inBackup = BackupData.TutorIds(restored.DatabaseFile);
            Assert.Subset(inBackup, before.ToHashSet());
            // And nothing the backup holds is made up: every row it has was committed by a writer.
            Assert.Subset(committed.ToHashSet(), inBackup);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(writers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));
            foreach (var desk in desks)
            {
                await desk.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_round_trip_gives_equal_row_counts_content_hashes_and_files()
    {
        var slug = await fixture.NewHospitalAsync("round");
        await using (var desk = await Desk.AsAsync(fixture.App, slug))
        {
            for (var i = 0; i < 5; i++)
            {
                await desk.NewPetAsync(await BackupData.TutorAsync(desk), $"Pet {i}");
            }
        }

        var files = fixture.Locations.FilesOf(slug);
        Directory.CreateDirectory(Path.Combine(files, "exams"));
        var exam = Encoding.UTF8.GetBytes("%PDF-1.4 hemograma");
        await File.WriteAllBytesAsync(Path.Combine(files, "exams", "result.pdf"), exam);
        var live = BackupData.TableHashes(BackupData.DatabaseFile(fixture.App, slug));

        var run = await fixture.Backups.BackUpHospitalAsync((await fixture.App.HospitalAsync(slug)).Id, BackupTrigger.Manual, "test");
        var restored = await fixture.App.Services.GetRequiredService<BackupReader>().ExtractAsync(run.ArchivePath!, _staging, CancellationToken.None);

        Assert.Equal(BackupStatus.Verified, run.Status);
        Assert.Equal(live, BackupData.TableHashes(BackupData.DatabaseFile(fixture.App, slug)));
        Assert.Contains(live, t => t.Key == "Tutors" && t.Value.Count >= 5);
        Assert.Equal(live, BackupData.TableHashes(restored.DatabaseFile));
        Assert.Equal(exam, await File.ReadAllBytesAsync(Path.Combine(restored.FilesDirectory, "exams", "result.pdf")));
        Assert.Equal(live.ToDictionary(t => t.Key, t => t.Value.Count), restored.Manifest.RowCounts);
    }

    [Fact]
    public async Task The_archive_bytes_hold_no_readable_tutor_name()
    {
        const string Name = "Quintanilha Zebedeu Arquimedes";
        var slug = await fixture.NewHospitalAsync("secret");
        await using (var desk = await Desk.AsAsync(fixture.App, slug))
        {
            await BackupData.TutorAsync(desk, Name);
        }

        var files = fixture.Locations.FilesOf(slug);
        Directory.CreateDirectory(files);
        await File.WriteAllTextAsync(Path.Combine(files, "note.txt"), $"Laudo de {Name}");

        var run = await fixture.Backups.BackUpHospitalAsync((await fixture.App.HospitalAsync(slug)).Id, BackupTrigger.Manual, "test");
        var bytes = await File.ReadAllBytesAsync(run.ArchivePath!);

        // The archive has none of it, in any case or encoding, nor the zip's or the database's own markers…
        foreach (var needle in new[] { "Quintanilha", "quintanilha", "QUINTANILHA", "Zebedeu", "manifest.json", "data.db", "SQLite format" })
        {
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(needle)), $"'{needle}' is readable in the archive");
            Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(needle)), $"'{needle}' (UTF-16) is readable in the archive");
        }

        // …while the database and the file it holds have the name in the clear (else the test proved nothing).
        var restored = await fixture.App.Services.GetRequiredService<BackupReader>().ExtractAsync(run.ArchivePath!, _staging, CancellationToken.None);
        Assert.True(Contains(await File.ReadAllBytesAsync(restored.DatabaseFile), Encoding.UTF8.GetBytes(Name)));
        Assert.True(Contains(await File.ReadAllBytesAsync(Path.Combine(restored.FilesDirectory, "note.txt")), Encoding.UTF8.GetBytes(Name)));
    }

    [Fact]
    public async Task A_disk_that_fills_up_mid_backup_fails_the_run_leaves_no_file_and_no_change_and_tells_the_admins()
    {
        await using var app = new FullDiskApp();
        _ = app.BaseUrl;
        var slug = await BackupData.NewHospitalAsync(app, "full");
        Guid receptionist;
        await using (var desk = await Desk.AsAsync(app, slug))
        {
            for (var i = 0; i < 20; i++)
            {
                await BackupData.TutorAsync(desk);
            }

            receptionist = await desk.NewUserAsync(Roles.Receptionist);
            await desk.NewUserAsync(Roles.Admin);
        }

        var admins = await BackupData.AdminsAsync(app, slug);
        Assert.Equal(2, admins.Count);
        var live = BackupData.TableHashes(BackupData.DatabaseFile(app, slug));
        var backups = app.Services.GetRequiredService<BackupService>();

        var run = await backups.BackUpHospitalAsync((await app.HospitalAsync(slug)).Id, BackupTrigger.Manual, "test");

        Assert.True(FullDiskFiles.Refused > 0, "the archive reached the full disk");
        Assert.Equal(BackupStatus.Failed, run.Status);
        Assert.StartsWith($"{BackupService.DiskError}: No space left on device", run.Error, StringComparison.Ordinal);
        Assert.Null(run.ArchivePath);
        var stored = Assert.Single(await BackupData.RunsAsync(app, slug));
        Assert.Equal((BackupStatus.Failed, run.Error), (stored.Status, stored.Error));
        Assert.Empty(BackupData.FilesUnder(app.Services.GetRequiredService<BackupLocations>().For(slug)));
        // Untouched but for the notices the failure itself sent (below).
        var after = BackupData.TableHashes(BackupData.DatabaseFile(app, slug));
        Assert.Equal(live.Where(t => t.Key != "Notifications"), after.Where(t => t.Key != "Notifications"));

        await using var scope = app.Services.GetRequiredService<TenantScopes>().Create(await app.HospitalAsync(slug), "test");
        await using var db = await scope.ServiceProvider.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var told = await db.Notifications.AsNoTracking().Where(n => n.MessageKey == BackupFailedNotifier.MessageKey).ToListAsync();
        Assert.Equal(admins.Order(), told.Select(n => n.UserId).Order());
        Assert.All(told, n => Assert.Equal("admin/backups", n.Link));
        Assert.DoesNotContain(told, n => n.UserId == receptionist);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>The app with a disk that is full after a few kilobytes of archive.</summary>
    private sealed class FullDiskApp() : ClinicAppFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "false" })
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IArchiveFiles>(new FullDiskFiles(16 * 1024)));
        }
    }

    /// <summary>Creates the real file, whose stream then refuses to grow past <paramref name="limit"/> bytes
    /// as a full disk does.</summary>
    private sealed class FullDiskFiles(long limit) : IArchiveFiles
    {
        public static int Refused;

        public Stream Create(string path) => new FullDiskStream(new ArchiveFiles().Create(path), limit);

        private sealed class FullDiskStream(Stream inner, long limit) : Stream
        {
            private long _written;

            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => _written;

            public override long Position { get => _written; set => throw new NotSupportedException(); }

            public override void Write(byte[] buffer, int offset, int count)
            {
                Check(count);
                inner.Write(buffer, offset, count);
            }

            public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                Check(buffer.Length);
                await inner.WriteAsync(buffer, cancellationToken);
            }

            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override void Flush() => inner.Flush();

            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }

            public override async ValueTask DisposeAsync()
            {
                await inner.DisposeAsync();
                await base.DisposeAsync();
            }

            private void Check(int count)
            {
                if (_written + count > limit)
                {
                    Interlocked.Increment(ref Refused);
                    throw new IOException("No space left on device");
                }

                _written += count;
            }
        }
    }
}
