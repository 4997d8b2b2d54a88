using System.Text.RegularExpressions;
using ClinicApp.Data.Identity;
using ClinicApp.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ClinicApp.Tests.E2E.Account;

[Collection(BrowserCollection.Name)]
public sealed partial class SignInFlowTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("admin", "Carla Mendes", true)]
    [InlineData("vet", "Dr. Rafael Souza", false)]
    [InlineData("nurse", "Juliana Lima", false)]
    [InlineData("reception", "Bruno Alves", false)]
    [InlineData("tutor", "Marina Costa", false)]
    public async Task Each_role_signs_in_and_sees_its_home_and_only_its_menu(string who, string name, bool seesUsers)
    {
        var page = await fixture.NewPageAsync();

        await page.SignInAsync("aurora", $"{who}@aurora.vet");

        if (who == "tutor")
        {
            // A tutor's home is the portal, greeted by first name.
            await Expect(page).ToHaveURLAsync(new Regex("/aurora/portal$"));
            await Expect(page.Locator("[data-testid=portal-greeting]")).ToHaveTextAsync($"Olá, {name.Split(' ')[0]}");
        }
        else
        {
            await Expect(page).ToHaveURLAsync(new Regex("/aurora/$"));
            await Expect(page.Locator("[data-testid=home-greeting]")).ToHaveTextAsync($"Olá, {name}");
        }

        await Expect(page.Locator("[data-testid=hospital-name]")).ToHaveTextAsync("Hospital Veterinário Aurora");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Usuários" })).ToHaveCountAsync(seesUsers ? 1 : 0);
        await page.ScreenshotAsync($"home-{who}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_password_says_so_and_stays_on_the_sign_in_page()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("aurora/");
        await page.FillAsync("#email", "reception@aurora.vet");
        await page.FillAsync("#password", "this-is-wrong-1");

        await page.ClickAsync("[data-testid=login-submit]");

        await Expect(page.Locator("[data-testid=login-error]")).ToHaveTextAsync("E-mail ou senha incorretos.");
        await Expect(page).ToHaveURLAsync(new Regex("/aurora/account/login"));
        await page.ScreenshotAsync("login-wrong-password");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var email = await new TestUsers(fixture.App).CreateAsync("aurora", Roles.Receptionist);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("aurora/account/login");
        for (var i = 0; i < 5; i++)
        {
            await page.FillAsync("#email", email);
            await page.FillAsync("#password", $"wrong-password-{i}");
            await page.ClickAsync("[data-testid=login-submit]");
            await Expect(page.Locator("[data-testid=login-error]")).ToBeVisibleAsync();
        }

        await page.FillAsync("#email", email);
        await page.FillAsync("#password", TestUsers.Password);
        await page.ClickAsync("[data-testid=login-submit]");

        await Expect(page.Locator("[data-testid=login-error]")).ToContainTextAsync("bloqueada");
        await Expect(page).ToHaveURLAsync(new Regex("/aurora/account/login"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_unknown_hospital_shows_a_friendly_page()
    {
        var page = await fixture.NewPageAsync();

        var response = await page.GotoAsync("no-such-hospital/");

        Assert.Equal(404, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Hospital não encontrado");
        await page.ScreenshotAsync("unknown-hospital");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_cookie_of_aurora_replayed_at_boavista_opens_nothing()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync("aurora", "admin@aurora.vet");
        var auth = (await page.Context.CookiesAsync()).Single(c => c.Name == ".ClinicApp.Auth");
        Assert.Equal("/aurora", auth.Path);

        // Replayed by hand at the other hospital's address.
        await page.Context.AddCookiesAsync([new Cookie { Name = auth.Name, Value = auth.Value, Domain = auth.Domain, Path = "/boavista" }]);
        await page.GotoAsync("boavista/admin/users");

        await Expect(page).ToHaveURLAsync(new Regex("/boavista/account/login"));
        await Expect(page.Locator("[data-testid=hospital-name]")).ToHaveTextAsync("Clínica Veterinária Boa Vista");
        await Expect(page.Locator("[data-testid=users-table]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Signing_out_returns_to_the_sign_in_page_and_closes_the_home()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync("boavista", "vet@boavista.vet");

        await page.ClickAsync("[data-testid=user-menu] button");
        await page.ClickAsync("[data-testid=sign-out]");

        await Expect(page).ToHaveURLAsync(new Regex("/boavista/account/login"));
        await page.GotoAsync("boavista/");
        await Expect(page).ToHaveURLAsync(new Regex("/boavista/account/login"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_language_switch_turns_the_screens_to_english_and_back()
    {
        var email = await new TestUsers(fixture.App).CreateAsync("aurora", Roles.Nurse, "Nina Nurse");
        var page = await fixture.NewPageAsync();
        await page.SignInAsync("aurora", email, TestUsers.Password);
        await Expect(page.Locator("[data-testid=home-greeting]")).ToHaveTextAsync("Olá, Nina Nurse");

        await page.ClickAsync("[data-testid=language-menu] button");
        await page.ClickAsync("[data-testid=language-en]");

        await Expect(page.Locator("[data-testid=home-greeting]")).ToHaveTextAsync("Hello, Nina Nurse");
        await page.WaitForLiveAsync();
        await page.ScreenshotAsync("home-nurse-english");
        await page.ClickAsync("[data-testid=language-menu] button");
        await page.ClickAsync("[data-testid=language-pt-BR]");
        await Expect(page.Locator("[data-testid=home-greeting]")).ToHaveTextAsync("Olá, Nina Nurse");
        await page.Context.CloseAsync();
    }
}
