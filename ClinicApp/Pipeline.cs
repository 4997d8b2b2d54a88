using ClinicApp.Tenancy;

namespace ClinicApp;

public static class Pipeline
{
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
        return app;
    }
}
