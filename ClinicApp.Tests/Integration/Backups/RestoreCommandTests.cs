using System.Diagnostics;
using System.Globalization;
using ClinicApp.Infrastructure.Backups;
using Microsoft.Data.Sqlite;

namespace ClinicApp.Tests.Integration.Backups;

/// <summary>The operator's <c>restore</c> verb as a real Production process (`dotnet ClinicApp.dll restore …`):
/// it says what it restored and where the replaced data went, makes a new hospital with --as, and refuses a
/// damaged archive with a non-zero exit and the reason.</summary>
public sealed class RestoreCommandTests : IDisposable
{
    private static readonly byte[] KeyBytes = Enumerable.Range(0, 32).Select(i => (byte)(i * 5)).ToArray();
    private static readonly string KeyEncryptionKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());
    private readonly string _data = Path.Combine(Path.GetTempPath(), "clinicapp-cli-restore", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Restore_in_place_and_as_a_new_hospital_say_what_they_did_and_a_damaged_archive_is_refused()
    {
        Assert.Equal(0, (await RunAsync(["migrate"])).ExitCode);
        Assert.Equal(0, (await RunAsync(["tenant", "add", "sol", "Clínica do Sol", "--admin-email", "chefe@sol.vet"])).ExitCode);
        var archive = await BackUpAsync("sol");

        var inPlace = await RunAsync(["restore", "sol", archive]);

        Assert.Equal(0, inPlace.ExitCode);
        Assert.Contains($"Hospital 'sol' restored from {archive}", inPlace.Output, StringComparison.Ordinal);
        var safety = inPlace.Output.Split('\n').Single(l => l.StartsWith("Its data before the restore: ", StringComparison.Ordinal))["Its data before the restore: ".Length..].Trim();
        Assert.True(File.Exists(safety), safety);

        var asNew = await RunAsync(["restore", "sol", archive, "--as", "sol-antes"]);

        Assert.Equal(0, asNew.ExitCode);
        Assert.Contains("restored as the new hospital 'sol-antes'", asNew.Output, StringComparison.Ordinal);
        Assert.Contains("sol-antes", (await RunAsync(["tenant", "list"])).Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_data, "sol-antes.db")));

        var bytes = await File.ReadAllBytesAsync(archive);
        bytes[bytes.Length / 2] ^= 0x01;
        var damaged = Path.Combine(_data, "damaged" + BackupWriter.Extension);
        await File.WriteAllBytesAsync(damaged, bytes);
        var refused = await RunAsync(["restore", "sol", damaged]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"error: {BackupArchiveException.Damaged}:", refused.Output, StringComparison.Ordinal);
        Assert.Equal(2, (await RunAsync(["restore", "sol"])).ExitCode);
    }

    /// <summary>The archive the backup verb would write (that verb is not this test's subject): the hospital's
    /// database under the key the process is given.</summary>
    private async Task<string> BackUpAsync(string slug)
    {
        string id, name;
        using (var catalog = new SqliteConnection($"Data Source={Path.Combine(_data, "catalog.db")};Mode=ReadOnly;Pooling=False"))
        {
            catalog.Open();
            using var command = catalog.CreateCommand();
            command.CommandText = "SELECT Id, Name FROM Hospitals WHERE Slug = $slug";
            command.Parameters.AddWithValue("$slug", slug);
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            id = reader.GetString(0);
            name = reader.GetString(1);
        }

        var writer = new BackupWriter(BackupKey.Of(KeyBytes), new ArchiveFiles(), TimeProvider.System);
        var written = await writer.WriteAsync(
            new BackupSource("hospital", slug, Guid.Parse(id, CultureInfo.InvariantCulture), name, "pt-BR", "America/Sao_Paulo",
                Path.Combine(_data, $"{slug}.db"), Path.Combine(_data, "files", slug)),
            Path.Combine(_data, "archives"), null, CancellationToken.None);
        return written.ArchivePath;
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ClinicApp.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Database__DataDirectory"] = _data;
        info.Environment["DataProtection__KeyEncryptionKey"] = KeyEncryptionKey;
        info.Environment["Backups__Key"] = Convert.ToBase64String(KeyBytes);
        info.Environment["Backups__MaintenanceGraceSeconds"] = "0";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
