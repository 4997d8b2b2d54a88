using System.Text.RegularExpressions;
using ClinicApp.Data.Identity;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Users;

[Collection(BrowserCollection.Name)]
public sealed class UserAdministrationFlowTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_admin_creates_a_user_who_signs_in_with_the_one_time_password_and_must_choose_their_own()
    {
        var admin = await OpenUsersPageAsync("boavista");
        var email = $"nova-{Guid.NewGuid():N}@boavista.vet";

        await admin.ClickAsync("[data-testid=user-create]");
        await admin.FillAsync("[data-testid=user-name]", "Patrícia Nova");
        await admin.FillAsync("[data-testid=user-email]", email);
        await admin.ClickAsync("[data-testid=role-Receptionist]");
        await admin.ScreenshotAsync("users-new-dialog");
        await admin.ClickAsync("[data-testid=user-save]");
        var password = (await admin.Locator("[data-testid=one-time-password]").TextContentAsync())!.Trim();
        Assert.True(password.Length >= 12);
        await admin.ScreenshotAsync("users-one-time-password");
        await admin.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        await Expect(admin.Locator("[data-testid=users-table]")).ToContainTextAsync("Patrícia Nova");
        await admin.ScreenshotAsync("users-list");

        // The one-time password opens only the change-password page; the person's own opens the home.
        var person = await fixture.NewPageAsync();
        await person.GotoAsync("boavista/");
        await person.FillAsync("#email", email);
        await person.FillAsync("#password", password);
        await person.ClickAsync("[data-testid=login-submit]");
        await Expect(person).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/boavista/account/password$"));
        await Expect(person.Locator("[data-testid=password-must-change]")).ToBeVisibleAsync();
        await person.FillAsync("#current", password);
        await person.FillAsync("#new", "Minha@SenhaNova42");
        await person.FillAsync("#confirm", "Minha@SenhaNova42");
        await person.ScreenshotAsync("password-change");
        await person.ClickAsync("[data-testid=password-submit]");
        await Expect(person.Locator("[data-testid=password-changed]")).ToHaveTextAsync("Sua senha foi alterada. Suas outras sessões foram encerradas.");
        await person.ClickAsync("[data-testid=password-home]");
        await Expect(person.Locator("[data-testid=home-greeting]")).ToHaveTextAsync("Olá, Patrícia Nova");
        await admin.Context.CloseAsync();
        await person.Context.CloseAsync();
    }

    [Fact]
    public async Task Creating_a_user_without_a_role_is_refused_and_creates_nothing()
    {
        var admin = await OpenUsersPageAsync("aurora");
        var email = $"semperfil-{Guid.NewGuid():N}@aurora.vet";

        await admin.ClickAsync("[data-testid=user-create]");
        await admin.FillAsync("[data-testid=user-name]", "Sem Perfil");
        await admin.FillAsync("[data-testid=user-email]", email);
        await admin.ClickAsync("[data-testid=user-save]");

        await Expect(admin.Locator("[data-testid=user-dialog-error]")).ToHaveTextAsync("Escolha pelo menos um perfil.");
        await using var scope = await new TestUsers(fixture.App).ScopeAsync("aurora");
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
        Assert.Null(await users.FindByEmailAsync(email));
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task Deactivating_a_user_ends_their_open_screen_at_once()
    {
        var helper = new TestUsers(fixture.App);
        var email = await helper.CreateAsync("aurora", Roles.Nurse, "Enfermeira Temporária");
        var nurse = await fixture.NewPageAsync();
        await nurse.SignInAsync("aurora", email, TestUsers.Password);
        await Expect(nurse.Locator("[data-testid=home-greeting]")).ToHaveTextAsync("Olá, Enfermeira Temporária");

        var admin = await OpenUsersPageAsync("aurora");
        await admin.ClickAsync($"[data-testid='deactivate-{email}']");
        await admin.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Desativar" }).ClickAsync();
        await Expect(admin.Locator(".mud-snackbar")).ToContainTextAsync("Usuário desativado.");

        // The nurse's open screen notices without any click and goes to the sign-in page.
        await Expect(nurse).ToHaveURLAsync(new Regex("/aurora/account/login"), new() { Timeout = 10_000 });
        await nurse.GotoAsync("aurora/");
        await Expect(nurse).ToHaveURLAsync(new Regex("/aurora/account/login"));
        await admin.Context.CloseAsync();
        await nurse.Context.CloseAsync();
    }

    /// <summary>The hospital's admin, signed in, on the live users page.</summary>
    private async Task<IPage> OpenUsersPageAsync(string slug)
    {
        var admin = await fixture.NewPageAsync();
        await admin.SignInAsync(slug, $"admin@{slug}.vet");
        await admin.GotoAsync($"{slug}/admin/users");
        await admin.WaitForLiveAsync();
        return admin;
    }
}
