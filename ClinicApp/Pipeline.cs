using ClinicApp.Infrastructure.Security;
using ClinicApp.Tenancy;

namespace ClinicApp;

public static class Pipeline
{
    /// <summary>The request pipeline. The hospital is resolved first so that everything after it —
    /// static files, the Blazor hub, pages, endpoints — runs inside /{hospital}/.</summary>
    public static WebApplication UseClinicPipeline(this WebApplication app)
    {
        // Before anything reads the client's address or scheme (rate limits, cookies, HSTS, redirects):
        // behind a known proxy they are the ones the proxy saw.
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseTenancy();

        // Only a GET or HEAD is re-executed as the not-found page: the page is a Razor component, and a
        // re-executed POST would meet its antiforgery check and turn a 404 (or a webhook's 413) into a 400.
        app.UseWhen(
            context => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseRouting();

        // A POST (PUT, DELETE…) to a path that only exists for GET is an unknown route to its sender:
        // 404, like any other unknown address, rather than routing's 405.
        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.DisplayName == "405 HTTP Method Not Supported"
                && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
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
