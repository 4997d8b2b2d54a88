using System.Net;
using System.Text.RegularExpressions;

namespace ClinicApp.Tests.Support;

/// <summary>A browser-like HttpClient against the running app: its own cookie jar, no automatic
/// redirects (tests look at them), and the sign-in form posted as a person would.</summary>
public sealed partial class Http : IDisposable
{
    private readonly HttpClientHandler _handler;

    public Http(string baseUrl)
    {
        BaseUrl = baseUrl;
        _handler = new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true };
        Client = new HttpClient(_handler) { BaseAddress = new Uri(baseUrl + "/") };
        Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
    }

    public string BaseUrl { get; }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Client { get; }

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(path.TrimStart('/'));

    /// <summary>Posts the sign-in form of a hospital; returns the response (302 on success).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string slug, string email, string password = ClinicAppFactory.Password, string? returnUrl = null)
    {
        var page = await (await GetAsync($"{slug}/account/login")).Content.ReadAsStringAsync();
        var query = returnUrl is null ? "" : $"?returnUrl={Uri.EscapeDataString(returnUrl)}";
        return await PostFormAsync($"{slug}/account/login{query}", page, "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
    }

    /// <summary>Posts a form of <paramref name="page"/> as the browser would: with the page's
    /// antiforgery token and, for a Blazor form, its name (<paramref name="formName"/>, sent as _handler).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, string page, string? formName, Dictionary<string, string>? fields = null)
    {
        fields = fields is null ? [] : new(fields);
        if (formName is not null)
        {
            fields["_handler"] = formName;
        }

        fields["__RequestVerificationToken"] = AntiforgeryTokenOf(page);
        using var content = new FormUrlEncodedContent(fields);
        return await Client.PostAsync(path.TrimStart('/'), content);
    }

    /// <summary>The antiforgery token a page's form carries.</summary>
    public static string AntiforgeryTokenOf(string page)
    {
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, "the page carries an antiforgery token");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    /// <summary>Where a redirect goes, as a path and query (the app may answer with an absolute URL).</summary>
    public static string? Location(HttpResponseMessage response) =>
        response.Headers.Location is not { } location ? null
        : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    public static string Text(string html) => WebUtility.HtmlDecode(Tags().Replace(html, " "));

    public void Dispose()
    {
        Client.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
