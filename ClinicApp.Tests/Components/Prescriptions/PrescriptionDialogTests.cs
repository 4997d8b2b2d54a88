using Bunit;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Medications;
using ClinicApp.Features.Prescriptions;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Integration.Prescriptions;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ClinicApp.Tests.Components.Prescriptions;

/// <summary>The dose shown while the vet types it: mg and the volume that holds it, and the warning above the safe range.</summary>
[Collection(AppCollection.Name)]
public sealed class PrescriptionDialogTests(AppFixture fixture) : ComponentTestContext, IAsyncLifetime
{
    private Desk _desk = default!;
    private Guid _petId;
    private string _medicine = "";

    public async Task InitializeAsync()
    {
        _desk = await Desk.AsAsync(fixture.App, "aurora", Roles.Veterinarian);
        _petId = await _desk.NewWeighedPetAsync(12.4m);
        _medicine = $"Dipirona {Guid.NewGuid():N}"[..18];
        await _desk.NewMedicationAsync(name: _medicine);
        Services.AddScoped(_ => _desk.Services.GetRequiredService<PrescriptionService>());
        Services.AddScoped(_ => _desk.Services.GetRequiredService<MedicationCatalogService>());
        Services.AddScoped(_ => _desk.Services.GetRequiredService<HospitalTime>());
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _desk.DisposeAsync();
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(PrescriptionKind kind, bool allowKindChoice = false)
    {
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        var parameters = new DialogParameters<PrescriptionDialog> { { d => d.PetId, _petId }, { d => d.Kind, kind }, { d => d.AllowKindChoice, allowKindChoice } };
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<PrescriptionDialog>("Nova prescrição", parameters, PrescriptionDialog.Options));
        provider.WaitForAssertion(() => Assert.Contains("12,4 kg", provider.Find("[data-testid=prescription-weight]").TextContent, StringComparison.Ordinal));
        return provider;
    }

    private async Task PickMedicineAsync(IRenderedComponent<MudDialogProvider> provider)
    {
        var autocomplete = provider.FindComponent<MudAutocomplete<string>>();
        await provider.InvokeAsync(() => autocomplete.Instance.SelectOptionAsync(_medicine));
        provider.WaitForAssertion(() => Assert.Contains(_medicine, provider.Find("[data-testid=prescription-item]").InnerHtml, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Typing_mg_per_kg_shows_the_dose_in_mg_and_mL_for_the_pets_weight()
    {
        using var _ = new CultureScope("pt-BR");
        var provider = await OpenAsync(PrescriptionKind.Hospital);
        await PickMedicineAsync(provider);

        provider.Find("input[data-testid=dose-amount]").Input("25");

        provider.WaitForAssertion(() => Assert.Equal("310 mg = 0,62 mL", provider.Find("[data-testid=dose-result]").TextContent));
        Assert.Contains("25 mg/kg × 12,4 kg", provider.Find("[data-testid=dose-display]").TextContent, StringComparison.Ordinal);
        Assert.Empty(provider.FindAll("[data-testid=dose-warning]"));
        Assert.Contains("9 doses serão agendadas", provider.Find("[data-testid=dose-count]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dose_above_the_safe_range_shows_a_warning_with_a_confirmation()
    {
        using var _ = new CultureScope("pt-BR");
        var provider = await OpenAsync(PrescriptionKind.Outpatient);
        await PickMedicineAsync(provider);

        provider.Find("input[data-testid=dose-amount]").Input("30");

        provider.WaitForAssertion(() => Assert.Equal("372 mg = 0,74 mL", provider.Find("[data-testid=dose-result]").TextContent));
        Assert.Contains("30 mg/kg está acima da faixa segura do catálogo (no máximo 25 mg/kg)", provider.Find("[data-testid=dose-warning]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(provider.Find("[data-testid=dose-confirm]"));
        Assert.Empty(provider.FindAll("[data-testid=dose-count]"));
    }

    [Fact]
    public async Task From_a_consultation_a_hospitalized_patient_gets_a_hospital_prescription_by_default()
    {
        using var _ = new CultureScope("pt-BR");
        var vet = _desk.Services.GetRequiredService<CurrentActor>().UserId!.Value;
        await _desk.NewStayAsync(_petId, vet, await _desk.NewBedAsync());
        var provider = await OpenAsync(PrescriptionKind.Outpatient, allowKindChoice: true);
        await PickMedicineAsync(provider);

        provider.Find("input[data-testid=dose-amount]").Input("25");

        provider.WaitForAssertion(() => Assert.Contains("9 doses serão agendadas", provider.Find("[data-testid=dose-count]").TextContent, StringComparison.Ordinal));
        Assert.NotNull(provider.Find("[data-testid=prescription-kind-choice]"));
    }

    [Fact]
    public async Task Without_a_stay_the_consultation_prescribes_for_home_use()
    {
        using var _ = new CultureScope("pt-BR");
        var provider = await OpenAsync(PrescriptionKind.Outpatient, allowKindChoice: true);

        Assert.Empty(provider.FindAll("[data-testid=prescription-kind-choice]"));
        Assert.Contains("Ambulatorial", provider.Find("[data-testid=prescription-kind]").TextContent, StringComparison.Ordinal);
    }
}
