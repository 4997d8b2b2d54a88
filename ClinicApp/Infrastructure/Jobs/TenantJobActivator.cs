using System.Linq.Expressions;
using System.Reflection;
using ClinicApp.Tenancy;
using Hangfire;
using Hangfire.Common;

namespace ClinicApp.Infrastructure.Jobs;

/// <summary>Marks a job that works for the platform, not for one hospital (it has no tenantId).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PlatformJobAttribute : Attribute;

/// <summary>Builds the DI scope of every job. A hospital job names its hospital in a
/// <c>Guid tenantId</c> argument; the scope's <see cref="TenantContext"/> is set from it, and a job
/// for an unknown or suspended hospital — or one that names none — fails before it runs.</summary>
public sealed class TenantJobActivator(IServiceScopeFactory scopeFactory) : JobActivator
{
    public const string TenantParameter = "tenantId";

    public override object ActivateJob(Type jobType) =>
        throw new InvalidOperationException("Jobs are activated inside a tenant scope only.");

    public override JobActivatorScope BeginScope(JobActivatorContext context)
    {
        var scope = scopeFactory.CreateAsyncScope();
        try
        {
            var job = context.BackgroundJob.Job;
            var tenantId = TenantArgument(job);
            if (tenantId is null)
            {
                if (job.Type.GetCustomAttribute<PlatformJobAttribute>() is null)
                {
                    throw new TenantUnavailableException($"Job {job.Type.Name}.{job.Method.Name} names no hospital (Guid {TenantParameter}).");
                }

                scope.ServiceProvider.GetRequiredService<CurrentActor>().SetSystem($"job:{job.Type.Name}");
            }
            else
            {
                var catalog = scope.ServiceProvider.GetRequiredService<HospitalCatalog>();
                var tenant = catalog.FindByIdAsync(tenantId.Value).GetAwaiter().GetResult()
                    ?? throw new TenantUnavailableException($"Job {job.Type.Name} names an unknown hospital {tenantId}.");
                if (!tenant.IsActive)
                {
                    throw new TenantUnavailableException($"Job {job.Type.Name} names suspended hospital '{tenant.Slug}'.");
                }

                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
                scope.ServiceProvider.GetRequiredService<CurrentActor>().SetSystem($"job:{job.Type.Name}");
            }

            return new Scope(scope);
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    internal static Guid? TenantArgument(Job job)
    {
        var parameters = job.Method.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].Name == TenantParameter && parameters[i].ParameterType == typeof(Guid) && job.Args[i] is Guid id)
            {
                return id;
            }
        }

        return null;
    }

    private sealed class Scope(AsyncServiceScope scope) : JobActivatorScope
    {
        public override object Resolve(Type type) =>
            ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);

        public override void DisposeScope() => scope.Dispose();
    }
}

/// <summary>Enqueues jobs for the current hospital and checks that each names it.</summary>
public sealed class HospitalJobs(IBackgroundJobClient client, TenantContext tenant)
{
    public Guid TenantId => tenant.Tenant.Id;

    public string Enqueue<TJob>(Expression<Func<TJob, Task>> call)
    {
        var job = Job.FromExpression(call);
        if (TenantJobActivator.TenantArgument(job) != TenantId)
        {
            throw new InvalidOperationException($"A job of hospital '{tenant.Tenant.Slug}' must pass its {TenantJobActivator.TenantParameter}.");
        }

        return client.Create(job, new Hangfire.States.EnqueuedState());
    }
}
