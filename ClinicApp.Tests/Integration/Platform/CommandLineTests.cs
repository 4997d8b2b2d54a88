using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ClinicApp.Tests.Integration.Platform;

/// <summary>The operator's verbs and the production start-up rules, run as a real process
/// (`dotnet ClinicApp.dll …`) against SQLite files in a temp folder.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "clinicapp-cli", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Production_refuses_to_start_with_pending_migrations_and_says_how_to_apply_them()
    {
        var run = await RunAsync([]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("pending migration", run.Output, StringComparison.Ordinal);
        Assert.Contains("migrate", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_refuses_to_start_without_a_key_encryption_key_in_one_line()
    {
        var run = await RunAsync([], withKeyEncryptionKey: false);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("DataProtection:KeyEncryptionKey", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_refuses_to_start_without_a_backup_key_in_one_line()
    {
        var run = await RunAsync([], withBackupKey: false);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("Backups:Key", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_written_stops_the_start_with_one_line_naming_it()
    {
        // Under a regular file no folder can be made, even by root (who ignores read-only modes).
        Directory.CreateDirectory(_data);
        var file = Path.Combine(_data, "not-a-folder");
        await File.WriteAllTextAsync(file, "");
        var data = Path.Combine(file, "data");

        var run = await RunAsync([], dataDirectory: data);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains(data, line, StringComparison.Ordinal);
        Assert.Contains("not writable", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tenant_add_creates_a_hospital_with_an_admin_and_a_one_time_password_then_list_and_suspend()
    {
        Assert.Equal(0, (await RunAsync(["migrate"])).ExitCode);

        var add = await RunAsync(["tenant", "add", "clinica-sol", "Clínica do Sol", "--admin-email", "chefe@sol.vet"]);
        Assert.Equal(0, add.ExitCode);
        Assert.Contains("Hospital 'clinica-sol' (Clínica do Sol) created.", add.Output, StringComparison.Ordinal);
        var password = add.Output.Split('\n').Single(l => l.StartsWith("One-time password: ", StringComparison.Ordinal))["One-time password: ".Length..].Split(' ')[0];
        Assert.True(password.Length >= 12);
        Assert.True(File.Exists(Path.Combine(_data, "clinica-sol.db")));

        var list = await RunAsync(["tenant", "list"]);
        Assert.Contains("clinica-sol", list.Output, StringComparison.Ordinal);
        Assert.Contains("Active", list.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync(["tenant", "suspend", "clinica-sol"])).ExitCode);
        Assert.Contains("Suspended", (await RunAsync(["tenant", "list"])).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_operator_input_is_refused_with_a_message_and_changes_nothing()
    {
        Assert.Equal(0, (await RunAsync(["migrate"])).ExitCode);

        var reserved = await RunAsync(["tenant", "add", "health", "Nope", "--admin-email", "a@b.c"]);
        var noEmail = await RunAsync(["tenant", "add", "valid-id", "Valid"]);
        var unknown = await RunAsync(["tenant", "suspend", "nobody"]);

        Assert.Equal(1, reserved.ExitCode);
        Assert.Contains("cannot be a hospital id", reserved.Output, StringComparison.Ordinal);
        Assert.Equal(1, noEmail.ExitCode);
        Assert.Contains("--admin-email is required", noEmail.Output, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.DoesNotContain("valid-id", (await RunAsync(["tenant", "list"])).Output, StringComparison.Ordinal);
        Assert.Equal(2, (await RunAsync(["tenant", "frobnicate"])).ExitCode);
    }

    [Fact]
    public async Task After_migrate_production_starts_and_is_ready()
    {
        Assert.Equal(0, (await RunAsync(["migrate"])).ExitCode);
        Assert.Equal(0, (await RunAsync(["tenant", "add", "prod", "Produção", "--admin-email", "a@prod.vet"])).ExitCode);
        var port = FreePort();

        using var server = Start([$"--urls=http://127.0.0.1:{port}"]);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        HttpResponseMessage? ready = null;
        // Up to a minute: a loaded 2-core machine may take a while to start a second .NET process.
        for (var i = 0; i < 300 && ready?.StatusCode != HttpStatusCode.OK; i++)
        {
            await Task.Delay(200);
            try
            {
                ready = await http.GetAsync("health/ready");
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
        }

        try
        {
            Assert.Equal(HttpStatusCode.OK, ready?.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("prod/")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("aurora/")).StatusCode);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task A_missing_hospital_database_is_never_created_by_migrate_and_does_not_stop_the_others_starting()
    {
        Assert.Equal(0, (await RunAsync(["migrate"])).ExitCode);
        Assert.Equal(0, (await RunAsync(["tenant", "add", "sumiu", "Sumiu", "--admin-email", "a@sumiu.vet"])).ExitCode);
        Assert.Equal(0, (await RunAsync(["tenant", "add", "ficou", "Ficou", "--admin-email", "a@ficou.vet"])).ExitCode);
        var lost = Path.Combine(_data, "sumiu.db");
        foreach (var path in new[] { lost, lost + "-wal", lost + "-shm" }.Where(File.Exists))
        {
            File.Delete(path);
        }

        var migrate = await RunAsync(["migrate"]);

        Assert.Equal(1, migrate.ExitCode);
        Assert.Contains("sumiu", migrate.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(lost), "migrate created an empty database for an existing hospital");

        var port = FreePort();
        using var server = Start([$"--urls=http://127.0.0.1:{port}"]);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        HttpResponseMessage? other = null;
        for (var i = 0; i < 300 && other?.StatusCode != HttpStatusCode.OK; i++)
        {
            await Task.Delay(200);
            try
            {
                other = await http.GetAsync("ficou/account/login");
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
        }

        try
        {
            Assert.Equal(HttpStatusCode.OK, other?.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("sumiu/account/login")).StatusCode);
            Assert.False(File.Exists(lost));
        }
        finally
        {
            server.Kill(entireProcessTree: true);
        }
    }

    private Process Start(string[] args)
    {
        var process = Process.Start(StartInfo(args))!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // Production requires a key-encryption key for the Data Protection key ring (issue 11 #4).
    private static readonly string KeyEncryptionKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());

    // Production requires a backup key too (issue 13).
    private static readonly string BackupKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 5)).ToArray());

    private ProcessStartInfo StartInfo(string[] args, string? dataDirectory = null, bool withKeyEncryptionKey = true, bool withBackupKey = true)
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
        info.Environment["Database__DataDirectory"] = dataDirectory ?? _data;
        if (withKeyEncryptionKey)
        {
            info.Environment["DataProtection__KeyEncryptionKey"] = KeyEncryptionKey;
        }

        if (withBackupKey)
        {
            info.Environment["Backups__Key"] = BackupKey;
        }

        info.Environment["Logging__LogLevel__Default"] = "Warning";
        return info;
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string[] args, string? dataDirectory = null, bool withKeyEncryptionKey = true, bool withBackupKey = true)
    {
        using var process = Process.Start(StartInfo(args, dataDirectory, withKeyEncryptionKey, withBackupKey))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
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
