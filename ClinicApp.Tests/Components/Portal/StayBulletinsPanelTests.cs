using Bunit;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Hospitalizations;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.Portal;

/// <summary>The stay page's "bulletins for the tutor" as the vet uses it.</summary>
[Collection(AppCollection.Name)]
public sealed class StayBulletinsPanelTests(AppFixture fixture) : LiveComponentTestContext(fixture, Roles.Veterinarian, Roles.Veterinarian)
{
    private async Task<Guid> StayAsync() =>
        await Viewer.NewStayAsync(await Viewer.NewPetAsync(), Viewer.Services.GetRequiredService<CurrentActor>().UserId!.Value, await Viewer.NewBedAsync());

    [Fact]
    public async Task The_vet_publishes_a_bulletin_and_a_colleagues_shows_live_newest_first()
    {
        var stay = await StayAsync();
        using var _ = new CultureScope("pt-BR");
        var cut = Render<StayBulletinsPanel>(p => p.Add(x => x.HospitalizationId, stay).Add(x => x.PetName, "Rex").Add(x => x.IsActive, true));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=bulletins-empty]")), Wait);

        cut.Find("textarea[data-testid=bulletin-text]").Input("  Passou bem a noite.  ");
        cut.Find("[data-testid=bulletin-publish]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["Passou bem a noite."], cut.FindAll("[data-testid=bulletin]").Select(b => b.TextContent.Trim())), Wait);

        await Task.Run(() => Colleague.Services.GetRequiredService<StayBulletins>().PublishAsync(stay, "Comeu sozinho."));
        cut.WaitForAssertion(() => Assert.Equal(["Comeu sozinho.", "Passou bem a noite."], cut.FindAll("[data-testid=bulletin]").Select(b => b.TextContent.Trim())), Wait);
    }

    [Fact]
    public async Task An_ended_stay_shows_its_bulletins_without_the_form()
    {
        var stay = await StayAsync();
        await Viewer.Services.GetRequiredService<StayBulletins>().PublishAsync(stay, "Boletim antes da alta.");
        await Viewer.Services.GetRequiredService<HospitalizationService>().DischargeAsync(stay, HospitalizationStatus.Discharged, "Alta.");

        var cut = Render<StayBulletinsPanel>(p => p.Add(x => x.HospitalizationId, stay).Add(x => x.PetName, "Rex").Add(x => x.IsActive, false));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=bulletin]")), Wait);
        Assert.NotEmpty(cut.FindAll("[data-testid=bulletin-ended]"));
        Assert.Empty(cut.FindAll("[data-testid=bulletin-publish]"));
    }
}

/// <summary>A nurse reads the bulletins but does not publish them.</summary>
[Collection(AppCollection.Name)]
public sealed class StayBulletinsPanelNurseTests(AppFixture fixture) : LiveComponentTestContext(fixture, Roles.Nurse, Roles.Veterinarian)
{
    [Fact]
    public async Task A_nurse_sees_the_bulletins_without_the_form()
    {
        var stay = await Colleague.NewStayAsync(await Colleague.NewPetAsync(), Colleague.Services.GetRequiredService<CurrentActor>().UserId!.Value, await Colleague.NewBedAsync());
        await Colleague.Services.GetRequiredService<StayBulletins>().PublishAsync(stay, "Está estável.");

        var cut = Render<StayBulletinsPanel>(p => p.Add(x => x.HospitalizationId, stay).Add(x => x.PetName, "Rex").Add(x => x.IsActive, true));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=bulletin]")), Wait);
        Assert.Empty(cut.FindAll("[data-testid=bulletin-publish]"));
    }
}
