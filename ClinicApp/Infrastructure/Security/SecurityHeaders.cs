using System.Security.Cryptography;

namespace ClinicApp.Infrastructure.Security;

/// <summary>The browser-side defences every response carries: pages, downloads, JSON and webhooks
/// alike (issue 11 #3). Set when the response starts, so that an error page re-executed after the
/// exception handler cleared the headers still gets them.</summary>
public static class SecurityHeaders
{
    private const string NonceKey = "ClinicApp.CspNonce";

    /// <summary>The nonce of this request's inline script: the only inline script is Blazor's import
    /// map (&lt;ImportMap nonce=…&gt;), whose content differs per build, so a hash is not practical.</summary>
    public static string CspNonce(this HttpContext context) =>
        context.Items.TryGetValue(NonceKey, out var nonce) && nonce is string text ? text : "";

    /// <summary>The Content-Security-Policy of a response. Scripts only from the app itself (and the
    /// nonce above); styles may be inline because MudBlazor positions popovers and sizes columns with
    /// style attributes; the circuit's websocket is the app's own host; nothing may frame the app. No
    /// form-action: the pay page's form is answered with a redirect to the payment provider's hosted
    /// checkout, which Chromium would block under form-action 'self'.</summary>
    public static string ContentSecurityPolicy(HttpContext context)
    {
        var socket = (context.Request.IsHttps ? "wss://" : "ws://") + context.Request.Host.Value;
        return string.Join("; ",
            "default-src 'self'",
            $"script-src 'self' 'nonce-{context.CspNonce()}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            $"connect-src 'self' {socket}",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'");
    }

    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Hex rather than base64: nothing in it is HTML-encoded differently in the nonce attribute.
            context.Items[NonceKey] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy(context);
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers.XFrameOptions = "DENY";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
