using ClinicApp.Components;
using ClinicApp.Features.Account;
using ClinicApp.Features.Exams;
using ClinicApp.Features.Payments;
using ClinicApp.Features.Hospitalizations;
using ClinicApp.Features.Invoices;
using ClinicApp.Features.Prescriptions;
using ClinicApp.Infrastructure.Health;
using ClinicApp.Infrastructure.Jobs;
using ClinicApp.Tenancy;
using Microsoft.Extensions.Options;

namespace ClinicApp.Features.Platform;

public static class PlatformExtensions
{
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.Section));
        builder.Services.AddSingleton<DemoData>();
        return builder;
    }

    public static async Task SeedDemoDataAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
        if (options.Seed ?? app.Environment.IsDevelopment())
        {
            await app.Services.GetRequiredService<DemoData>().SeedAsync(options.Password);
        }
    }

    /// <summary>The request pipeline. The hospital is resolved first so that everything after it —
    /// static files, the Blazor hub, pages, endpoints — runs inside /{hospital}/.</summary>
    public static WebApplication UseClinicPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseTenancy();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRouting();
        app.UseRequestLocalization();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseCurrentActor();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapClinicHealth();
        app.MapJobsDashboard();
        app.MapAccountEndpoints();
        app.MapPaymentEndpoints();
        app.MapBillingDocumentEndpoints();
        app.MapHospitalizationEndpoints();
        app.MapExamFileEndpoints();
        app.MapPrescriptionEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
