using ClinicApp.Common;
using ClinicApp.Data;
using ClinicApp.Data.Identity;
using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ClinicApp.Features.Account;

/// <summary>Signing in and out, the identity set-up, the authorization policies, the language switch.</summary>
public static class AccountFeature
{
    public const string LoginPath = "/account/login";

    public static WebApplicationBuilder AddAccount(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().Bind(builder.Configuration.GetSection(SecurityOptions.Section));

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, ClinicAuthenticationStateProvider>();
        services.AddScoped<CircuitHandler, UserWatchCircuitHandler>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = LoginPath;
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/access-denied";
            cookie.Cookie.Name = ".ClinicApp.Auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
            cookie.Events.OnValidatePrincipal = TenantCookieValidation.ValidatePrincipalAsync;
        });
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddScoped<ClinicDbContext>(sp => sp.GetRequiredService<ClinicDbFactory>().CreateDbContext());
        services.AddIdentityCore<ApplicationUser>(identity =>
            {
                identity.Password.RequiredLength = 12;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.AllowedForNewUsers = true;
                identity.User.RequireUniqueEmail = true;
                identity.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<ApplicationRole>()
            .AddEntityFrameworkStores<ClinicDbContext>()
            .AddSignInManager<ClinicSignInManager>()
            .AddClaimsPrincipalFactory<ClinicClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        services.AddOptions<IdentityOptions>().Configure<IOptions<SecurityOptions>>((identity, security) =>
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(security.Value.LockoutMinutes));

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(null)
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Admin, Roles.Veterinarian, Roles.Nurse, Roles.Receptionist))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.FrontDesk, p => p.RequireRole(Roles.Split(Roles.FrontDesk)))
            .AddPolicy(Policies.Clinical, p => p.RequireRole(Roles.Split(Roles.Clinical)))
            .AddPolicy(Policies.Care, p => p.RequireRole(Roles.Split(Roles.Care)))
            .AddPolicy(Policies.Tutor, p => p.RequireRole(Roles.Tutor));

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, ct) =>
            {
                var localizer = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(localizer["Login.TooManyAttempts"], ct);
            };
        });
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<UserStampCache>();
        services.AddSingleton<SecurityPolicyCache>();
        services.AddScoped<SecuritySettingsService>();
        services.AddScoped<PasswordService>();
        services.AddScoped<TwoFactorService>();
        // A reset link is good for an hour (Identity's default is a day); the stamp it embeds makes it single use.
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(1));
        return builder;
    }

    /// <summary>Throttles the password forms (see <see cref="SignInThrottle"/>); after routing.</summary>
    public static IApplicationBuilder UseSignInThrottling(this IApplicationBuilder app) =>
        app.Use(SignInThrottle.InvokeAsync);

    /// <summary>Sends a person with a one-time password to change it, and an administrator without
    /// a required two-factor to set it up; after authorization.</summary>
    public static IApplicationBuilder UseAccountSetUpGate(this IApplicationBuilder app) =>
        app.Use(AccountSetUpGate.InvokeAsync);

    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", async Task<Results<RedirectHttpResult, BadRequest>> (
            HttpContext context, SignInManager<ApplicationUser> signIn, IAntiforgery antiforgery) =>
        {
            // Minimal APIs only validate antiforgery when they bind a form; this one binds nothing, so
            // without the check any site could sign a person out with a cross-site post.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return TypedResults.BadRequest();
            }

            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect($"~{LoginPath}");
        }).RequireAuthorization().WithMetadata(new AllowedDuringAccountSetUpAttribute());

        endpoints.MapGet("/culture/set", async Task<Results<RedirectHttpResult, BadRequest>> (
            HttpContext context,
            [FromQuery] string culture,
            [FromQuery] string? returnUrl,
            UserManager<ApplicationUser> users,
            TenantContext tenant) =>
        {
            if (!Localization.Supported.Contains(culture, StringComparer.Ordinal))
            {
                return TypedResults.BadRequest();
            }

            Localization.RememberCulture(context, culture);
            if (tenant.HasTenant && context.User.Identity?.IsAuthenticated == true
                && await users.GetUserAsync(context.User) is { } user)
            {
                user.PreferredCulture = culture;
                await users.UpdateAsync(user);
            }

            return TypedResults.LocalRedirect(LocalUrls.InsideHospital(context.Request.PathBase, returnUrl));
        });
        return endpoints;
    }
}
