using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;

namespace ClinicApp.Features.Account;

/// <summary>Marks an endpoint a person who must change their password may still use (the change
/// page itself, signing out).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AllowedBeforePasswordChangeAttribute : Attribute;

/// <summary>A person signed in with a one-time password (<see cref="Data.Identity.ApplicationUser.MustChangePassword"/>)
/// reaches no page and nothing that needs a sign-in until they have chosen their own: pages redirect to the
/// change page, downloads and API calls get 403.</summary>
public static class PasswordChangeGate
{
    public const string ChangePath = "/account/password";

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.User.HasClaim(ClinicClaims.MustChangePassword, "true")
            && context.GetEndpoint()?.Metadata is { } metadata
            // Every page (some, like the home, decide what to show without [Authorize]) and every
            // endpoint that needs a sign-in; static files and the language switch stay open.
            && (metadata.GetMetadata<ComponentTypeMetadata>() is not null || metadata.GetMetadata<IAuthorizeData>() is not null)
            && metadata.GetMetadata<AllowedBeforePasswordChangeAttribute>() is null)
        {
            if (HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.Redirect($"{context.Request.PathBase}{ChangePath}");
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
            }

            return;
        }

        await next(context);
    }
}
