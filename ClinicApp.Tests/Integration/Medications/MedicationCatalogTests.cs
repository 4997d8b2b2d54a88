using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Medications;
using ClinicApp.Tests.Integration.Prescriptions;
using ClinicApp.Tests.Support;

namespace ClinicApp.Tests.Integration.Medications;

[Collection(AppCollection.Name)]
public sealed class MedicationCatalogTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task The_admin_keeps_the_catalogue_and_the_whole_staff_finds_active_medicines_in_it()
    {
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var id = await admin.Catalog().SaveAsync(null, new MedicationInput
        {
            Name = $"Cefalexina Suspensão {marker}",
            ActiveIngredient = "Cefalexina",
            Presentation = Presentation.OralSuspension,
            ConcentrationMgPerUnit = 50m,
            DefaultRoute = DoseRoute.PO,
            MinDoseMgPerKg = 15m,
            MaxDoseMgPerKg = 30m,
        });
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);

        var found = Assert.Single(await nurse.Catalog().SearchAsync($"suspensao {marker}"));
        Assert.Equal(id, found.Id);
        Assert.True(found.IsLiquid);

        var edit = MedicationInput.From(found);
        edit.MaxDoseMgPerKg = 25m;
        await admin.Catalog().SaveAsync(id, edit);
        var stale = await Assert.ThrowsAsync<DomainRuleException>(() => admin.Catalog().SaveAsync(id, edit));
        Assert.Equal("Common.Error.Concurrency", stale.Message);

        await admin.Catalog().SetActiveAsync(id, false);
        Assert.Empty(await nurse.Catalog().SearchAsync(marker));
        Assert.False((await nurse.Catalog().GetAsync(id))!.IsActive);
        Assert.Equal(25m, (await nurse.Catalog().GetAsync(id))!.MaxDoseMgPerKg);
    }

    [Theory]
    [InlineData(Roles.Veterinarian)]
    [InlineData(Roles.Nurse)]
    [InlineData(Roles.Receptionist)]
    public async Task Only_the_admin_writes_the_catalogue(string role)
    {
        await using var desk = await Desk.AsAsync(_app, "aurora", role);

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Catalog().SaveAsync(null, new MedicationInput { Name = "Tramadol" }));

        Assert.Equal("Common.Error.NotAllowed", refusal.Message);
    }

    [Fact]
    public async Task An_invalid_entry_is_refused_and_nothing_is_saved()
    {
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        var name = $"Inválido {Guid.NewGuid():N}"[..16];

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => admin.Catalog().SaveAsync(null, new MedicationInput
        {
            Name = name, ConcentrationMgPerUnit = 10m, MinDoseMgPerKg = 5m, MaxDoseMgPerKg = 1m,
        }));

        Assert.Equal("Medications.Error.MinAboveMax", refusal.Message);
        Assert.Empty(await admin.Catalog().SearchAsync(name));
    }
}
