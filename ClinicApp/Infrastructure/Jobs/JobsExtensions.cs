using Hangfire;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.SqlServer;

namespace ClinicApp.Infrastructure.Jobs;

public enum JobStorageKind
{
    InMemory,
    SqlServer,
}

/// <summary>The "Jobs" section.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    public JobStorageKind Storage { get; set; } = JobStorageKind.InMemory;

    public string? ConnectionString { get; set; }

    public int WorkerCount { get; set; } = 4;

    /// <summary>Platform operator credentials for /hangfire (HTTP Basic). Without them the dashboard is closed.</summary>
    public string? DashboardUser { get; set; }

    public string? DashboardPassword { get; set; }
}

public static class JobsExtensions
{
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        builder.Services.AddOptions<JobsOptions>().Bind(builder.Configuration.GetSection(JobsOptions.Section));
        // Hangfire's AddHangfire keeps its storage and activator in process-wide statics
        // (JobStorage.Current, JobActivator.Current). Two hosts in one process — the test suite
        // starts several — would then share or swap them, so each host registers its own first
        // (Hangfire only TryAdds its registrations) and the globals carry nothing of ours.
        builder.Services.AddSingleton<JobStorage>(_ => options.Storage == JobStorageKind.SqlServer
            ? new SqlServerStorage(options.ConnectionString
                ?? throw new InvalidOperationException("Jobs:ConnectionString is required with Jobs:Storage=SqlServer."))
            : new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(6) }));
        builder.Services.AddSingleton<JobActivator>(services => new TenantJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire(config => config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        builder.Services.AddHangfireServer(server =>
        {
            server.WorkerCount = options.WorkerCount;
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        builder.Services.AddScoped<HospitalJobs>();
        builder.Services.AddScoped<HospitalRecurringRunner>();
        builder.Services.AddSingleton<HospitalSchedules>();
        builder.Services.AddHostedService<HospitalSchedulesStartup>();
        return builder;
    }

    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobsOptions>>().Value;
        endpoints.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new OperatorDashboardAuthorization(options)],
            DisplayStorageConnectionString = false,
            AppPath = null,
        }).RequireRateLimiting(Security.PublicRateLimits.OperatorDashboard);
        return endpoints;
    }
}

/// <summary>The job dashboard shows every hospital's jobs, so only platform operators (HTTP Basic
/// with the configured credentials) may open it; with none configured it stays closed.</summary>
internal sealed class OperatorDashboardAuthorization(JobsOptions options) : IDashboardAuthorizationFilter
{
    /// <summary>Whether the request carries the configured operator's Basic credentials. The operator
    /// dashboard's rate limit counts every other request, so guessing is throttled but the
    /// dashboard's own polling is not.</summary>
    public static bool HasOperatorCredentials(HttpContext http) =>
        HasOperatorCredentials(http, http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobsOptions>>().Value);

    private static bool HasOperatorCredentials(HttpContext http, JobsOptions options)
    {
        if (string.IsNullOrEmpty(options.DashboardUser) || string.IsNullOrEmpty(options.DashboardPassword))
        {
            return false;
        }

        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var expected = $"{options.DashboardUser}:{options.DashboardPassword}";
                if (System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                        System.Text.Encoding.UTF8.GetBytes(decoded), System.Text.Encoding.UTF8.GetBytes(expected)))
                {
                    return true;
                }
            }
            catch (FormatException)
            {
                // Not base64: treated as no credentials.
            }
        }

        return false;
    }

    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();

        // Mapped at /hangfire, it would also match /{hospital}/hangfire: never inside a hospital.
        if (http.Features.Get<Tenancy.TenantFeature>() is not null)
        {
            return false;
        }

        if (string.IsNullOrEmpty(options.DashboardUser) || string.IsNullOrEmpty(options.DashboardPassword))
        {
            return false;
        }

        if (HasOperatorCredentials(http, options))
        {
            return true;
        }

        http.Response.Headers.WWWAuthenticate = "Basic realm=\"ClinicApp platform\"";
        return false;
    }
}
