using ClinicApp.Components.Shared;
using ClinicApp.Features.Invoices;
using ClinicApp.Infrastructure.Security;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClinicApp.Features.Payments;

/// <summary>Online payment of invoices: payment links, Stripe Checkout and its webhook (DOMAIN.md area 5).</summary>
public static class PaymentsFeature
{
    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StripeOptions>().Bind(builder.Configuration.GetSection(StripeOptions.Section));
        builder.Services.AddSingleton<SimulatedCheckout>();
        builder.Services.AddSingleton<StripeCheckout>();
        builder.Services.AddScoped<PaymentLinks>();
        builder.Services.AddScoped<StripeWebhook>();
        builder.Services.AddToSlot<PayableInvoiceActions, PaymentLinkButton>(order: 10);
        return builder;
    }

    public static IEndpointRouteBuilder MapPayments(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/webhooks/stripe", (HttpContext context, StripeWebhook webhook) => webhook.HandleAsync(context))
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(PublicRateLimits.Webhooks);

        // The public pay page. Rendered here rather than routed so that an unknown, expired or revoked
        // link is a real 404 showing this page (the app-wide not-found re-execution is switched off).
        endpoints.MapGet("/pay/{token}", (HttpContext context, string token, string? problem, PaymentLinks links) => PayPageAsync(context, token, PayMode.Pay, problem, links)).AllowAnonymous().RequireRateLimiting(PublicRateLimits.PayLinks);
        endpoints.MapGet("/pay/{token}/success", (HttpContext context, string token, PaymentLinks links) => PayPageAsync(context, token, PayMode.Success, null, links)).AllowAnonymous().RequireRateLimiting(PublicRateLimits.PayLinks);
        endpoints.MapGet("/pay/{token}/cancel", (HttpContext context, string token, PaymentLinks links) => PayPageAsync(context, token, PayMode.Cancel, null, links)).AllowAnonymous().RequireRateLimiting(PublicRateLimits.PayLinks);

        // The pay page's form (antiforgery checked here): 303 to Stripe's hosted checkout, or back
        // to the page saying why not. Never a success that Stripe did not confirm.
        endpoints.MapPost("/pay/{token}/checkout", async (HttpContext context, string token, TenantContext tenant, IAntiforgery antiforgery, PaymentLinks links) =>
        {
            if (!tenant.HasTenant)
            {
                return Results.NotFound();
            }

            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            var request = context.Request;
            var root = $"{request.Scheme}://{request.Host}{request.PathBase}";
            var result = await links.StartCheckoutAsync(token, root, context.RequestAborted);
            var target = result.Outcome switch
            {
                CheckoutOutcome.Redirect => result.Url!,
                CheckoutOutcome.NotAvailable => $"{request.PathBase}/pay/{Uri.EscapeDataString(token)}?problem=unavailable",
                CheckoutOutcome.Failed => $"{request.PathBase}/pay/{Uri.EscapeDataString(token)}?problem=failed",
                _ => $"{request.PathBase}/pay/{Uri.EscapeDataString(token)}",
            };
            context.Response.Headers.Location = target;
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(PublicRateLimits.PayLinks);

        // Development only (never mapped elsewhere): the simulated "hosted checkout" of the demo
        // hospitals, clearly labelled, whose button goes through the real webhook.
        if (SimulatedCheckout.IsEnabled(endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>()))
        {
            endpoints.MapGet("/pay/{token}/simulated", (HttpContext context, string token, PaymentLinks links) => PayPageAsync(context, token, PayMode.Simulated, null, links)).AllowAnonymous().RequireRateLimiting(PublicRateLimits.PayLinks);
            endpoints.MapPost("/pay/{token}/simulated", async (HttpContext context, string token, TenantContext tenant, IAntiforgery antiforgery, PaymentLinks links,
                SimulatedCheckout simulated, ClinicApp.Features.Settings.IntegrationSettingsService integrations) =>
            {
                if (!tenant.HasTenant)
                {
                    return Results.NotFound();
                }

                if (!await antiforgery.IsRequestValidAsync(context))
                {
                    return Results.BadRequest();
                }

                var escaped = Uri.EscapeDataString(token);
                var done = await simulated.CompleteAsync(context, token, links, integrations, tenant);
                context.Response.Headers.Location = done
                    ? $"{context.Request.PathBase}/pay/{escaped}/success"
                    : $"{context.Request.PathBase}/pay/{escaped}?problem=failed";
                return Results.StatusCode(StatusCodes.Status303SeeOther);
            }).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(PublicRateLimits.PayLinks);
        }

        return endpoints;
    }

    private static async Task<IResult> PayPageAsync(HttpContext context, string token, PayMode mode, string? problem, PaymentLinks links)
    {
        if (!context.RequestServices.GetRequiredService<TenantContext>().HasTenant)
        {
            return Results.NotFound();
        }

        var view = await links.FindAsync(token, context.RequestAborted);
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        context.Response.Headers.CacheControl = "no-store";
        return new RazorComponentResult<PayPage>(new Dictionary<string, object?>
        {
            [nameof(PayPage.Token)] = token,
            [nameof(PayPage.View)] = view,
            [nameof(PayPage.Mode)] = mode,
            [nameof(PayPage.Problem)] = problem,
            [nameof(PayPage.BaseHref)] = $"{context.Request.PathBase}/",
            [nameof(PayPage.FromPortal)] = context.User.IsInRole(Data.Identity.Roles.Tutor),
        })
        {
            StatusCode = view is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK,
        };
    }
}

public enum PayMode
{
    Pay,
    Success,
    Cancel,

    /// <summary>Development only: the simulated hosted checkout.</summary>
    Simulated,
}
