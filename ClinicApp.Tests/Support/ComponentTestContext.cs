using System.Globalization;
using Bunit;
using ClinicApp.Components;
using ClinicApp.Data.Catalog;
using ClinicApp.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ClinicApp.Tests.Support;

/// <summary>A bUnit context with what the app's components expect: MudBlazor (JS calls answered
/// loosely), the real localized resources and a hospital in the <see cref="TenantContext"/>.</summary>
public abstract class ComponentTestContext : BunitContext
{
    public static readonly TenantInfo Aurora = new(
        Guid.CreateVersion7(), "aurora", "Hospital Veterinário Aurora", "pt-BR", "America/Sao_Paulo", "BRL", HospitalStatus.Active, []);

    protected ComponentTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddClinicTexts();
        Services.AddMudBlazorTexts();
        Services.AddScoped(_ => Hospital(Aurora));
    }

    protected static TenantContext Hospital(TenantInfo tenant)
    {
        var context = new TenantContext();
        context.Set(tenant);
        return context;
    }
}

/// <summary>Sets the UI language (and formatting culture) until disposed.</summary>
public sealed class CultureScope : IDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    public CultureScope(string name)
    {
        var culture = CultureInfo.GetCultureInfo(name);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
