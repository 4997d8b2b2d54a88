using Bunit;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Hospitalizations;
using ClinicApp.Features.Portal;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.Portal;

[Collection(AppCollection.Name)]
public sealed class PortalStayPageTests(AppFixture fixture) : PortalComponentTestContext(fixture)
{
    private const string Note = "Evolução: distensão abdominal, considerar laparotomia exploratória.";

    private async Task<(Guid Stay, Desk Vet)> AdmitAsync(Guid petId)
    {
        var vet = await Desk.AsAsync(App, "aurora", Roles.Veterinarian);
        var stay = await vet.NewStayAsync(petId, vet.Services.GetRequiredService<CurrentActor>().UserId!.Value, await vet.NewBedAsync());
        await vet.Services.GetRequiredService<HospitalizationService>().AddNoteAsync(stay, Note);
        return (stay, vet);
    }

    [Fact]
    public async Task The_tutor_follows_the_stay_live_bulletins_then_discharge_and_never_sees_the_notes()
    {
        var (stay, vet) = await AdmitAsync(Tutor.PetId);
        await using var _ = vet;
        using var culture = new CultureScope("pt-BR");

        var cut = Render<PortalStayPage>(p => p.Add(x => x.Id, stay));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=portal-stay-no-bulletins]")), Wait);
        Assert.Equal("Em cuidados", cut.Find("[data-testid=portal-stay-status]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=portal-stay-pdf]"));

        await Task.Run(() => vet.Services.GetRequiredService<StayBulletins>().PublishAsync(stay, "Passou bem a noite, alimentou-se sozinho."));
        cut.WaitForAssertion(() => Assert.Contains("Passou bem a noite, alimentou-se sozinho.", cut.Find("[data-testid=portal-stay-bulletins]").TextContent, StringComparison.Ordinal), Wait);

        await Task.Run(() => vet.Services.GetRequiredService<HospitalizationService>().DischargeAsync(stay, HospitalizationStatus.Discharged, "Alta.", "Ração úmida e repouso por 7 dias."));
        cut.WaitForAssertion(() => Assert.Equal("Alta", cut.Find("[data-testid=portal-stay-status]").TextContent.Trim()), Wait);
        Assert.Contains("Ração úmida e repouso por 7 dias.", cut.Find("[data-testid=portal-stay-instructions]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid=portal-stay-pdf]"));
        Assert.DoesNotContain("laparotomia", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Gastroenterite", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_tutors_stay_is_not_found()
    {
        var other = await PortalTutors.CreateAsync(App, "aurora");
        var (stay, vet) = await AdmitAsync(other.PetId);
        await using var _ = vet;
        await vet.Services.GetRequiredService<StayBulletins>().PublishAsync(stay, "Boletim do outro tutor.");

        var cut = Render<PortalStayPage>(p => p.Add(x => x.Id, stay));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=portal-not-found]")), Wait);
        Assert.DoesNotContain("Boletim do outro tutor.", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_home_card_shows_the_pet_in_hospital_with_the_latest_bulletin_and_goes_on_discharge()
    {
        var (stay, vet) = await AdmitAsync(Tutor.PetId);
        await using var _ = vet;
        await vet.Services.GetRequiredService<StayBulletins>().PublishAsync(stay, "Está comendo bem.");
        using var culture = new CultureScope("pt-BR");

        var cut = Render<PortalStayCard>(p => p.Add(x => x.Slot, new PortalHomeCards()));

        cut.WaitForAssertion(() => Assert.Equal("Está comendo bem.", cut.Find("[data-testid=portal-stay-card-latest]").TextContent.Trim()), Wait);
        Assert.Equal($"portal/stays/{stay}", cut.Find("[data-testid=portal-stay-card-open]").GetAttribute("href"));

        await Task.Run(() => vet.Services.GetRequiredService<StayBulletins>().PublishAsync(stay, "Já caminha sozinho."));
        cut.WaitForAssertion(() => Assert.Equal("Já caminha sozinho.", cut.Find("[data-testid=portal-stay-card-latest]").TextContent.Trim()), Wait);

        await Task.Run(() => vet.Services.GetRequiredService<HospitalizationService>().DischargeAsync(stay, HospitalizationStatus.Discharged, "Alta."));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=portal-stay-card]")), Wait);
    }
}
