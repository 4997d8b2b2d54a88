using System.Net;
using ClinicApp.Data.Clinical;
using ClinicApp.Data.Identity;
using ClinicApp.Features.Board;
using ClinicApp.Features.Care;
using ClinicApp.Features.Hospitalizations;
using ClinicApp.Tenancy;
using ClinicApp.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ClinicApp.Tests.Support.Desk;

namespace ClinicApp.Tests.Integration.Board;

/// <summary>The internment board's data from real rows, in a fixed number of queries, per hospital.</summary>
[Collection(AppCollection.Name)]
public sealed class BoardTests(AppFixture fixture)
{
    private readonly ClinicAppFactory _app = fixture.App;

    [Fact]
    public async Task The_board_shows_late_doses_the_next_dose_and_the_last_vitals_against_the_range()
    {
        await using var desk = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var vet = await desk.NewVetAsync();
        var (pet, bed) = (await desk.NewPetAsync(), await desk.NewBedAsync());
        var stay = await desk.NewStayAsync(pet, vet, bed, HospitalizationPriority.High);
        var now = desk.Time.UtcNow;
        await desk.NewHospitalItemAsync(stay, now.AddHours(-5), everyHours: 4, days: 1, medication: "Dipirona");    // −5h, −1h late; +3h…
        await desk.NewHospitalItemAsync(stay, now.AddMinutes(40), everyHours: 12, days: 1, medication: "Ceftriaxona"); // +40min next
        await AddVitalsAsync(desk, stay, pet, now.AddHours(-2), temperature: 38.6m, heartRate: 110);
        await AddVitalsAsync(desk, stay, pet, now.AddHours(-1), temperature: 40.0m, heartRate: null);

        var view = await desk.Services.GetRequiredService<BoardService>().LoadAsync();

        var card = view.StayOf(stay)!;
        Assert.Equal(bed, card.BedId);
        Assert.Contains(view.Wards.SelectMany(w => w.Beds), b => b.Id == bed && b.StayId == stay);
        Assert.Equal(2, card.LateDoses(now, view.ToleranceMinutes));
        Assert.Equal(("Ceftriaxona", now.AddMinutes(40)), (card.NextDose(now, view.ToleranceMinutes)!.Medication, card.NextDose(now, view.ToleranceMinutes)!.DueAt));
        Assert.Contains(new BoardVital(Vital.TemperatureC, 40.0m, VitalLevel.Abnormal), card.Vitals);
        Assert.Contains(new BoardVital(Vital.HeartRate, 110m, VitalLevel.Normal), card.Vitals); // the latest value of each vital
        Assert.Equal((Vital?)Vital.TemperatureC, card.TrendVital);
        Assert.Equal([38.6m, 40.0m], card.Trend);

        // The nurse gives the oldest late dose: one late dose left.
        await using (var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync())
        {
            var oldest = await db.MedicationAdministrations.Where(a => a.HospitalizationId == stay).OrderBy(a => a.DueAt).FirstAsync();
            oldest.Give(100m, now, null, null);
            await db.SaveChangesAsync();
        }

        var after = (await desk.Services.GetRequiredService<BoardService>().LoadAsync()).StayOf(stay)!;
        Assert.Equal(1, after.LateDoses(now, view.ToleranceMinutes));
    }

    [Fact]
    public async Task The_board_runs_the_same_few_queries_whatever_the_number_of_patients()
    {
        await using var desk = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var vet = await desk.NewVetAsync();
        for (var i = 0; i < 3; i++)
        {
            var stay = await desk.NewStayAsync(await desk.NewPetAsync(), vet, await desk.NewBedAsync());
            await desk.NewHospitalItemAsync(stay, desk.Time.UtcNow.AddHours(-3), everyHours: 2, days: 1);
        }

        var board = desk.Services.GetRequiredService<BoardService>();
        int few;
        using (var log = new CommandLog(_app))
        {
            await board.LoadAsync();
            few = log.Commands.Count(c => c.Contains("-- Board.", StringComparison.Ordinal));
        }

        for (var i = 0; i < 5; i++)
        {
            await desk.NewStayAsync(await desk.NewPetAsync(), vet, await desk.NewBedAsync());
        }

        using var again = new CommandLog(_app);
        await board.LoadAsync();
        Assert.Equal(7, few);
        Assert.Equal(few, again.Commands.Count(c => c.Contains("-- Board.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Another_hospitals_board_never_shows_these_stays()
    {
        await using var aurora = await AsAsync(_app, "aurora", Roles.Veterinarian);
        await using var boavista = await AsAsync(_app, "boavista", Roles.Veterinarian);
        var bed = await aurora.NewBedAsync();
        var stay = await aurora.NewStayAsync(await aurora.NewPetAsync(), await aurora.NewVetAsync(), bed);

        var theirs = await boavista.Services.GetRequiredService<BoardService>().LoadAsync();
        var ours = await aurora.Services.GetRequiredService<BoardService>().LoadAsync();

        Assert.NotNull(ours.StayOf(stay));
        Assert.Null(theirs.StayOf(stay));
        Assert.DoesNotContain(theirs.Wards.SelectMany(w => w.Beds), b => b.Id == bed);
    }

    [Fact]
    public async Task The_prerendered_board_carries_its_cards_and_their_state_from_a_single_load()
    {
        await using var desk = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var stay = await desk.NewStayAsync(await desk.NewPetAsync(name: "Paçoca"), await desk.NewVetAsync(), await desk.NewBedAsync());
        using var http = new Http(_app.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", "nurse@aurora.vet")).StatusCode);
        using var log = new CommandLog(_app);

        var response = await http.GetAsync("aurora/board");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"board-card-{stay}", html, StringComparison.Ordinal);
        Assert.Contains("Paçoca", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("Blazor-Server-Component-State", html, StringComparison.Ordinal); // handed to the circuit
        Assert.Equal(1, log.Commands.Count(c => c.Contains($"-- {BoardService.StaysTag}", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("nurse@aurora.vet", "aurora/hospitalizations/{0}", "Hospitalizations")]
    [InlineData("admin@aurora.vet", "aurora/admin/wards", "Wards")]
    public async Task The_stay_page_and_the_wards_page_run_no_data_query_while_prerendering(string user, string path, string table)
    {
        await using var desk = await AsAsync(_app, "aurora", Roles.Veterinarian);
        var stay = await desk.NewStayAsync(await desk.NewPetAsync(), await desk.NewVetAsync(), null);
        using var http = new Http(_app.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync("aurora", user)).StatusCode);
        using var log = new CommandLog(_app);

        var response = await http.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, stay));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("mud-skeleton", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, log.CountTouching(table));
        Assert.NotEmpty(log.Commands);
    }

    private static async Task AddVitalsAsync(Desk desk, Guid stayId, Guid petId, DateTime at, decimal? temperature, int? heartRate)
    {
        await using var db = await desk.Services.GetRequiredService<ClinicDbFactory>().CreateDbContextAsync();
        db.VitalSigns.Add(new VitalSigns { PetId = petId, HospitalizationId = stayId, TakenAt = at, TakenByName = "Enf. Carla", TemperatureC = temperature, HeartRate = heartRate });
        await db.SaveChangesAsync();
    }
}
