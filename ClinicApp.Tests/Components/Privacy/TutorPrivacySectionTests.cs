using Bunit;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Portal;
using ClinicApp.Features.Privacy;
using ClinicApp.Features.Tutors;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Components.Privacy;

/// <summary>The tutor page's privacy section for an admin: the consent history (date, purpose,
/// granted or withdrawn, channel, source) and the pending deletion request with its review.</summary>
[Collection(AppCollection.Name)]
public sealed class TutorPrivacySectionTests(AppFixture fixture) : LiveComponentTestContext(fixture, Roles.Admin, Roles.Receptionist)
{
    [Fact]
    public async Task An_admin_sees_the_history_and_reviews_a_pending_request_that_arrives_live()
    {
        var tutorId = await Colleague.Tutors.SaveAsync(null, new TutorInput { Name = $"Section {Guid.NewGuid():N}", RemindersConsent = true });
        using var _ = new CultureScope("en");
        var cut = Render<TutorPrivacySection>(p => p.Add(c => c.Slot, new TutorSections(tutorId)));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=consent-row]")), Wait);
        var row = cut.Find("[data-testid=consent-row]").TextContent;
        Assert.Contains("Reminders", row, StringComparison.Ordinal);
        Assert.Contains("granted", row, StringComparison.Ordinal);
        Assert.Contains("Reception", row, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=erasure-record]"));

        // Recorded meanwhile (by phone, at another screen): the section shows it without a reload, with the review's buttons.
        var erasure = Viewer.Services.GetRequiredService<ErasureService>();
        await erasure.RecordRequestAsync(tutorId, "By phone");
        cut.WaitForAssertion(() =>
        {
            var request = cut.Find("[data-testid=erasure-row]");
            Assert.Equal(nameof(ErasureStatus.Pending), request.GetAttribute("data-status"));
            Assert.NotNull(request.QuerySelector("[data-testid=erasure-approve]"));
            Assert.NotNull(request.QuerySelector("[data-testid=erasure-refuse]"));
        }, Wait);
        Assert.Empty(cut.FindAll("[data-testid=erasure-record]"));
        await erasure.RefuseAsync((await erasure.ListAsync(tutorId)).Single().Id, "test");
    }
}
