using Bunit;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Prescriptions;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Integration.Prescriptions;
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

    [Fact]
    public async Task A_course_with_no_dose_left_shows_finished_not_active_with_no_next_dose()
    {
        var vet = Viewer.Services.GetRequiredService<CurrentActor>().UserId!.Value;
        var pet = await Viewer.NewPetAsync();
        var stay = await Viewer.NewStayAsync(pet, vet, await Viewer.NewBedAsync(), admittedUtc: Viewer.Time.UtcNow.AddHours(-31));
        var item = await Viewer.NewHospitalItemAsync(stay, Viewer.Time.UtcNow.AddHours(-30), everyHours: 8, days: 1, medication: "Meloxicam");
        // Every dose of the one-day course was given (the last one 14 hours ago).
        await using (var db = await Viewer.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            foreach (var dose in db.MedicationAdministrations.Where(a => a.PrescriptionItemId == item).ToList())
            {
                dose.Give(100m, dose.DueAt, vet, "Vet");
            }

            await db.SaveChangesAsync();
        }

        using var _ = new CultureScope("pt-BR");
        var cut = Render<PrescriptionsPanel>(p => p.Add(x => x.HospitalizationId, stay).Add(x => x.PetId, pet));

        cut.WaitForAssertion(() => Assert.Equal("Concluído", cut.Find("[data-testid=prescription-status]").TextContent.Trim()), Wait);
        Assert.Equal("Concluído", cut.Find("[data-testid=prescription-next]").TextContent.Trim());
        Assert.DoesNotContain("Ativo", cut.Find("[data-testid=prescription-row]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_outpatient_prescription_whose_items_were_all_suspended_offers_no_print()
    {
        var pet = await Viewer.NewPetAsync();
        var medication = await Viewer.NewMedicationAsync(name: $"Dipirona {Guid.NewGuid():N}"[..16]);
        var id = await Viewer.Prescriptions().CreateAsync(new PrescriptionInput
        {
            PetId = pet, Kind = ClinicApp.Data.Clinical.PrescriptionKind.Outpatient, Items = [PrescribingData.Item(medication, Viewer.NextHour(), amount: 100m, mode: ClinicApp.Data.Clinical.DoseMode.Fixed)],
        });
        var kept = await Viewer.Prescriptions().CreateAsync(new PrescriptionInput
        {
            PetId = pet, Kind = ClinicApp.Data.Clinical.PrescriptionKind.Outpatient, Items = [PrescribingData.Item(medication, Viewer.NextHour(), amount: 100m, mode: ClinicApp.Data.Clinical.DoseMode.Fixed)],
        });
        var itemId = (await Viewer.Prescriptions().GetAsync(id))!.Items.Single().Id;
        await Viewer.Prescriptions().SuspendItemAsync(itemId, "Reação alérgica");

        using var _ = new CultureScope("pt-BR");
        var cut = Render<PrescriptionsPanel>(p => p.Add(x => x.PetId, pet));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=prescription]").Count), Wait);
        Assert.Empty(cut.FindAll($"[data-testid=prescription][data-id='{id}'] [data-testid=prescription-print]"));
        Assert.Single(cut.FindAll($"[data-testid=prescription][data-id='{kept}'] [data-testid=prescription-print]"));
    }
}
