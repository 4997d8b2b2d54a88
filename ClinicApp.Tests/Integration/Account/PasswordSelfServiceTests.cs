using System.Net;
using System.Text.RegularExpressions;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Settings;
using ClinicApp.Features.Users;
using ClinicApp.Tests.Fakes;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ClinicApp.Tests.Integration.Account;

/// <summary>Change password, forgot/reset by e-mail, forced change after a one-time password.
/// Its own app: the hospital's SMTP account points at this test's fake server.</summary>
public sealed partial class PasswordSelfServiceTests : IAsyncLifetime
{
    private const string NewPassword = "Brand@NewPassword9";
    private readonly ClinicAppFactory _app = new(new Dictionary<string, string?> { ["Security:LoginAttemptsPerAccountPerMinute"] = "6" });
    private readonly FakeSmtpServer _smtp = new();

    public async Task InitializeAsync()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        await desk.Services.GetRequiredService<IntegrationSettingsService>().SaveSmtpAsync(new SmtpSettingsInput
        {
            Host = "127.0.0.1", Port = _smtp.Port, StartTls = false, FromAddress = "no-reply@aurora.test", FromName = "Aurora",
        });
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_ends_other_sessions()
    {
        var email = await new TestUsers(_app).CreateAsync("aurora", Roles.Nurse);
        using var http = new Http(_app.BaseUrl);
        using var other = new Http(_app.BaseUrl);
        await http.SignInAsync("aurora", email, TestUsers.Password);
        await other.SignInAsync("aurora", email, TestUsers.Password);

        var wrong = await PostFormAsync(http, "aurora/account/password", "change-password",
            new() { ["Input.Current"] = "not-my-password-1", ["Input.New"] = NewPassword, ["Input.Confirm"] = NewPassword });
        Assert.Contains("A senha atual não está correta.", Http.Text(await wrong.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var changed = await PostFormAsync(http, "aurora/account/password", "change-password",
            new() { ["Input.Current"] = TestUsers.Password, ["Input.New"] = NewPassword, ["Input.Confirm"] = NewPassword });
        Assert.Contains("data-testid=\"password-changed\"", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // This browser stays signed in; the other session is over; only the new password signs in.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("aurora/")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("aurora/")).StatusCode);
        using var fresh = new Http(_app.BaseUrl);
        Assert.Equal(HttpStatusCode.OK, (await fresh.SignInAsync("aurora", email, TestUsers.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.SignInAsync("aurora", email, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task A_reset_link_by_e_mail_sets_a_new_password_once()
    {
        var email = await new TestUsers(_app).CreateAsync("aurora", Roles.Veterinarian);
        using var http = new Http(_app.BaseUrl);

        var asked = await PostFormAsync(http, "aurora/account/forgot-password", "forgot-password", new() { ["Input.Email"] = email });
        Assert.Contains("data-testid=\"forgot-sent\"", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var link = await ResetLinkAsync(email);
        Assert.StartsWith($"{_app.BaseUrl}/aurora/account/reset-password?", link, StringComparison.Ordinal);

        var reset = await PostResetAsync(http, link, NewPassword);
        Assert.Contains("data-testid=\"reset-done\"", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await new Http(_app.BaseUrl).SignInAsync("aurora", email, NewPassword)).StatusCode);

        // The same link a second time: the stamp it carried has changed.
        var again = await PostResetAsync(http, link, "Another@Password77");
        Assert.Contains("Este link é inválido, já foi usado ou expirou.", Http.Text(await again.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await new Http(_app.BaseUrl).SignInAsync("aurora", email, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_an_unknown_address_and_sends_nothing()
    {
        var known = await new TestUsers(_app).CreateAsync("aurora", Roles.Receptionist);
        using var http = new Http(_app.BaseUrl);

        var forKnown = Http.Text(await (await PostFormAsync(http, "aurora/account/forgot-password", "forgot-password", new() { ["Input.Email"] = known })).Content.ReadAsStringAsync());
        await ResetLinkAsync(known);
        var forUnknown = Http.Text(await (await PostFormAsync(http, "aurora/account/forgot-password", "forgot-password", new() { ["Input.Email"] = $"nobody-{Guid.NewGuid():N}@aurora.test" })).Content.ReadAsStringAsync());

        Assert.Equal(Normalize(forKnown), Normalize(forUnknown));
        await Task.Delay(500);
        Assert.True(_smtp.Messages.IsEmpty);
    }

    [Fact]
    public async Task Forgot_password_is_rate_limited_per_account()
    {
        var email = await new TestUsers(_app).CreateAsync("aurora", Roles.Receptionist);
        using var http = new Http(_app.BaseUrl);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await PostFormAsync(http, "aurora/account/forgot-password/", "forgot-password", new() { ["Input.Email"] = email })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task A_user_given_a_one_time_password_must_change_it_before_anything_else()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        var email = $"new-{Guid.NewGuid():N}@aurora.test";
        var oneTime = await desk.Services.GetRequiredService<UserAdministration>().CreateAsync(new NewUser("New Vet", email, [Roles.Veterinarian]));
        using var http = new Http(_app.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", email, oneTime)).StatusCode);

        var home = await http.GetAsync("aurora/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/aurora/account/password", Http.Location(home));
        Assert.Equal("/aurora/account/password", Http.Location(await http.GetAsync($"aurora/invoices/{Guid.NewGuid()}/pdf")));
        Assert.Contains("data-testid=\"password-must-change\"", await (await http.GetAsync("aurora/account/password")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await PostFormAsync(http, "aurora/account/password", "change-password",
            new() { ["Input.Current"] = oneTime, ["Input.New"] = NewPassword, ["Input.Confirm"] = NewPassword });

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("aurora/")).StatusCode);
    }

    private static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    private async Task<string> ResetLinkAsync(string email)
    {
        for (var i = 0; i < 100 && _smtp.Messages.IsEmpty; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(_smtp.Messages.TryDequeue(out var raw), "the reset e-mail arrived");
        using var message = await MimeMessage.LoadAsync(new MemoryStream(raw!));
        Assert.Equal(email, message.To.Mailboxes.Single().Address);
        return Link().Match(message.TextBody!).Value;
    }

    private static async Task<HttpResponseMessage> PostResetAsync(Http http, string link, string password)
    {
        var uri = new Uri(link);
        var page = await (await http.GetAsync(uri.PathAndQuery)).Content.ReadAsStringAsync();
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        return await PostAsync(http, uri.AbsolutePath, page, "reset-password", new()
        {
            ["Input.Email"] = query["email"]!, ["Input.Token"] = query["token"]!, ["Input.New"] = password, ["Input.Confirm"] = password,
        });
    }

    private static async Task<HttpResponseMessage> PostFormAsync(Http http, string path, string form, Dictionary<string, string> fields)
    {
        var page = await (await http.GetAsync(path)).Content.ReadAsStringAsync();
        return await PostAsync(http, path, page, form, fields);
    }

    private static Task<HttpResponseMessage> PostAsync(Http http, string path, string page, string form, Dictionary<string, string> fields) =>
        http.PostFormAsync(path, page, form, fields);

    [GeneratedRegex(@"http://\S+/account/reset-password\?\S+")]
    private static partial Regex Link();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
