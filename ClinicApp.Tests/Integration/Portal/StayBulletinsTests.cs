using ClinicApp.Data.Clinical;
using ClinicApp.Data.Common;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Hospitalizations;
using ClinicApp.Infrastructure.Realtime;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicApp.Tests.Integration.Portal;

/// <summary>The vet's bulletins for the tutor, and the discharge's home-care instructions.</summary>
[Collection(AppCollection.Name)]
public sealed class StayBulletinsTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    private static Guid UserId(Desk desk) => desk.Services.GetRequiredService<CurrentActor>().UserId!.Value;

    private static async Task<int> CountAsync(Desk desk, Guid stay)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        return await db.StayBulletins.CountAsync(b => b.HospitalizationId == stay);
    }

    [Fact]
    public async Task A_vet_publishes_a_trimmed_bulletin_signed_with_their_name_and_it_is_announced_for_the_stays_tutor()
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var pet = await vet.NewPetAsync();
        var tutorId = (await vet.Pets.GetAsync(pet))!.Tutor.Id;
        var stay = await vet.NewStayAsync(pet, UserId(vet), await vet.NewBedAsync());
        var heard = new List<StayBulletinPublished>();
        using var subscription = vet.Services.GetRequiredService<HospitalEvents>()
            .Subscribe<StayBulletinPublished>(e => { lock (heard) { heard.Add(e); } return Task.CompletedTask; });
        var bulletins = vet.Services.GetRequiredService<StayBulletins>();

        var first = await bulletins.PublishAsync(stay, "  Chegou abatido, está no soro.  ");
        var second = await bulletins.PublishAsync(stay, "Comeu sozinho hoje.");

        var rows = await bulletins.OfStayAsync(stay);
        Assert.Equal([second, first], rows.Select(r => r.Id));
        Assert.Equal("Chegou abatido, está no soro.", rows[1].Text);
        await using var db = await vet.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        var vetId = UserId(vet);
        var name = await db.Users.Where(u => u.Id == vetId).Select(u => u.DisplayName).SingleAsync();
        Assert.All(rows, r => Assert.Equal(name, r.AuthorName));
        Assert.Contains(new StayBulletinPublished(stay, tutorId, first), heard);
    }

    [Theory]
    [InlineData(Roles.Nurse)]
    [InlineData(Roles.Receptionist)]
    [InlineData(Roles.Tutor)]
    public async Task Only_vets_and_admins_publish(string role)
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var stay = await vet.NewStayAsync(await vet.NewPetAsync(), UserId(vet), await vet.NewBedAsync());
        await using var other = await Desk.AsAsync(_app, "aurora", role);

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => other.Services.GetRequiredService<StayBulletins>().PublishAsync(stay, "Está bem."));

        Assert.Equal("Common.Error.NotAllowed", refusal.Message);
        Assert.Equal(0, await CountAsync(vet, stay));
        await using var admin = await Desk.AsAsync(_app, "aurora", Roles.Admin);
        await admin.Services.GetRequiredService<StayBulletins>().PublishAsync(stay, "Está bem.");
        Assert.Equal(1, await CountAsync(vet, stay));
    }

    [Fact]
    public async Task An_empty_or_too_long_bulletin_is_refused_and_nothing_is_saved()
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var stay = await vet.NewStayAsync(await vet.NewPetAsync(), UserId(vet), await vet.NewBedAsync());
        var bulletins = vet.Services.GetRequiredService<StayBulletins>();

        var empty = await Assert.ThrowsAsync<DomainRuleException>(() => bulletins.PublishAsync(stay, "   \n "));
        var none = await Assert.ThrowsAsync<DomainRuleException>(() => bulletins.PublishAsync(stay, null));
        var tooLong = await Assert.ThrowsAsync<DomainRuleException>(() => bulletins.PublishAsync(stay, new string('a', StayBulletins.MaxTextLength + 1)));
        await bulletins.PublishAsync(stay, "  " + new string('b', StayBulletins.MaxTextLength) + "  ");

        Assert.Equal(("Bulletin.Error.Required", "Bulletin.Error.Required", "Bulletin.Error.TooLong"), (empty.Message, none.Message, tooLong.Message));
        Assert.Equal(2000, StayBulletins.MaxTextLength);
        Assert.Equal(1, await CountAsync(vet, stay));
    }

    [Fact]
    public async Task An_ended_stay_takes_no_bulletin_and_an_unknown_one_is_not_found()
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var stay = await vet.NewStayAsync(await vet.NewPetAsync(), UserId(vet), await vet.NewBedAsync());
        await vet.Services.GetRequiredService<HospitalizationService>().DischargeAsync(stay, HospitalizationStatus.Discharged, "Alta.");
        var bulletins = vet.Services.GetRequiredService<StayBulletins>();

        var ended = await Assert.ThrowsAsync<DomainRuleException>(() => bulletins.PublishAsync(stay, "Está bem."));
        var unknown = await Assert.ThrowsAsync<DomainRuleException>(() => bulletins.PublishAsync(Guid.NewGuid(), "Está bem."));

        Assert.Equal(("Bulletin.Error.Ended", "Common.Error.NotFound"), (ended.Message, unknown.Message));
        Assert.Equal(0, await CountAsync(vet, stay));
    }

    [Fact]
    public async Task Discharge_keeps_the_trimmed_home_care_instructions_and_refuses_too_long_ones_without_ending_the_stay()
    {
        await using var vet = await Desk.AsAsync(_app, "aurora", Roles.Veterinarian);
        var stays = vet.Services.GetRequiredService<HospitalizationService>();
        var refused = await vet.NewStayAsync(await vet.NewPetAsync(), UserId(vet), await vet.NewBedAsync());
        var kept = await vet.NewStayAsync(await vet.NewPetAsync(), UserId(vet), await vet.NewBedAsync());
        var none = await vet.NewStayAsync(await vet.NewPetAsync(), UserId(vet), await vet.NewBedAsync());

        var tooLong = await Assert.ThrowsAsync<DomainRuleException>(() =>
            stays.DischargeAsync(refused, HospitalizationStatus.Discharged, "Alta.", new string('x', HospitalizationService.MaxInstructionsLength + 1)));
        await stays.DischargeAsync(kept, HospitalizationStatus.Discharged, "Alta.", "  Repouso e ração úmida.  ");
        await stays.DischargeAsync(none, HospitalizationStatus.Discharged, "Alta.", "   ");

        Assert.Equal("Hospitalization.Error.InstructionsTooLong", tooLong.Message);
        Assert.Equal(4000, HospitalizationService.MaxInstructionsLength);
        Assert.True((await stays.GetAsync(refused))!.IsActive);
        Assert.Equal("Repouso e ração úmida.", (await stays.GetAsync(kept))!.DischargeInstructions);
        Assert.Null((await stays.GetAsync(none))!.DischargeInstructions);
    }
}
