using Bunit;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Exams;
using ClinicApp.Features.Pets;
using ClinicApp.Features.Portal;
using ClinicApp.Features.Vaccinations;
using ClinicApp.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.Portal;

/// <summary>The portal's pets card and pet page, and the documents page, rendered with the services of a
/// signed-in tutor's circuit against the real test app.</summary>
[Collection(AppCollection.Name)]
public sealed class PortalPetsComponentTests(AppFixture fixture) : ComponentTestContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource<IReadOnlyList<PortalPetCard>> _held = new();
    private PortalTutor _tutor = default!;
    private AsyncServiceScope _scope;

    /// <summary>Set by a test that holds the card's list (before the context's services are first used).</summary>
    private bool _holdList;

    public async Task InitializeAsync()
    {
        _tutor = await PortalTutors.CreateAsync(fixture.App, "aurora");
        _scope = await PortalTutors.ScopeAsync(fixture.App, _tutor);
        Services.AddFallbackServiceProvider(_scope.ServiceProvider);
        Services.AddScoped<PortalPets>(sp => _holdList ? new HeldPets(_held.Task) : _scope.ServiceProvider.GetRequiredService<PortalPets>());
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _scope.DisposeAsync();
    }

    /// <summary>A <see cref="PortalPets"/> whose list arrives when the test says so.</summary>
    private sealed class HeldPets(Task<IReadOnlyList<PortalPetCard>> list) : PortalPets(null!, null!, null!, null!, null!)
    {
        public override Task<IReadOnlyList<PortalPetCard>> MyPetsAsync(CancellationToken ct = default) => list;
    }

    [Fact]
    public void The_pets_card_shows_a_skeleton_while_it_loads_then_the_pets()
    {
        _holdList = true;
        using var _ = new CultureScope("en");

        var cut = Render<PortalPetsCard>(p => p.Add(x => x.Slot, new PortalHomeCards()));

        Assert.NotNull(cut.Find("[data-testid=portal-pets-loading]"));
        Assert.Empty(cut.FindAll("[data-testid=portal-pet]"));
        _held.SetResult([new PortalPetCard(Guid.NewGuid(), "Bidu", Species.Dog, "Poodle", null, false, false, null, 7.2m, VaccinesDue.Due)]);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=portal-pet]")), Wait);
        Assert.Empty(cut.FindAll("[data-testid=portal-pets-loading]"));
        Assert.Contains("Vaccine due soon", cut.Find("[data-testid=portal-pet-vaccines]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pets_card_says_so_when_the_tutor_has_no_pet()
    {
        await using (var admin = await Desk.AsAsync(fixture.App, "aurora", Roles.Admin))
        {
            await admin.Pets.DeleteAsync(_tutor.PetId);
        }

        using var _ = new CultureScope("pt-BR");
        var cut = Render<PortalPetsCard>(p => p.Add(x => x.Slot, new PortalHomeCards()));

        cut.WaitForAssertion(() => Assert.Contains("Nenhum pet", cut.Find("[data-testid=portal-pets-none]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(cut.FindAll("[data-testid=portal-pet]"));
    }

    [Fact]
    public async Task The_pets_card_lists_the_tutors_pet_with_its_initial_weight_and_an_overdue_vaccine()
    {
        string name;
        await using (var vet = await Desk.AsAsync(fixture.App, "aurora", Roles.Veterinarian))
        {
            name = (await vet.Pets.GetAsync(_tutor.PetId))!.Pet.Name;
            await vet.Pets.AddWeightAsync(_tutor.PetId, 9.35m);
            await vet.Services.GetRequiredService<VaccinationService>().RecordAsync(_tutor.PetId,
                new VaccinationInput { Vaccine = "V10", AppliedOn = vet.Time.Today.AddDays(-380), NextDueOn = vet.Time.Today.AddDays(-15) });
        }

        using var _ = new CultureScope("pt-BR");
        var cut = Render<PortalPetsCard>(p => p.Add(x => x.Slot, new PortalHomeCards()));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=portal-pet]")), Wait);
        var pet = cut.Find("[data-testid=portal-pet]");
        Assert.Equal(name, cut.Find("[data-testid=portal-pet-name]").TextContent.Trim());
        Assert.Contains("9,35 kg", pet.TextContent, StringComparison.Ordinal);
        Assert.Contains(name[..1].ToUpperInvariant(), cut.Find(".mud-avatar").TextContent, StringComparison.Ordinal);
        Assert.Contains("Vacina atrasada", cut.Find("[data-testid=portal-pet-vaccines]").TextContent, StringComparison.Ordinal);
        Assert.Contains($"portal/pets/{_tutor.PetId}", pet.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pet_page_of_another_tutors_pet_shows_not_found()
    {
        var other = await PortalTutors.CreateAsync(fixture.App, "aurora");
        using var _ = new CultureScope("en");

        var cut = Render<PortalPetPage>(p => p.Add(x => x.PetId, other.PetId));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=portal-not-found]")), Wait);
        Assert.Empty(cut.FindAll("[data-testid=portal-pet-facts]"));
    }

    [Fact]
    public async Task The_pet_page_shows_only_shared_alerts_and_reloads_when_a_vaccination_is_recorded()
    {
        await using var vet = await Desk.AsAsync(fixture.App, "aurora", Roles.Veterinarian);
        var input = PetInput.From((await vet.Pets.GetAsync(_tutor.PetId))!.Pet);
        input.Alerts = PetAlerts.Diabetic | PetAlerts.Bites;
        input.SharedAlerts = PetAlerts.Diabetic;
        await vet.Pets.SaveAsync(_tutor.PetId, input);
        using var _ = new CultureScope("en");

        var cut = Render<PortalPetPage>(p => p.Add(x => x.PetId, _tutor.PetId));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=portal-pet-facts]")), Wait);

        Assert.NotNull(cut.Find("[data-testid=alert-Diabetic]"));
        Assert.Empty(cut.FindAll("[data-testid=alert-Bites]"));
        Assert.Empty(cut.FindAll("[data-testid=portal-vaccination]"));
        await Task.Run(() => vet.Services.GetRequiredService<VaccinationService>().RecordAsync(_tutor.PetId,
            new VaccinationInput { Vaccine = "Antirrábica", AppliedOn = vet.Time.Today, NextDueOn = vet.Time.Today.AddYears(1) }));
        cut.WaitForAssertion(() => Assert.Contains("Antirrábica", cut.Find("[data-testid=portal-vaccination]").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task The_documents_page_shows_an_exam_in_progress_and_its_result_once_a_vet_releases_it()
    {
        await using var vet = await Desk.AsAsync(fixture.App, "aurora", Roles.Veterinarian);
        var exams = vet.Services.GetRequiredService<ExamService>();
        var examId = await exams.RequestAsync(new ExamRequestInput { PetId = _tutor.PetId, ExamType = "Urinálise" });
        await exams.CompleteAsync(examId, "Densidade 1.030, sem cristais.");
        using var _ = new CultureScope("en");

        var cut = Render<PortalDocumentsPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=portal-exam-in-progress]")), Wait);

        Assert.Empty(cut.FindAll("[data-testid=portal-exam-result]"));
        Assert.DoesNotContain("Densidade", cut.Markup, StringComparison.Ordinal);
        await Task.Run(() => exams.ReleaseToTutorAsync(examId));
        cut.WaitForAssertion(() => Assert.Equal("Densidade 1.030, sem cristais.", cut.Find("[data-testid=portal-exam-result]").TextContent.Trim()), Wait);
        Assert.Empty(cut.FindAll("[data-testid=portal-exam-in-progress]"));
    }
}
