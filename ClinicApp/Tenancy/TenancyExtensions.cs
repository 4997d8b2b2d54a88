using ClinicApp.Data.Catalog;
using ClinicApp.Data.Common;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ClinicApp.Tenancy;

public static class TenancyExtensions
{
    public static WebApplicationBuilder AddTenancy(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().Bind(builder.Configuration.GetSection(DatabaseOptions.Section)).ValidateDataAnnotations();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddSingleton<TenantConnections>();
        services.AddSingleton<HospitalCatalog>();
        services.AddSingleton<TenantScopes>();
        services.AddSingleton<HospitalProvisioning>();
        services.AddSingleton<UnavailableHospitals>();
        services.AddSingleton<HospitalMaintenance>();
        services.AddScoped<TenantContext>();
        services.AddScoped<CurrentActor>();
        services.AddScoped<ICurrentActor>(sp => sp.GetRequiredService<CurrentActor>());
        services.AddScoped<ClinicDbFactory>();
        services.AddScoped<HospitalTime>();
        services.AddScoped<Microsoft.EntityFrameworkCore.IDbContextFactory<Data.ClinicDbContext>>(sp => sp.GetRequiredService<ClinicDbFactory>());
        services.AddScoped<CircuitHandler, TenantCircuitHandler>();

        // One key ring for every hospital and app instance, kept in the catalog database.
        services.AddScoped<CatalogDbContext>(sp => sp.GetRequiredService<TenantConnections>().CreateCatalog());
        services.AddDataProtection().SetApplicationName("ClinicApp").PersistKeysToDbContext<CatalogDbContext>();
        return builder;
    }

    public static IApplicationBuilder UseTenancy(this IApplicationBuilder app) =>
        app.UseMiddleware<TenantResolutionMiddleware>();

    /// <summary>After authentication: the audit trail of a request knows who made it.</summary>
    public static IApplicationBuilder UseCurrentActor(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.RequestServices.GetRequiredService<CurrentActor>().SetUser(context.User);
            return next(context);
        });

    /// <summary>Migrates (Development with SQLite, or when configured) or refuses to start with
    /// pending migrations, telling the operator how to apply them.</summary>
    public static async Task<bool> PrepareDatabasesAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var provisioning = app.Services.GetRequiredService<HospitalProvisioning>();
        var migrate = options.MigrateOnStart
            ?? (app.Environment.IsDevelopment() && options.Provider == DatabaseProvider.Sqlite);
        if (migrate)
        {
            // A hospital whose database cannot be opened is marked unavailable (and logged): the others start.
            await provisioning.MigrateAllAsync();
            return true;
        }

        var pending = await provisioning.PendingMigrationsAsync();
        if (pending.Count == 0)
        {
            return true;
        }

        app.Logger.LogCritical(
            "ClinicApp will not start: the databases have {Count} pending migration(s): {Pending}. Apply them first with `dotnet ClinicApp.dll migrate` (or `dotnet run --project ClinicApp -- migrate`).",
            pending.Count,
            string.Join("; ", pending));
        return false;
    }
}
