namespace ClinicApp.Tenancy;

/// <summary>Creates a DI scope that works for one hospital — for jobs, the command line, start-up
/// and short operations started from a long-lived circuit (e.g. Identity's UserManager).</summary>
public sealed class TenantScopes(IServiceScopeFactory scopeFactory)
{
    public AsyncServiceScope Create(TenantInfo tenant, string actorName = "system")
    {
        var scope = scopeFactory.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetSystem(actorName);
        return scope;
    }

    /// <summary>A scope for the same hospital and the same person as <paramref name="from"/>.</summary>
    public AsyncServiceScope CreateLike(IServiceProvider from)
    {
        var tenant = from.GetRequiredService<TenantContext>().Tenant;
        var scope = scopeFactory.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        scope.ServiceProvider.GetRequiredService<CurrentActor>().CopyFrom(from.GetRequiredService<CurrentActor>());
        return scope;
    }
}
