using ClinicApp.Common;
using Bunit;
using ClinicApp.Components.Layout;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Account;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.Layout;

/// <summary>The menu as each role sees it. Some links (messages, with their unread count) are live
/// components: the app's services stand behind the menu, though a static render never calls them.</summary>
[Collection(AppCollection.Name)]
public sealed class NavMenuTests : ComponentTestContext
{
    private readonly AsyncServiceScope _app;

    public NavMenuTests(AppFixture fixture)
    {
        _app = fixture.App.Services.CreateAsyncScope();
        Services.AddFallbackServiceProvider(_app.ServiceProvider);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _app.Dispose();
        }
    }

    [Fact]
    public void An_administrator_sees_the_users_link()
    {
        using var _ = new CultureScope("pt-BR");
        var auth = AddAuthorization();
        auth.SetAuthorized("admin@aurora.vet");
        auth.SetRoles(Roles.Admin);

        var cut = RenderMenu();

        var users = cut.Find("a[href='admin/users']");
        Assert.Equal("Usuários", users.TextContent.Trim());
        Assert.Contains("Administração", cut.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pt-BR", "Mensagens e lembretes")]
    [InlineData("en", "Messages & reminders")]
    public void An_administrator_finds_the_message_templates_and_reminders_page(string culture, string label)
    {
        using var _ = new CultureScope(culture);
        var auth = AddAuthorization();
        auth.SetAuthorized("admin@aurora.vet");
        auth.SetRoles(Roles.Admin);

        var cut = RenderMenu();

        Assert.Equal(label, cut.Find("a[href='admin/messages/templates']").TextContent.Trim());
    }

    [Theory]
    [InlineData(Roles.Nurse)]
    [InlineData(Roles.Veterinarian)]
    [InlineData(Roles.Receptionist)]
    [InlineData(Roles.Tutor)]
    public void Anyone_else_does_not_see_the_users_link(string role)
    {
        using var _ = new CultureScope("pt-BR");
        var auth = AddAuthorization();
        auth.SetAuthorized($"{role.ToLowerInvariant()}@aurora.vet");
        auth.SetRoles(role);

        var cut = RenderMenu();

        Assert.Empty(cut.FindAll("a[href='admin/users']"));
        Assert.Empty(cut.FindAll("a[href='admin/backups']"));
        Assert.DoesNotContain("Administração", cut.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Nurse)]
    public void Everyone_sees_home(string role)
    {
        using var _ = new CultureScope("en");
        var auth = AddAuthorization();
        auth.SetAuthorized("someone@aurora.vet");
        auth.SetRoles(role);

        var cut = RenderMenu();

        var home = Assert.Single(cut.FindAll("a.mud-nav-link"), a => a.TextContent.Trim() == "Home");
        Assert.Equal("", home.GetAttribute("href"));
    }

    [Theory]
    [InlineData(Roles.Receptionist)]
    [InlineData(Roles.Nurse)]
    public void Staff_see_the_front_desk_right_after_home(string role)
    {
        using var _ = new CultureScope("pt-BR");
        var auth = AddAuthorization();
        auth.SetAuthorized($"{role.ToLowerInvariant()}@aurora.vet");
        auth.SetRoles(role);
        auth.SetPolicies(Policies.Staff);

        var cut = RenderMenu();

        var links = cut.FindAll("a.mud-nav-link").Select(a => (a.GetAttribute("href"), a.TextContent.Trim())).ToList();
        Assert.Equal([("", "Início"), ("agenda", "Agenda"), ("today", "Hoje"), ("tutors", "Tutores"), ("vaccinations", "Vacinas")], links.Take(5));
        Assert.Empty(cut.FindAll("a[href='admin/settings']"));
    }

    [Fact]
    public void A_tutor_sees_none_of_the_front_desk()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("tutor@aurora.vet");
        auth.SetRoles(Roles.Tutor);

        var cut = RenderMenu();

        Assert.Empty(cut.FindAll("a[href='agenda']"));
        Assert.Empty(cut.FindAll("a[href='today']"));
        Assert.Empty(cut.FindAll("a[href='tutors']"));
        Assert.Empty(cut.FindAll("a[href='vaccinations']"));
    }

    [Fact]
    public void An_administrator_finds_the_settings_in_the_administration_group()
    {
        using var _ = new CultureScope("pt-BR");
        var auth = AddAuthorization();
        auth.SetAuthorized("admin@aurora.vet");
        auth.SetRoles(Roles.Admin);
        auth.SetPolicies(Policies.Staff, Policies.Admin);

        var cut = RenderMenu();

        Assert.Equal("Configurações", cut.Find("a[href='admin/settings']").TextContent.Trim());
    }

    /// <summary>The menu as prerendered (after each test's sign-in is set up): its live links load
    /// nothing until the circuit runs.</summary>
    private IRenderedComponent<NavMenu> RenderMenu()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));
        return Render<NavMenu>();
    }
}
