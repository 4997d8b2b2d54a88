using System.Net;
using ClinicApp.Tests.Support;

namespace ClinicApp.Tests.Integration.Account;

public sealed class LoginRateLimitTests
{
    [Fact]
    public async Task Sign_in_posts_beyond_the_per_ip_limit_are_refused_with_429_and_a_message()
    {
        await using var app = new ClinicAppFactory(new Dictionary<string, string?> { ["Security:LoginAttemptsPerMinute"] = "3" });
        using var http = new Http(app.BaseUrl);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.SignInAsync("aurora", $"nobody-{i}@aurora.vet", "wrong-password-1")).StatusCode);
        }

        var refused = await http.SignInAsync("aurora", "reception@aurora.vet", ClinicAppFactory.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("Muitas tentativas", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Pages (GET) are not limited: only the sign-in form posts are.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("aurora/account/login")).StatusCode);
    }

    [Theory]
    [InlineData("account/login/")]
    [InlineData("ACCOUNT/Login")]
    [InlineData("account/login/?returnUrl=%2Faurora%2F")]
    public async Task Another_spelling_of_the_sign_in_path_is_counted_too(string path)
    {
        await using var app = new ClinicAppFactory(new Dictionary<string, string?> { ["Security:LoginAttemptsPerMinute"] = "3" });
        using var http = new Http(app.BaseUrl);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await PostSignInAsync(http, $"aurora/{path}", $"spray-{i}@aurora.vet")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task One_account_is_limited_on_its_own_whatever_the_address_limit()
    {
        // A generous address limit and a tight account limit: the account partition alone refuses.
        await using var app = new ClinicAppFactory(new Dictionary<string, string?>
        {
            ["Security:LoginAttemptsPerMinute"] = "100",
            ["Security:LoginAttemptsPerAccountPerMinute"] = "2",
        });
        using var http = new Http(app.BaseUrl);
        Assert.Equal(HttpStatusCode.OK, (await http.SignInAsync("aurora", "vet@aurora.vet", "wrong-password-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SignInAsync("aurora", "VET@aurora.vet", "wrong-password-2")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.SignInAsync("aurora", "vet@aurora.vet", ClinicAppFactory.Password)).StatusCode);
        // Another account from the same address still gets through.
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", "nurse@aurora.vet")).StatusCode);
    }

    [Fact]
    public async Task Exhausting_one_hospitals_limit_does_not_lock_another()
    {
        await using var app = new ClinicAppFactory(new Dictionary<string, string?>
        {
            ["Security:LoginAttemptsPerMinute"] = "2",
            ["Security:LoginAttemptsPerAccountPerMinute"] = "2",
        });
        using var http = new Http(app.BaseUrl);
        for (var i = 0; i < 2; i++)
        {
            await http.SignInAsync("aurora", "admin@aurora.vet", "wrong-password-1");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.SignInAsync("aurora", "admin@aurora.vet")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("boavista", "admin@boavista.vet")).StatusCode);
    }

    private static async Task<HttpResponseMessage> PostSignInAsync(Http http, string path, string email)
    {
        var page = await (await http.GetAsync("aurora/account/login")).Content.ReadAsStringAsync();
        return await http.PostFormAsync(path, page, "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "wrong-password-1",
        });
    }
}
