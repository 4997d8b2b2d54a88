using ClinicApp.Data.Catalog;
using ClinicApp.Tenancy;

namespace ClinicApp.Tests.Unit.Tenancy;

public sealed class TenantContextTests
{
    private static readonly TenantInfo Aurora = new(Guid.CreateVersion7(), "aurora", "Hospital Aurora", "pt-BR", "America/Sao_Paulo", "BRL", HospitalStatus.Active, []);
    private static readonly TenantInfo BoaVista = new(Guid.CreateVersion7(), "boa-vista", "Clínica Boa Vista", "pt-BR", "America/Sao_Paulo", "BRL", HospitalStatus.Active, []);

    [Fact]
    public void A_new_context_has_no_hospital_and_refuses_to_name_one()
    {
        var context = new TenantContext();

        Assert.False(context.HasTenant);
        Assert.Null(context.Current);
        Assert.Throws<TenantUnavailableException>(() => context.Tenant);
    }

    [Fact]
    public void Setting_the_hospital_once_makes_it_current()
    {
        var context = new TenantContext();

        context.Set(Aurora);

        Assert.True(context.HasTenant);
        Assert.Same(Aurora, context.Current);
        Assert.Same(Aurora, context.Tenant);
    }

    [Fact]
    public void Setting_the_same_hospital_again_is_allowed()
    {
        var context = new TenantContext();
        context.Set(Aurora);

        context.Set(Aurora with { Name = "Hospital Aurora (renamed)" });

        Assert.Equal(Aurora.Id, context.Tenant.Id);
    }

    [Fact]
    public void The_hospital_of_an_operation_cannot_change()
    {
        var context = new TenantContext();
        context.Set(Aurora);

        Assert.Throws<InvalidOperationException>(() => context.Set(BoaVista));
        Assert.Same(Aurora, context.Tenant);
    }

    [Fact]
    public void Setting_no_hospital_is_refused()
    {
        var context = new TenantContext();

        Assert.Throws<ArgumentNullException>(() => context.Set(null!));
        Assert.False(context.HasTenant);
    }
}
