namespace ClinicApp.Tenancy;

/// <summary>The hospital of the current request, circuit or job (scoped). It is set once, by the
/// tenant middleware, the circuit handler or the job activator, and cannot be changed afterwards.</summary>
public sealed class TenantContext
{
    private TenantInfo? _current;

    public TenantInfo? Current => _current;

    public bool HasTenant => _current is not null;

    /// <summary>The hospital; throws when there is none so that code needing one fails closed.</summary>
    public TenantInfo Tenant => _current ?? throw new TenantUnavailableException("No hospital is set for this operation.");

    public void Set(TenantInfo tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (_current is not null && _current.Id != tenant.Id)
        {
            throw new InvalidOperationException("The hospital of an operation cannot change.");
        }

        _current = tenant;
    }
}

public sealed class TenantUnavailableException(string message) : Exception(message);
