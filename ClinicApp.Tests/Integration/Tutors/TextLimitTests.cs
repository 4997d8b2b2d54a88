using ClinicApp.Components.Shared;
using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;
using ClinicApp.Data.Interceptors;
using ClinicApp.Features.Tutors;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using static ClinicApp.Tests.Support.Desk;

namespace ClinicApp.Tests.Integration.Tutors;

/// <summary>Text longer than its column is refused by the save itself, for every service, with a
/// message that says the limit; nothing is stored (SQLite would have kept a megabyte in a name).</summary>
[Collection(AppCollection.Name)]
public sealed class TextLimitTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task A_one_megabyte_tutor_name_is_refused_with_the_limit_and_nothing_is_stored()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var marker = Guid.NewGuid().ToString("N");
        var name = marker + new string('a', 1024 * 1024);

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() =>
            desk.Tutors.SaveAsync(null, new TutorInput { Name = name, Cpf = NewCpf() }));

        Assert.Equal(TextLimitsInterceptor.TooLongKey, refusal.Message);
        Assert.Equal([TextLimits.Of<Tutor>(t => t.Name), name.Length], refusal.Arguments);
        using (new CultureScope("pt-BR"))
        {
            var message = desk.Services.GetRequiredService<IStringLocalizer<SharedResource>>().Describe(refusal);
            Assert.Equal("Um texto está longo demais: tem 1.048.608 caracteres e o máximo é 200. Encurte-o e salve de novo; nada foi salvo.", message);
        }

        Assert.Equal(0, (await desk.Tutors.SearchAsync(new TutorQuery(marker))).Total);
    }

    [Fact]
    public async Task Notes_over_their_limit_are_refused_on_an_edit_and_the_stored_notes_stay()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var id = await desk.NewTutorAsync();
        var tutor = (await desk.Tutors.GetAsync(id))!;
        var max = TextLimits.Of<Tutor>(t => t.Notes);
        var input = new TutorInput { Name = tutor.Name, Cpf = tutor.Cpf, Notes = new string('n', max + 1), Version = tutor.Version };

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => desk.Tutors.SaveAsync(id, input));

        Assert.Equal(TextLimitsInterceptor.TooLongKey, refusal.Message);
        Assert.Equal(max, refusal.Arguments[0]);
        Assert.Null((await desk.Tutors.GetAsync(id))!.Notes);

        input.Notes = new string('n', max);
        await desk.Tutors.SaveAsync(id, input);
        Assert.Equal(max, (await desk.Tutors.GetAsync(id))!.Notes!.Length);
    }

    [Fact]
    public async Task Text_that_skips_the_services_is_refused_by_the_save_as_well()
    {
        await using var desk = await AsAsync(_app, "aurora");
        var id = await desk.NewTutorAsync();
        await using var db = await desk.Services.GetRequiredService<ClinicApp.Tenancy.ClinicDbFactory>().CreateDbContextAsync();
        var tutor = await db.Tutors.SingleAsync(t => t.Id == id);
        tutor.City = new string('c', TextLimits.Of<Tutor>(t => t.City) + 1);

        var refusal = await Assert.ThrowsAsync<DomainRuleException>(() => db.SaveChangesAsync());

        Assert.Equal(TextLimitsInterceptor.TooLongKey, refusal.Message);
        Assert.Null((await desk.Tutors.GetAsync(id))!.City);
    }
}
