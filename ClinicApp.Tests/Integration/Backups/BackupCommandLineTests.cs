using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ClinicApp.Infrastructure.Backups;
using Microsoft.Data.Sqlite;

namespace ClinicApp.Tests.Integration.Backups;

/// <summary>Issue 13 #4 and its faults: the operator's <c>backup</c> verbs run as the real app
/// (`dotnet ClinicApp.dll backup …`, Production) against SQLite files in a temp folder, and a backup
/// process killed mid-way.</summary>
public sealed class BackupCommandLineTests : IDisposable
{
    // Production requires both keys (issue 11 #4, issue 13).
    private static readonly string KeyEncryptionKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());
    private static readonly string BackupKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 5)).ToArray());

    private readonly string _data = Path.Combine(Path.GetTempPath(), "clinicapp-backup-cli", Guid.NewGuid().ToString("N"));

    private string Backups(string scope) => Path.Combine(_data, "backups", scope);

    [Fact]
    public async Task Backup_list_and_verify_print_the_archive_and_exit_zero_and_bad_input_exits_non_zero()
    {
        await HospitalAsync("sol");
        await HospitalAsync("lua");

        var backup = await RunAsync(["backup", "sol"]);
        Assert.Equal(0, backup.ExitCode);
        var archive = Assert.Single(Directory.GetFiles(Backups("sol"), "*" + BackupWriter.Extension));
        Assert.Contains(archive, backup.Output, StringComparison.Ordinal);
        Assert.Empty(BackupData.FilesUnder(Backups("lua")));

        var list = await RunAsync(["backup", "list", "sol"]);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains($"Verified  ", list.Output, StringComparison.Ordinal);
        Assert.Contains(archive, list.Output, StringComparison.Ordinal);

        var verify = await RunAsync(["backup", "verify", archive]);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains($"OK {archive}", verify.Output, StringComparison.Ordinal);
        Assert.Contains("hospital sol (Hospital sol)", verify.Output, StringComparison.Ordinal);

        var all = await RunAsync(["backup", "--all"]);
        Assert.Equal(0, all.ExitCode);
        // Retention keeps the day's newest good backup: sol's second archive of the day replaced the first.
        var sol = Assert.Single(Directory.GetFiles(Backups("sol"), "*" + BackupWriter.Extension));
        Assert.NotEqual(archive, sol);
        Assert.Contains(sol, all.Output, StringComparison.Ordinal);
        Assert.Contains(Assert.Single(Directory.GetFiles(Backups("lua"), "*" + BackupWriter.Extension)), all.Output, StringComparison.Ordinal);
        Assert.Contains(Assert.Single(Directory.GetFiles(Backups(BackupLocations.CatalogScope), "*" + BackupWriter.Extension)), all.Output, StringComparison.Ordinal);

        var unknown = await RunAsync(["backup", "nobody"]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("No hospital 'nobody'", unknown.Output, StringComparison.Ordinal);
        Assert.Equal(2, (await RunAsync(["backup"])).ExitCode);
        Assert.Equal(2, (await RunAsync(["backup", "verify"])).ExitCode);
    }

    [Fact]
    public async Task A_corrupted_archive_or_another_key_is_refused_by_verify_with_a_clear_error_and_nothing_changes()
    {
        await HospitalAsync("sol");
        Assert.Equal(0, (await RunAsync(["backup", "sol"])).ExitCode);
        var good = Assert.Single(Directory.GetFiles(Backups("sol"), "*" + BackupWriter.Extension));
        var bytes = await File.ReadAllBytesAsync(good);
        bytes[bytes.Length / 2] ^= 0x01;
        var damaged = Path.Combine(_data, "damaged" + BackupWriter.Extension);
        await File.WriteAllBytesAsync(damaged, bytes);
        var before = SHA256.HashData(bytes);

        var corrupt = await RunAsync(["backup", "verify", damaged]);
        var otherKey = await RunAsync(["backup", "verify", good], backupKey: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        Assert.Equal(1, corrupt.ExitCode);
        Assert.Contains("error: ", corrupt.Output, StringComparison.Ordinal);
        Assert.Contains(BackupArchiveException.Damaged, corrupt.Output, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(damaged)));
        Assert.Equal(1, otherKey.ExitCode);
        Assert.Contains("encrypted with another backup key", otherKey.Output, StringComparison.Ordinal);
        // No staging folder left behind, and the good archive is still good.
        Assert.Empty(Directory.GetDirectories(_data, BackupWriter.StagingPrefix + "*", SearchOption.AllDirectories));
        Assert.Equal(0, (await RunAsync(["backup", "verify", good])).ExitCode);
    }

    [Fact]
    public async Task A_backup_killed_mid_way_leaves_nothing_that_looks_good_and_the_next_start_cleans_up_and_records_it_failed()
    {
        await HospitalAsync("lenta");
        FillHospital("lenta");

        using (var backup = Process.Start(StartInfo(["backup", "lenta"]))!)
        {
            backup.BeginOutputReadLine();
            backup.BeginErrorReadLine();
            var partial = await FirstAsync(() => Directory.Exists(Backups("lenta"))
                ? Directory.GetFiles(Backups("lenta"), "*" + BackupWriter.PartialSuffix).FirstOrDefault()
                : null);
            Assert.NotNull(partial);
            Assert.False(backup.HasExited, "the backup ended before it could be killed");
            backup.Kill(entireProcessTree: true); // SIGKILL: no catch, no finally, no clean-up
            await backup.WaitForExitAsync();
        }

        Assert.NotEmpty(Directory.GetFiles(Backups("lenta"), ".*" + BackupWriter.PartialSuffix));
        Assert.Empty(Directory.GetFiles(Backups("lenta"), "*" + BackupWriter.Extension));
        Assert.Equal(("Running", null), Run());

        // What the kill left is older than the start-up's quiet period (a fresh leftover may be another
        // process's backup in progress, and is left alone): the crash was "a while ago".
        var longAgo = DateTime.UtcNow.AddMinutes(-5);
        foreach (var entry in BackupData.FilesUnder(Backups("lenta")))
        {
            File.SetLastWriteTimeUtc(entry, longAgo);
        }

        foreach (var folder in Directory.GetDirectories(Backups("lenta"), "*", SearchOption.AllDirectories))
        {
            Directory.SetLastWriteTimeUtc(folder, longAgo);
        }

        Sql(Path.Combine(_data, "catalog.db"), "UPDATE BackupRuns SET StartedAt = strftime('%Y-%m-%d %H:%M:%f', StartedAt, '-5 minutes')");

        await StartAndStopAsync();

        Assert.Empty(BackupData.FilesUnder(Backups("lenta")));
        Assert.Equal(("Failed", "Backups.Error.Interrupted"), Run());
    }

    /// <summary>A few thousand tutors and 128 MB of (incompressible) exam files: a backup that takes long enough to be killed.</summary>
    private void FillHospital(string slug)
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_data, $"{slug}.db"), Pooling = false }.ToString()))
        {
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO Tutors (Id, Name, WhatsAppOptIn, SearchText, IsDeleted, CreatedAt, UpdatedAt, Version)
                VALUES ($id, $name, 0, lower($name), 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00', $version)
                """;
            var id = command.Parameters.Add("$id", SqliteType.Text);
            var name = command.Parameters.Add("$name", SqliteType.Text);
            var version = command.Parameters.Add("$version", SqliteType.Text);
            for (var i = 0; i < 3000; i++)
            {
                id.Value = Guid.NewGuid().ToString().ToUpperInvariant();
                name.Value = $"Tutor {i:D5}";
                version.Value = Guid.NewGuid().ToString().ToUpperInvariant();
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        var exams = Path.Combine(_data, "files", slug, "exams");
        Directory.CreateDirectory(exams);
        for (var i = 0; i < 8; i++)
        {
            File.WriteAllBytes(Path.Combine(exams, $"exam-{i}.pdf"), RandomNumberGenerator.GetBytes(16 * 1024 * 1024));
        }
    }

    /// <summary>The status and error of the only backup run in the catalog.</summary>
    private (string Status, string? Error) Run()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_data, "catalog.db"), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Status, Error FROM BackupRuns";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        var run = (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
        Assert.False(reader.Read());
        return run;
    }

    private static void Sql(string file, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task<string?> FirstAsync(Func<string?> probe)
    {
        for (var i = 0; i < 6000; i++)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(10);
        }

        return null;
    }

    /// <summary>Starts the app (Production) and stops it once it is ready: its start-up has run.</summary>
    private async Task StartAndStopAsync()
    {
        var port = FreePort();
        using var server = Process.Start(StartInfo([$"--urls=http://127.0.0.1:{port}"]))!;
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        HttpStatusCode? ready = null;
        try
        {
            // Up to a minute: a loaded 2-core machine may take a while to start a second .NET process.
            for (var i = 0; i < 300 && ready != HttpStatusCode.OK; i++)
            {
                await Task.Delay(200);
                try
                {
                    ready = (await http.GetAsync("health/ready")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
            }

            Assert.Equal(HttpStatusCode.OK, ready);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private async Task HospitalAsync(string slug)
    {
        if (!File.Exists(Path.Combine(_data, "catalog.db")))
        {
            Assert.Equal(0, (await RunAsync(["migrate"])).ExitCode);
        }

        Assert.Equal(0, (await RunAsync(["tenant", "add", slug, $"Hospital {slug}", "--admin-email", $"a@{slug}.vet"])).ExitCode);
    }

    private ProcessStartInfo StartInfo(string[] args, string? backupKey = null)
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
        info.Environment["Backups__Key"] = backupKey ?? BackupKey;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        return info;
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string[] args, string? backupKey = null)
    {
        using var process = Process.Start(StartInfo(args, backupKey))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // nothing was created
        }
    }
}
