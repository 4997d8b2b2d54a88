using System.Security.Claims;
using Bunit;
using ClinicApp.Components.Layout;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Account;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ClinicApp.Tests.Components.Layout;

/// <summary>The menu names the signed-in person's role in their own form of address.</summary>
public sealed class UserMenuTests : ComponentTestContext, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's popover services only dispose asynchronously; xunit would dispose the context synchronously.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    [Theory]
    [InlineData(UserGender.Female, "Veterinária")]
    [InlineData(UserGender.Male, "Veterinário")]
    [InlineData(UserGender.Unspecified, "Veterinário")]
    public void A_veterinarian_s_role_agrees_with_her_or_his_form_of_address(UserGender gender, string expected)
    {
        using var _ = new CultureScope("pt-BR");
        Services.AddSingleton<AntiforgeryStateProvider>(new NoAntiforgery());
        var auth = AddAuthorization();
        auth.SetAuthorized("vet@aurora.vet");
        auth.SetRoles(Roles.Veterinarian);
        auth.SetClaims(new Claim(ClinicClaims.DisplayName, "Helena Duarte"), new Claim(ClinicClaims.Gender, gender.ToString()));
        var popovers = Render<MudPopoverProvider>();

        var cut = Render<UserMenu>();
        cut.Find("[data-testid=user-menu] button").Click();

        var roles = popovers.WaitForElement(".mud-text-secondary");
        Assert.Equal(expected, roles.TextContent.Trim());
    }

    private sealed class NoAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => null;
    }
}
