using ClinicApp.Data.Catalog;
using ClinicApp.Infrastructure.Backups;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Backups;

/// <summary><c>backup extract</c>: how the catalog (restored by hand) or one old file comes out of an archive —
/// checked first, never over existing files, nothing left behind when refused.</summary>
public sealed class BackupExtractTests(BackupAppFixture fixture) : IClassFixture<BackupAppFixture>
{
    [Fact]
    public async Task The_catalog_s_archive_unpacks_into_a_new_folder_with_its_hospitals()
    {
        var slug = await fixture.NewHospitalAsync("extract");
        var run = await fixture.Backups.BackUpCatalogAsync(BackupTrigger.Command, "test");
        Assert.Equal(BackupStatus.Verified, run.Status);
        var folder = Path.Combine(fixture.App.DataDirectory, "extracted-" + Guid.NewGuid().ToString("N")[..6]);
        var output = new StringWriter();

        var exit = await BackupCommands.RunAsync(fixture.App.Services, ["backup", "extract", run.ArchivePath!, folder], output);

        Assert.Equal(0, exit);
        var database = Path.Combine(folder, "content", BackupManifest.DatabasePart);
        Assert.Contains(database, output.ToString(), StringComparison.Ordinal);
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM Hospitals WHERE Slug = $slug";
        command.Parameters.AddWithValue("$slug", slug);
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [Fact]
    public async Task A_folder_in_use_or_a_damaged_archive_is_refused_and_leaves_nothing()
    {
        var slug = await fixture.NewHospitalAsync("extract");
        var hospital = (await fixture.App.Services.GetRequiredService<ClinicApp.Tenancy.HospitalCatalog>().FindBySlugAsync(slug))!;
        var run = await fixture.Backups.BackUpHospitalAsync(hospital.Id, BackupTrigger.Command, "test");
        var used = Path.Combine(fixture.App.DataDirectory, "in-use-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(used);
        await File.WriteAllTextAsync(Path.Combine(used, "keep.txt"), "operator's notes");

        Assert.Equal(1, await BackupCommands.RunAsync(fixture.App.Services, ["backup", "extract", run.ArchivePath!, used], new StringWriter()));
        Assert.Equal([Path.Combine(used, "keep.txt")], Directory.GetFileSystemEntries(used));

        var damaged = run.ArchivePath! + ".damaged";
        var bytes = await File.ReadAllBytesAsync(run.ArchivePath!);
        bytes[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(damaged, bytes);
        var target = Path.Combine(fixture.App.DataDirectory, "never-" + Guid.NewGuid().ToString("N")[..6]);
        var output = new StringWriter();

        Assert.Equal(1, await BackupCommands.RunAsync(fixture.App.Services, ["backup", "extract", damaged, target], output));
        Assert.Contains(BackupArchiveException.Damaged, output.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(target), "a refused archive left a folder behind");
    }
}
