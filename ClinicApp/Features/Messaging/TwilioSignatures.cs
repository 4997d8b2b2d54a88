using Microsoft.Extensions.Options;
using Twilio.Security;

namespace ClinicApp.Features.Messaging;

/// <summary>Checks the <c>X-Twilio-Signature</c> of a webhook with the SDK's <see cref="RequestValidator"/>
/// and the hospital's auth token, against the public URL Twilio called.</summary>
public sealed class TwilioSignatures(TwilioAccounts accounts, IOptions<MessagingOptions> options)
{
    public const string Header = "X-Twilio-Signature";

    /// <summary>Whether the request is Twilio's for this hospital. False without a configured account,
    /// without a signature, or with one that does not match.</summary>
    public async Task<bool> IsValidAsync(HttpContext context, IFormCollection form, CancellationToken ct = default)
    {
        var signature = context.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(signature) || await accounts.CurrentAsync(ct) is not { } account)
        {
            return false;
        }

        var parameters = form.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        return new RequestValidator(account.AuthToken).Validate(PublicUrl(context.Request), parameters, signature);
    }

    /// <summary>The URL of this request as Twilio called it.</summary>
    public string PublicUrl(HttpRequest request)
    {
        var path = $"{request.PathBase}{request.Path}{request.QueryString}";
        return string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl)
            ? $"{request.Scheme}://{request.Host}{path}"
            : options.Value.PublicBaseUrl.TrimEnd('/') + path;
    }

    /// <summary>The public URL of a path of the current hospital (for the status callback given to Twilio).</summary>
    public string? PublicUrl(string hospitalPath) =>
        string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? null : options.Value.PublicBaseUrl.TrimEnd('/') + hospitalPath;
}
