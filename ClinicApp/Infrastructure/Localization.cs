using ClinicApp.Tenancy;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace ClinicApp;

/// <summary>English and pt-BR. The person's choice (a cookie, also remembered on their user) wins;
/// otherwise the hospital's culture; outside any hospital, the browser's language.</summary>
public static class Localization
{
    public const string CookieName = ".ClinicApp.Culture";

    public static readonly IReadOnlyList<string> Supported = ["en", "pt-BR"];

    public static WebApplicationBuilder AddClinicLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddClinicTexts();
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

    /// <summary>The texts every component and service reads through IStringLocalizer&lt;SharedResource&gt;,
    /// from the per-area files in Resources/ (see <see cref="AreaResourceLocalizer"/>).</summary>
    public static IServiceCollection AddClinicTexts(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Replaces the open StringLocalizer<T> for this one type; taking the shared instance here also
        // builds the key index at start-up, so a key in two area files stops the app at once.
        services.AddSingleton<IStringLocalizer<SharedResource>>(AreaResourceLocalizer.Shared);
        return services;
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
