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
            Assert.Equal(HttpStatusCode.OK, (await http.SignInAsync("aurora", "reception@aurora.vet", "wrong-password-1")).StatusCode);
        }

        var refused = await http.SignInAsync("aurora", "reception@aurora.vet", ClinicAppFactory.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Muitas tentativas", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Pages (GET) are not limited: only the sign-in form posts are.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("aurora/account/login")).StatusCode);
    }
}
