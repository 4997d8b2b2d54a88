using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Data.Portal;
using ClinicApp.Features.Privacy;
using ClinicApp.Features.Replies;
using ClinicApp.Features.Tutors;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Privacy;

/// <summary>Consents change in one place and leave their history, whoever changes them: the desk's
/// tutor dialog, the tutor in the portal, a WhatsApp "SAIR". A save that changes nothing adds no row.</summary>
[Collection(AppCollection.Name)]
public sealed class ConsentHistoryTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task The_desk_records_who_granted_and_withdrew_and_a_save_without_a_change_records_nothing()
    {
        await using var desk = await Desk.AsAsync(_app, "aurora");
        var tutorId = await desk.Tutors.SaveAsync(null, new TutorInput { Name = $"Consent desk {Guid.NewGuid():N}", RemindersConsent = true });
        var staff = await StaffNameAsync(desk);

        var history = await desk.Services.GetRequiredService<ConsentService>().HistoryAsync(tutorId);
        var granted = Assert.Single(history);
        Assert.Equal((ConsentPurpose.Reminders, true, ConsentChannel.Desk, staff), (granted.Purpose, granted.Granted, granted.Channel, granted.Source));

        // Saved again as it is (another field edited): no change of consent, no row.
        var tutor = (await desk.Tutors.GetAsync(tutorId))!;
        var input = TutorInput.From(tutor);
        input.City = "Campinas";
        await desk.Tutors.SaveAsync(tutorId, input);
        Assert.Single(await desk.Services.GetRequiredService<ConsentService>().HistoryAsync(tutorId));

        // Unticked reminders, ticked marketing: two rows, and the tutor's state follows.
        input = TutorInput.From((await desk.Tutors.GetAsync(tutorId))!);
        input.RemindersConsent = false;
        input.MarketingConsent = true;
        await desk.Tutors.SaveAsync(tutorId, input);
        history = await desk.Services.GetRequiredService<ConsentService>().HistoryAsync(tutorId);
        Assert.Equal(3, history.Count);
        Assert.Contains(history, c => c is { Purpose: ConsentPurpose.Reminders, Granted: false, Channel: ConsentChannel.Desk });
        Assert.Contains(history, c => c is { Purpose: ConsentPurpose.Marketing, Granted: true, Channel: ConsentChannel.Desk });
        tutor = (await desk.Tutors.GetAsync(tutorId))!;
        Assert.Null(tutor.RemindersConsentAt);
        Assert.NotNull(tutor.RemindersConsentWithdrawnAt);
        Assert.Equal("desk", tutor.RemindersConsentWithdrawnVia);
        Assert.NotNull(tutor.MarketingConsentAt);
        Assert.False(TutorInput.From(tutor).RemindersConsent);
    }

    [Fact]
    public async Task The_tutor_changes_consents_in_the_portal_and_sees_the_history()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var myData = scope.ServiceProvider.GetRequiredService<MyDataService>();

        Assert.True(await myData.SetConsentAsync(ConsentPurpose.Marketing, true));
        Assert.False(await myData.SetConsentAsync(ConsentPurpose.Marketing, true));
        Assert.True(await myData.SetConsentAsync(ConsentPurpose.Reminders, true));
        Assert.True(await myData.SetConsentAsync(ConsentPurpose.Reminders, false));

        var view = await myData.GetAsync();
        Assert.True(view.Marketing);
        Assert.False(view.Reminders);
        Assert.Equal(3, view.History.Count);
        Assert.All(view.History, c => Assert.Equal((ConsentChannel.Portal, MyDataService.PortalSource), (c.Channel, c.Source)));
        Assert.Equal((ConsentPurpose.Reminders, false), (view.History[0].Purpose, view.History[0].Granted));

        // Staff see the same history on the tutor page.
        await using var desk = await Desk.AsAsync(_app, "aurora");
        Assert.Equal(view.History.Select(c => c.Id), (await desk.Services.GetRequiredService<ConsentService>().HistoryAsync(tutor.TutorId)).Select(c => c.Id));
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var row = await db.Tutors.AsNoTracking().SingleAsync(t => t.Id == tutor.TutorId);
        Assert.Equal("portal", row.RemindersConsentWithdrawnVia);
        Assert.Null(row.RemindersConsentAt);
    }

    [Fact]
    public async Task A_whatsapp_sair_withdraws_reminders_with_the_reply_as_source()
    {
        var phone = PrivacyData.UniquePhone();
        Guid tutorId;
        await using (var desk = await Desk.AsAsync(_app, "aurora"))
        {
            tutorId = await desk.Tutors.SaveAsync(null, new TutorInput { Name = $"Consent sair {Guid.NewGuid():N}", Phone = phone, WhatsAppOptIn = true, RemindersConsent = true });
            await desk.Services.GetRequiredService<ReplyService>().ReceiveAsync(new InboundReply($"SM{Guid.NewGuid():N}", $"whatsapp:{phone}", "SAIR", null));

            // The same reply again (a new message) changes nothing more.
            await desk.Services.GetRequiredService<ReplyService>().ReceiveAsync(new InboundReply($"SM{Guid.NewGuid():N}", $"whatsapp:{phone}", "sair", null));

            var history = await desk.Services.GetRequiredService<ConsentService>().HistoryAsync(tutorId);
            Assert.Equal(2, history.Count);
            var withdrawn = history[0];
            Assert.Equal((ConsentPurpose.Reminders, false, ConsentChannel.WhatsApp, "SAIR"), (withdrawn.Purpose, withdrawn.Granted, withdrawn.Channel, withdrawn.Source));
            var tutor = (await desk.Tutors.GetAsync(tutorId))!;
            Assert.Equal(ReplyService.Via, tutor.RemindersConsentWithdrawnVia);
            Assert.Null(tutor.RemindersConsentAt);
        }
    }

    [Fact]
    public async Task Only_staff_read_the_history()
    {
        var tutor = await PortalTutors.CreateAsync(_app, "aurora");
        await using var scope = await PortalTutors.ScopeAsync(_app, tutor);
        var e = await Assert.ThrowsAsync<DomainRuleException>(() => scope.ServiceProvider.GetRequiredService<ConsentService>().HistoryAsync(tutor.TutorId));
        Assert.Equal("Common.Error.NotAllowed", e.Message);
        await using var nurse = await Desk.AsAsync(_app, "aurora", Roles.Nurse);
        await Assert.ThrowsAsync<DomainRuleException>(() => nurse.Services.GetRequiredService<ConsentService>().HistoryAsync(tutor.TutorId));
    }

    private static async Task<string> StaffNameAsync(Desk desk)
    {
        var actor = desk.Services.GetRequiredService<CurrentActor>();
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await TutorConsents.StaffNameAsync(db, actor, default);
    }
}
