using System.Security.Claims;
using Bunit;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Pets;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ClinicApp.Tests.Components.Pets;

/// <summary>Who may change a pet's clinical data once it is registered.</summary>
[Collection(AppCollection.Name)]
public sealed class PetDialogTests(AppFixture fixture) : ComponentTestContext, IAsyncLifetime
{
    private static readonly Pet Bidu = new()
    {
        Name = "Bidu",
        TutorId = Guid.NewGuid(),
        Species = Species.Dog,
        Allergies = "Dipirona",
        Alerts = PetAlerts.Bites,
    };

    private AsyncServiceScope _hospital;

    public async Task InitializeAsync()
    {
        _hospital = fixture.App.Services.GetRequiredService<TenantScopes>().Create(await fixture.App.HospitalAsync("aurora"), "test");
        Services.AddScoped(_ => _hospital.ServiceProvider.GetRequiredService<PetService>());
        Services.AddScoped(_ => _hospital.ServiceProvider.GetRequiredService<CurrentActor>());
        Services.AddScoped(_ => _hospital.ServiceProvider.GetRequiredService<HospitalTime>());
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        // MudBlazor's dialog services only dispose asynchronously; xunit would dispose the context synchronously.
        await base.DisposeAsync();
        await _hospital.DisposeAsync();
    }

    [Theory]
    [InlineData(Roles.Receptionist, true)]
    [InlineData(Roles.Veterinarian, false)]
    public async Task Clinical_data_of_a_registered_pet_is_the_vets_to_change(string role, bool locked)
    {
        using var _ = new CultureScope("pt-BR");
        _hospital.ServiceProvider.GetRequiredService<CurrentActor>().SetUser(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "someone@aurora.vet"), new Claim(ClaimTypes.Role, role)], "test")));
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        var parameters = new DialogParameters<PetDialog> { { d => d.TutorId, Bidu.TutorId }, { d => d.Existing, Bidu } };

        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<PetDialog>("Editar pet", parameters, PetDialog.Options));

        var allergies = provider.Find("textarea[data-testid=pet-allergies]");
        Assert.Equal("Dipirona", allergies.TextContent);
        Assert.Equal(locked, allergies.HasAttribute("disabled"));
        Assert.Equal(locked, provider.Markup.Contains("Somente veterinários e administradores", StringComparison.Ordinal));
        Assert.Contains("Morde", provider.Find("[data-testid=pet-alert-Bites]").TextContent, StringComparison.Ordinal);
        Assert.Empty(provider.FindAll("input[data-testid=pet-weight]"));
    }

    [Fact]
    public async Task A_vet_picks_the_shared_alerts_among_the_pets_alerts_and_an_alert_taken_off_is_no_longer_shared()
    {
        using var _ = new CultureScope("en");
        _hospital.ServiceProvider.GetRequiredService<CurrentActor>().SetUser(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "vet@aurora.vet"), new Claim(ClaimTypes.Role, Roles.Veterinarian)], "test")));
        var pet = new Pet { Name = "Mel", TutorId = Guid.NewGuid(), Species = Species.Cat, Alerts = PetAlerts.Bites | PetAlerts.Diabetic, SharedAlerts = PetAlerts.Diabetic };
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        var parameters = new DialogParameters<PetDialog> { { d => d.TutorId, pet.TutorId }, { d => d.Existing, pet } };

        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<PetDialog>("Edit pet", parameters, PetDialog.Options));

        // Only the pet's own alerts can be shared; the one already shared starts ticked.
        Assert.Equal(2, provider.FindAll("[data-testid^=pet-shared-alert-]").Count);
        Assert.Contains("mud-chip-selected", provider.Find("[data-testid=pet-shared-alert-Diabetic]").ClassList);
        Assert.DoesNotContain("mud-chip-selected", provider.Find("[data-testid=pet-shared-alert-Bites]").ClassList);
        Assert.Empty(provider.FindAll("[data-testid=pet-shared-alert-Fearful]"));

        await provider.Find("[data-testid=pet-alert-Diabetic]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=pet-shared-alert-Diabetic]")));
        Assert.Single(provider.FindAll("[data-testid^=pet-shared-alert-]"));
    }
}
