using ClinicApp.Features.Settings;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Antiforgery;

namespace ClinicApp.Features.Payments;

public static class PaymentsExtensions
{
    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StripeOptions>().Bind(builder.Configuration.GetSection(StripeOptions.Section));
        builder.Services.AddSingleton<StripeCheckout>();
        builder.Services.AddScoped<IntegrationSettingsService>();
        builder.Services.AddScoped<PaymentLinks>();
        builder.Services.AddScoped<StripeWebhook>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPaymentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/webhooks/stripe", (HttpContext context, StripeWebhook webhook) => webhook.HandleAsync(context))
            .AllowAnonymous()
            .DisableAntiforgery();

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
        }).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }
}
