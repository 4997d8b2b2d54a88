using Bunit;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Prescriptions;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.Prescriptions;

[Collection(AppCollection.Name)]
public sealed class PrescriptionsPanelTests(AppFixture fixture) : LiveComponentTestContext(fixture, Roles.Veterinarian, Roles.Veterinarian)
{
    [Fact]
    public async Task A_prescription_aColleague_saves_in_english_shows_on_a_portuguese_panel_in_portuguese()
    {
        var vet = Viewer.Services.GetRequiredService<CurrentActor>().UserId!.Value;
        var pet = await Viewer.NewPetAsync();
        var stay = await Viewer.NewStayAsync(pet, vet, await Viewer.NewBedAsync());
        IRenderedComponent<PrescriptionsPanel> cut;
        using (new CultureScope("pt-BR"))
        {
            cut = Render<PrescriptionsPanel>(p => p.Add(x => x.HospitalizationId, stay).Add(x => x.PetId, pet));
            cut.WaitForElement("[data-testid=prescriptions-empty]", Wait);
        }

        await Task.Run(async () =>
        {
            using var _ = new CultureScope("en");
            await Colleague.NewHospitalItemAsync(stay, Colleague.Time.UtcNow.AddHours(1), medication: "Ceftriaxona");
        });

        cut.WaitForAssertion(() => Assert.Contains("Ceftriaxona", cut.Find("[data-testid=prescription-row]").TextContent, StringComparison.Ordinal), Wait);
        var markup = cut.Markup;
        Assert.Contains("Medicamento", markup, StringComparison.Ordinal);
        Assert.Contains("Próxima dose", markup, StringComparison.Ordinal);
        Assert.Contains("Internação", markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Medicine", markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Next dose", markup, StringComparison.Ordinal);
    }
}
