using ClinicApp.Data.Catalog;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClinicApp.Tests.Unit.Jobs;

/// <summary>Every job runs for one hospital, named by its <c>Guid tenantId</c> argument, or is
/// explicitly a platform job; enqueueing and activation both enforce it.</summary>
public sealed class TenantJobActivatorTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "clinicapp-unit", Guid.NewGuid().ToString("N"));
    private readonly InMemoryStorage _storage = new();
    private readonly Hospital _aurora = new() { Slug = "aurora", Name = "Hospital Aurora" };
    private readonly Hospital _paused = Suspended(new Hospital { Slug = "pausada", Name = "Clínica Pausada" });
    private ServiceProvider _services = null!;
    private IStorageConnection _connection = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _connection = _storage.GetConnection();
        var services = new ServiceCollection();
        services.AddSingleton(Options.Create(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, DataDirectory = _directory }));
        services.AddSingleton<IHostEnvironment>(new TestEnvironment(_directory));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TenantConnections>();
        services.AddSingleton<HospitalCatalog>();
        services.AddScoped<TenantContext>();
        services.AddScoped<CurrentActor>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        await using var catalog = _services.GetRequiredService<TenantConnections>().CreateCatalog();
        await catalog.Database.MigrateAsync();
        catalog.Hospitals.AddRange(_aurora, _paused);
        await catalog.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _connection.Dispose();
        _storage.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_hospital_job_is_enqueued_with_its_hospital()
    {
        var client = new RecordingJobClient();
        var jobs = new HospitalJobs(client, Tenant(_aurora));
        var tenantId = _aurora.Id;

        var id = jobs.Enqueue<ReminderJob>(j => j.SendAsync(tenantId, "vaccine due"));

        var (job, state) = Assert.Single(client.Created);
        Assert.Equal("job-1", id);
        Assert.Equal(typeof(ReminderJob), job.Type);
        Assert.Equal(nameof(ReminderJob.SendAsync), job.Method.Name);
        Assert.Equal(_aurora.Id, job.Args[0]);
        Assert.Equal("vaccine due", job.Args[1]);
        Assert.IsType<EnqueuedState>(state);
    }

    [Fact]
    public void A_job_naming_another_hospital_is_not_enqueued()
    {
        var client = new RecordingJobClient();
        var jobs = new HospitalJobs(client, Tenant(_aurora));
        var otherHospital = _paused.Id;

        Assert.Throws<InvalidOperationException>(() => jobs.Enqueue<ReminderJob>(j => j.SendAsync(otherHospital, "vaccine due")));
        Assert.Empty(client.Created);
    }

    [Fact]
    public void A_job_naming_no_hospital_is_not_enqueued()
    {
        var client = new RecordingJobClient();
        var jobs = new HospitalJobs(client, Tenant(_aurora));
        var tenantId = _aurora.Id;

        Assert.Throws<InvalidOperationException>(() => jobs.Enqueue<UnnamedJob>(j => j.RunAsync("no hospital")));
        Assert.Throws<InvalidOperationException>(() => jobs.Enqueue<WrongNameJob>(j => j.RunAsync(tenantId)));
        Assert.Empty(client.Created);
    }

    [Fact]
    public void Enqueueing_outside_a_hospital_fails_closed()
    {
        var client = new RecordingJobClient();
        var jobs = new HospitalJobs(client, new TenantContext());

        Assert.Throws<TenantUnavailableException>(() => jobs.Enqueue<ReminderJob>(j => j.SendAsync(Guid.Empty, "x")));
        Assert.Empty(client.Created);
    }

    [Fact]
    public void A_job_that_names_no_hospital_and_is_no_platform_job_does_not_start()
    {
        // No catalog registered: the activator must refuse before it would need one.
        using var services = NoTenantServices();
        var activator = new TenantJobActivator(services.GetRequiredService<IServiceScopeFactory>());

        Assert.Throws<TenantUnavailableException>(() => activator.BeginScope(Context(Job.FromExpression<UnnamedJob>(j => j.RunAsync("x")))));
        Assert.Throws<TenantUnavailableException>(() => activator.BeginScope(Context(Job.FromExpression<WrongNameJob>(j => j.RunAsync(Guid.NewGuid())))));
    }

    [Fact]
    public void A_platform_job_runs_without_a_hospital_as_a_system_actor()
    {
        using var services = NoTenantServices();
        var activator = new TenantJobActivator(services.GetRequiredService<IServiceScopeFactory>());

        using var scope = activator.BeginScope(Context(Job.FromExpression<CatalogCleanupJob>(j => j.RunAsync())));

        Assert.False(((TenantContext)scope.Resolve(typeof(TenantContext))).HasTenant);
        var actor = (CurrentActor)scope.Resolve(typeof(CurrentActor));
        Assert.Equal($"job:{nameof(CatalogCleanupJob)}", actor.Name);
        Assert.Null(actor.UserId);
    }

    [Fact]
    public void A_hospital_job_runs_in_a_scope_of_its_hospital()
    {
        var activator = new TenantJobActivator(_services.GetRequiredService<IServiceScopeFactory>());
        var tenantId = _aurora.Id;

        using var scope = activator.BeginScope(Context(Job.FromExpression<ReminderJob>(j => j.SendAsync(tenantId, "vaccine due"))));

        var tenant = (TenantContext)scope.Resolve(typeof(TenantContext));
        Assert.Equal(_aurora.Id, tenant.Tenant.Id);
        Assert.Equal("aurora", tenant.Tenant.Slug);
        Assert.Equal($"job:{nameof(ReminderJob)}", ((CurrentActor)scope.Resolve(typeof(CurrentActor))).Name);
        Assert.IsType<ReminderJob>(scope.Resolve(typeof(ReminderJob)));
    }

    [Fact]
    public void A_job_for_a_suspended_or_unknown_hospital_does_not_start()
    {
        var activator = new TenantJobActivator(_services.GetRequiredService<IServiceScopeFactory>());
        var paused = _paused.Id;
        var unknown = Guid.CreateVersion7();

        Assert.Throws<TenantUnavailableException>(() => activator.BeginScope(Context(Job.FromExpression<ReminderJob>(j => j.SendAsync(paused, "x")))));
        Assert.Throws<TenantUnavailableException>(() => activator.BeginScope(Context(Job.FromExpression<ReminderJob>(j => j.SendAsync(unknown, "x")))));
    }

    [Fact]
    public void Jobs_are_never_activated_outside_a_scope()
    {
        var activator = new TenantJobActivator(_services.GetRequiredService<IServiceScopeFactory>());

        Assert.Throws<InvalidOperationException>(() => activator.ActivateJob(typeof(ReminderJob)));
    }

    private static TenantContext Tenant(Hospital hospital)
    {
        var context = new TenantContext();
        context.Set(TenantInfo.From(hospital));
        return context;
    }

    private static ServiceProvider NoTenantServices()
    {
        var services = new ServiceCollection();
        services.AddScoped<TenantContext>();
        services.AddScoped<CurrentActor>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private JobActivatorContext Context(Job job) =>
        new(_connection, new BackgroundJob("1", job, DateTime.UtcNow), new JobCancellationToken(false));

    public sealed class ReminderJob
    {
        public List<string> Sent { get; } = [];

        public Task SendAsync(Guid tenantId, string text)
        {
            Sent.Add($"{tenantId}: {text}");
            return Task.CompletedTask;
        }
    }

    public sealed class UnnamedJob
    {
        public List<string> Done { get; } = [];

        public Task RunAsync(string text)
        {
            Done.Add(text);
            return Task.CompletedTask;
        }
    }

    public sealed class WrongNameJob
    {
        public List<Guid> Done { get; } = [];

        public Task RunAsync(Guid hospitalId)
        {
            Done.Add(hospitalId);
            return Task.CompletedTask;
        }
    }

    [PlatformJob]
    public sealed class CatalogCleanupJob
    {
        public int Runs { get; private set; }

        public Task RunAsync()
        {
            Runs++;
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        public List<(Job Job, IState State)> Created { get; } = [];

        public string Create(Job job, IState state)
        {
            Created.Add((job, state));
            return $"job-{Created.Count}";
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => false;
    }

    private static Hospital Suspended(Hospital hospital)
    {
        hospital.Suspend();
        return hospital;
    }

    private sealed class TestEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;

        public string ApplicationName { get; set; } = "ClinicApp.Tests";

        public string ContentRootPath { get; set; } = root;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
