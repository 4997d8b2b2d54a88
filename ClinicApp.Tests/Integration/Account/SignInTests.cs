using System.Net;
using ClinicApp.Data.Identity;
using ClinicApp.Tests.Support;

namespace ClinicApp.Tests.Integration.Account;

[Collection(AppCollection.Name)]
public sealed class SignInTests(AppFixture fixture)
{
    [Theory]
    [InlineData("admin")]
    [InlineData("vet")]
    [InlineData("nurse")]
    [InlineData("reception")]
    [InlineData("tutor")]
    public async Task Every_demo_role_signs_in_and_sees_its_hospitals_home(string who)
    {
        using var http = new Http(fixture.BaseUrl);

        var response = await http.SignInAsync("aurora", $"{who}@aurora.vet");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/aurora/", Http.Location(response));
        var home = await http.GetAsync("aurora/");
        if (who == "tutor")
        {
            // A tutor's home is the portal.
            Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
            Assert.Equal("/aurora/portal", Http.Location(home));
            home = await http.GetAsync("aurora/portal");
        }

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Hospital Veterinário Aurora", WebUtility.HtmlDecode(await home.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_in_the_hospitals_language()
    {
        using var http = new Http(fixture.BaseUrl);

        var response = await http.SignInAsync("aurora", "reception@aurora.vet", "not-the-password-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("E-mail ou senha incorretos.", Http.Text(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("aurora/")).StatusCode);
    }

    [Fact]
    public async Task A_user_of_one_hospital_cannot_sign_in_at_another()
    {
        using var http = new Http(fixture.BaseUrl);

        var response = await http.SignInAsync("boavista", "admin@aurora.vet");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("E-mail ou senha incorretos.", Http.Text(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        var users = new TestUsers(fixture.App);
        var email = await users.CreateAsync("aurora", Roles.Receptionist);
        using var http = new Http(fixture.BaseUrl);
        for (var i = 0; i < 5; i++)
        {
            await http.SignInAsync("aurora", email, "wrong-password-123");
        }

        var response = await http.SignInAsync("aurora", email, TestUsers.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("bloqueada", Http.Text(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_of_one_hospital_replayed_at_another_opens_nothing()
    {
        using var aurora = new Http(fixture.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await aurora.SignInAsync("aurora", "admin@aurora.vet")).StatusCode);
        var cookie = aurora.Cookies.GetCookies(new Uri(fixture.BaseUrl + "/aurora/")).Single(c => c.Name == ".ClinicApp.Auth");
        Assert.Equal("/aurora", cookie.Path);

        // Replayed by hand: the same cookie value sent to /boavista/.
        using var attacker = new Http(fixture.BaseUrl);
        attacker.Cookies.Add(new Cookie(cookie.Name, cookie.Value, "/boavista", "127.0.0.1"));

        var home = await attacker.GetAsync("boavista/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/boavista/account/login", Http.Location(home), StringComparison.Ordinal);
        var users = await attacker.GetAsync("boavista/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, users.StatusCode);
        Assert.StartsWith("/boavista/account/login", Http.Location(users), StringComparison.Ordinal);

        // ...while the same cookie still works where it was issued.
        attacker.Cookies.Add(new Cookie(cookie.Name, cookie.Value, "/aurora", "127.0.0.1"));
        Assert.Equal(HttpStatusCode.OK, (await attacker.GetAsync("aurora/admin/users")).StatusCode);
    }

    [Fact]
    public async Task Roles_decide_what_opens_a_nurse_is_refused_the_users_page()
    {
        using var http = new Http(fixture.BaseUrl);
        await http.SignInAsync("aurora", "nurse@aurora.vet");

        var response = await http.GetAsync("aurora/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/aurora/account/access-denied", Http.Location(response), StringComparison.Ordinal);

        var html = await (await http.GetAsync(Http.Location(response)!)).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"access-denied\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"users-table\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deactivated_user_cannot_sign_in()
    {
        var users = new TestUsers(fixture.App);
        var email = await users.CreateAsync("aurora", Roles.Nurse);
        await users.DeactivateAsync("aurora", email);
        using var http = new Http(fixture.BaseUrl);

        var response = await http.SignInAsync("aurora", email, TestUsers.Password);

        Assert.Contains("desativada", Http.Text(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choosing_a_language_is_remembered_for_the_user()
    {
        var users = new TestUsers(fixture.App);
        var email = await users.CreateAsync("aurora", Roles.Veterinarian);
        using (var http = new Http(fixture.BaseUrl))
        {
            await http.SignInAsync("aurora", email, TestUsers.Password);
            var set = await http.GetAsync("aurora/culture/set?culture=en&returnUrl=/aurora/");
            Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
            Assert.Contains("Hello,", Http.Text(await (await http.GetAsync("aurora/")).Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        // A new browser: the hospital's language until sign-in, then the user's.
        using var other = new Http(fixture.BaseUrl);
        Assert.Contains("Entrar", Http.Text(await (await other.GetAsync("aurora/account/login")).Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await other.SignInAsync("aurora", email, TestUsers.Password);
        Assert.Contains("Hello,", Http.Text(await (await other.GetAsync("aurora/")).Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsupported_language_is_refused()
    {
        using var http = new Http(fixture.BaseUrl);

        var response = await http.GetAsync("aurora/culture/set?culture=xx&returnUrl=/aurora/");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Sign_in_never_redirects_outside_the_hospital()
    {
        using var http = new Http(fixture.BaseUrl);

        var elsewhere = await http.SignInAsync("aurora", "admin@aurora.vet", returnUrl: "/boavista/");
        Assert.Equal("/aurora/", Http.Location(elsewhere));

        using var again = new Http(fixture.BaseUrl);
        var inside = await again.SignInAsync("aurora", "admin@aurora.vet", returnUrl: "/aurora/admin/users");
        Assert.Equal("/aurora/admin/users", Http.Location(inside));
    }

    [Theory]
    [InlineData("/%5Cevil.com")]
    [InlineData("%2F%2Fevil.com")]
    [InlineData("https%3A%2F%2Fevil.com")]
    [InlineData("/aurora/%5C%5Cevil.com")]
    [InlineData("/boavista/")]
    public async Task The_language_switch_never_redirects_outside_the_hospital(string encodedReturnUrl)
    {
        using var http = new Http(fixture.BaseUrl);

        var response = await http.GetAsync($"aurora/culture/set?culture=en&returnUrl={encodedReturnUrl}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/aurora/", Http.Location(response));
    }

    [Fact]
    public async Task The_language_switch_returns_to_a_page_of_the_hospital()
    {
        using var http = new Http(fixture.BaseUrl);

        var response = await http.GetAsync("aurora/culture/set?culture=en&returnUrl=%2Faurora%2Faccount%2Flogin");

        Assert.Equal("/aurora/account/login", Http.Location(response));
    }

    [Fact]
    public async Task Signing_out_without_the_antiforgery_token_is_refused_and_keeps_the_session()
    {
        using var http = new Http(fixture.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", "vet@aurora.vet")).StatusCode);

        using var empty = new FormUrlEncodedContent(new Dictionary<string, string>());
        var response = await http.Client.PostAsync("aurora/account/logout", empty);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("aurora/")).StatusCode);
    }
}
