using Bunit;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Privacy;
using ClinicApp.Features.Tutors;
using ClinicApp.Tests.Support;

namespace ClinicApp.Tests.Components.Privacy;

/// <summary>Reception sees the consent history but neither the deletion requests nor their review.</summary>
[Collection(AppCollection.Name)]
public sealed class TutorPrivacySectionReceptionTests(AppFixture fixture) : LiveComponentTestContext(fixture, Roles.Receptionist, Roles.Receptionist)
{
    [Fact]
    public async Task Reception_sees_the_history_only()
    {
        var tutorId = await Colleague.Tutors.SaveAsync(null, new TutorInput { Name = $"Section {Guid.NewGuid():N}", MarketingConsent = true });
        using var _ = new CultureScope("en");
        var cut = Render<TutorPrivacySection>(p => p.Add(c => c.Slot, new TutorSections(tutorId)));

        cut.WaitForAssertion(() => Assert.Contains("Marketing", cut.Find("[data-testid=consent-row]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(cut.FindAll("[data-testid=erasure-record]"));
        Assert.Empty(cut.FindAll("[data-testid=erasure-row]"));
    }
}
