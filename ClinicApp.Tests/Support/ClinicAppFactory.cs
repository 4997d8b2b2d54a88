using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Support;

/// <summary>The real app on Kestrel (a random loopback port) with its SQLite files in a fresh temp
/// folder, seeded with the two demo hospitals. Browsers and HttpClients talk to it over HTTP.</summary>
public class ClinicAppFactory : WebApplicationFactory<Program>
{
    public const string Password = "Demo@ClinicApp1";
    public const string OperatorUser = "operator";
    public const string OperatorPassword = "operator-secret-123";

    private readonly Dictionary<string, string?> _settings;

    public ClinicAppFactory(IDictionary<string, string?>? overrides = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "clinicapp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = DataDirectory,
            ["Database:MigrateOnStart"] = "true",
            ["Demo:Seed"] = "true",
            ["Demo:Password"] = Password,
            // The year of analytics history costs seconds per hospital and ~40 test apps start per run; the tests
            // that read it (DemoHistoryTests) ask for it.
            ["Demo:HistoryMonths"] = "0",
            ["Security:LoginAttemptsPerMinute"] = "10000",
            ["RateLimits:PayLinkRequestsPerMinute"] = "10000",
            ["RateLimits:WebhookRequestsPerMinute"] = "10000",
            ["Security:LoginAttemptsPerAccountPerMinute"] = "10000",
            ["Jobs:DashboardUser"] = OperatorUser,
            ["Jobs:DashboardPassword"] = OperatorPassword,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(0);
    }

    public string DataDirectory { get; }

    /// <summary>http://127.0.0.1:port (no trailing slash).</summary>
    public string BaseUrl
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)
                .Replace("localhost", "127.0.0.1", StringComparison.Ordinal)
                .TrimEnd('/');
        }
    }

    public async Task<TenantInfo> HospitalAsync(string slug) =>
        await Services.GetRequiredService<HospitalCatalog>().FindBySlugAsync(slug)
        ?? throw new InvalidOperationException($"no hospital {slug}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            // Hangfire's log provider is process-wide and still points at this host's (now
            // disposed) logger factory; production has one host, tests have several.
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a closing connection: the temp folder is cleaned by the OS.
            }
        }
    }
}

/// <summary>One app for a collection of tests.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public ClinicAppFactory App { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public Task InitializeAsync()
    {
        BaseUrl = App.BaseUrl;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
