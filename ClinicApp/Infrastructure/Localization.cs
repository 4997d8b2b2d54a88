using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Localization;

namespace ClinicApp;

/// <summary>English and pt-BR. The person's choice (a cookie, also remembered on their user) wins;
/// otherwise the hospital's culture; outside any hospital, the browser's language.</summary>
public static class Localization
{
    public const string CookieName = ".ClinicApp.Culture";

    public static readonly IReadOnlyList<string> Supported = ["en", "pt-BR"];

    public static WebApplicationBuilder AddClinicLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture("en")
                .AddSupportedCultures([.. Supported])
                .AddSupportedUICultures([.. Supported]);
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = CookieName },
                new CustomRequestCultureProvider(context => Task.FromResult(
                    context.Features.Get<TenantFeature>()?.Tenant.Culture is { } culture
                        ? new ProviderCultureResult(culture)
                        : null)),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return builder;
    }

    /// <summary>Remembers a language for this hospital's address (the cookie's path is the hospital's).</summary>
    public static void RememberCulture(HttpContext context, string culture) =>
        context.Response.Cookies.Append(
            CookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions
            {
                Path = context.Request.PathBase.HasValue ? context.Request.PathBase.Value : "/",
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
            });
}
