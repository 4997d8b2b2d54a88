using System.Net;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Users;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Account;

/// <summary>Downloads and API calls check the cookie's security stamp on every request (through a
/// cache of a few seconds that an admin's change empties), not only every minute.</summary>
[Collection(AppCollection.Name)]
public sealed class StampRevalidationTests(AppFixture fixture)
{
    // Any id: signed in, a missing invoice is 404; signed out, the download sends to the sign-in page.
    private static readonly string Download = $"aurora/invoices/{Guid.NewGuid()}/pdf";

    [Fact]
    public async Task A_deactivated_users_cookie_fails_on_the_very_next_download()
    {
        var (http, user) = await SignedInReceptionistAsync();
        using (http)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Download)).StatusCode);

            await AsAdminAsync(admin => admin.SetActiveAsync(user.Id, false));

            var after = await http.GetAsync(Download);
            Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
            Assert.StartsWith("/aurora/account/login", Http.Location(after), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_role_change_ends_the_old_cookie_at_once()
    {
        var (http, user) = await SignedInReceptionistAsync();
        using (http)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Download)).StatusCode);

            await AsAdminAsync(admin => admin.SetRolesAsync(user.Id, [Roles.Tutor]));

            Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync(Download)).StatusCode);
        }
    }

    [Fact]
    public async Task A_change_made_without_the_event_still_counts_within_seconds()
    {
        var (http, user) = await SignedInReceptionistAsync();
        using (http)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Download)).StatusCode);

            // Straight in the database (another server, a script): no event reaches the cache.
            await new TestUsers(fixture.App).DeactivateAsync("aurora", user.Email!);
            await Task.Delay(TimeSpan.FromSeconds(6));

            Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync(Download)).StatusCode);
        }
    }

    private async Task<(Http Http, ApplicationUser User)> SignedInReceptionistAsync()
    {
        var users = new TestUsers(fixture.App);
        var email = await users.CreateAsync("aurora", Roles.Receptionist);
        var http = new Http(fixture.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", email, TestUsers.Password)).StatusCode);
        return (http, await users.FindAsync("aurora", email));
    }

    private async Task AsAdminAsync(Func<UserAdministration, Task> change)
    {
        await using var desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Admin);
        await change(desk.Services.GetRequiredService<UserAdministration>());
    }
}
