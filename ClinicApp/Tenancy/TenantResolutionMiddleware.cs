using System.Globalization;
using System.Text.RegularExpressions;
using ClinicApp.Components.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace ClinicApp.Tenancy;

/// <summary>Marks a request as belonging to a hospital; read by the circuit handler when the
/// interactive circuit opens on /{tenant}/_blazor.</summary>
public sealed record TenantFeature(TenantInfo Tenant);

/// <summary>Resolves the hospital of every request — pages, /_blazor hub traffic, endpoints — from a
/// configured host name or the first path segment (moved into PathBase so routing, links and
/// cookies are relative to the hospital). Unknown hospital → 404 page; suspended → 403 page; database lost → 503 page;
/// being restored (maintenance) → 503 page that reloads itself, while the hospital's open circuits stay connected.</summary>
public sealed partial class TenantResolutionMiddleware(RequestDelegate next)
{
    /// <summary>First path segments that belong to the platform, never to a hospital.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "health", "hangfire", "lib", "api", "account", "admin", "static", "assets", "not-found", "error", "www", "app",
    };

    /// <summary>Seconds a visitor (and a sender of webhooks) waits before trying a hospital in maintenance
    /// again: a restore takes seconds to minutes, and the page reloads itself after as long.</summary>
    public const int MaintenanceRetrySeconds = 10;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    public static partial Regex SlugRule();

    public async Task InvokeAsync(HttpContext context, TenantContext tenantContext, HospitalCatalog catalog, UnavailableHospitals unavailable)
    {
        var ct = context.RequestAborted;
        var tenant = await catalog.FindByHostAsync(context.Request.Host.Host, ct);
        if (tenant is null)
        {
            var path = context.Request.Path.Value ?? "";
            var segment = FirstSegment(path, out var rest);
            if (segment is null || Reserved.Contains(segment) || !SlugRule().IsMatch(segment))
            {
                await next(context);
                return;
            }

            tenant = await catalog.FindBySlugAsync(segment, ct);
            if (tenant is null)
            {
                await UnavailableAsync(context, HospitalUnavailablePage.Reason.NotFound, StatusCodes.Status404NotFound);
                return;
            }

            if (rest.Length == 0 || !string.Equals(segment, tenant.Slug, StringComparison.Ordinal))
            {
                // "/aurora" or "/Aurora/x" → the canonical "/aurora/…", so <base href>, links and the
                // cookie path (the PathBase) all match the address the browser is on.
                var target = rest.Length == 0 ? "/" : rest;
                context.Response.Redirect($"{context.Request.PathBase}/{tenant.Slug}{target}{context.Request.QueryString}");
                return;
            }

            context.Request.PathBase = context.Request.PathBase.Add("/" + tenant.Slug);
            context.Request.Path = rest;
        }

        if (!tenant.IsActive)
        {
            await UnavailableAsync(context, HospitalUnavailablePage.Reason.Suspended, StatusCodes.Status403Forbidden);
            return;
        }

        if (unavailable.IsUnavailable(tenant.Id))
        {
            await UnavailableAsync(context, HospitalUnavailablePage.Reason.Down, StatusCodes.Status503ServiceUnavailable);
            return;
        }

        if (tenant.InMaintenance && !KeepsWorkingInMaintenance(context.Request.Path))
        {
            // New page loads (new sign-ins among them) and webhooks wait until the restore is done; the page
            // reloads itself and the webhook's sender retries.
            await UnavailableAsync(context, HospitalUnavailablePage.Reason.Maintenance, StatusCodes.Status503ServiceUnavailable, tenant.Name);
            return;
        }

        tenantContext.Set(tenant);
        context.Features.Set(new TenantFeature(tenant));
        try
        {
            await next(context);
        }
        catch (Exception e) when (UnavailableHospitals.IsDatabaseLost(e) && !context.Response.HasStarted)
        {
            // The file was deleted or broke while running: this hospital stops answering (a webhook gets
            // 503 and is retried by its sender) instead of acknowledging what it cannot keep.
            unavailable.Mark(tenant, e);
            context.Response.Clear();
            await UnavailableAsync(context, HospitalUnavailablePage.Reason.Down, StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>What a screen opened before the maintenance still needs: its circuit (/_blazor: open circuits are
    /// not cut, a reconnect comes back on it, and they show the maintenance banner) and the app's scripts and
    /// styles, which hold no hospital data; and the health endpoints when reached on a hospital's own host name (a
    /// probe must not take the instance out because one hospital is being restored).</summary>
    private static bool KeepsWorkingInMaintenance(PathString path)
    {
        var value = path.Value ?? "";
        return value.StartsWith("/_", StringComparison.Ordinal)
            || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("/lib/", StringComparison.Ordinal)
            || (value.LastIndexOf('/') == 0 && value.Contains('.', StringComparison.Ordinal));
    }

    private static string? FirstSegment(string path, out string rest)
    {
        rest = "";
        if (path.Length < 2 || path[0] != '/')
        {
            return null;
        }

        var end = path.IndexOf('/', 1);
        if (end < 0)
        {
            return path[1..];
        }

        rest = path[end..];
        return path[1..end];
    }

    private static async Task UnavailableAsync(HttpContext context, HospitalUnavailablePage.Reason reason, int status, string? hospitalName = null)
    {
        // Runs before request localization: pick the visitor's language from the browser.
        var culture = PreferredCulture(context);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = reason == HospitalUnavailablePage.Reason.Maintenance
                ? MaintenanceRetrySeconds.ToString(CultureInfo.InvariantCulture)
                : "60";
        }

        var result = new RazorComponentResult<HospitalUnavailablePage>(new Dictionary<string, object?>
        {
            [nameof(HospitalUnavailablePage.Why)] = reason,
            [nameof(HospitalUnavailablePage.HospitalName)] = hospitalName,
        })
        {
            StatusCode = status,
        };
        await result.ExecuteAsync(context);
    }

    private static CultureInfo PreferredCulture(HttpContext context)
    {
        var languages = context.Request.GetTypedHeaders().AcceptLanguage ?? [];
        foreach (var language in languages.OrderByDescending(l => l.Quality ?? 1))
        {
            if (language.Value.Value?.StartsWith("pt", StringComparison.OrdinalIgnoreCase) == true)
            {
                return CultureInfo.GetCultureInfo("pt-BR");
            }

            if (language.Value.Value?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true)
            {
                return CultureInfo.GetCultureInfo("en");
            }
        }

        return CultureInfo.GetCultureInfo("en");
    }
}
