using Bunit;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Prescriptions;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.Prescriptions;

[Collection(AppCollection.Name)]
public sealed class PrescriptionsPanelTests(AppFixture fixture) : ComponentTestContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private Desk _viewer = default!;
    private Desk _colleague = default!;

    public async Task InitializeAsync()
    {
        _viewer = await Desk.AsAsync(fixture.App, "aurora", Roles.Veterinarian);
        _colleague = await Desk.AsAsync(fixture.App, "aurora", Roles.Veterinarian);
        // The panel's services, its live updates included, are the viewer's circuit's.
        Services.AddFallbackServiceProvider(_viewer.Services);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _colleague.DisposeAsync();
        await _viewer.DisposeAsync();
    }

    [Fact]
    public async Task A_prescription_a_colleague_saves_in_english_shows_on_a_portuguese_panel_in_portuguese()
    {
        var vet = _viewer.Services.GetRequiredService<CurrentActor>().UserId!.Value;
        var pet = await _viewer.NewPetAsync();
        var stay = await _viewer.NewStayAsync(pet, vet, await _viewer.NewBedAsync());
        IRenderedComponent<PrescriptionsPanel> cut;
        using (new CultureScope("pt-BR"))
        {
            cut = Render<PrescriptionsPanel>(p => p.Add(x => x.HospitalizationId, stay).Add(x => x.PetId, pet));
            cut.WaitForElement("[data-testid=prescriptions-empty]", Wait);
        }

        await Task.Run(async () =>
        {
            using var _ = new CultureScope("en");
            await _colleague.NewHospitalItemAsync(stay, _colleague.Time.UtcNow.AddHours(1), medication: "Ceftriaxona");
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
